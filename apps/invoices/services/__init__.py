"""Every write to an invoice, as one public module: `editing` (create, update, items,
custom values), `lifecycle` (send, view, void, write off, delete, and the amounts
payments move), `credit_notes` (credit notes made from an invoice, and credit
refunded to the customer), `status` (the state machine's one entry point,
`invoice_status_set`, and the composite writes built on it) and `tax_rates` (the
named rates items pick from)."""

from .credit_notes import (
    credit_note_create_from_invoice,
    credit_note_creditable,
    credit_note_refund,
)
from .editing import (
    EDITABLE_FIELDS,
    IDENTITY_FIELDS,
    invoice_create,
    invoice_custom_fields_set,
    invoice_extra_set,
    invoice_item_add,
    invoice_update,
)
from .lifecycle import (
    invoice_charge_failed_record,
    invoice_delete,
    invoice_event_record,
    invoice_lock,
    invoice_mark_awaiting_mail,
    invoice_mark_emailed,
    invoice_mark_viewed,
    invoice_payment_apply,
    invoice_payment_flags_clear,
    invoice_payment_reverse,
    invoice_reopen,
    invoice_send,
    invoice_void,
    invoice_write_off,
)
from .status import (
    invoice_cancel,
    invoice_mark_downloaded,
    invoice_reactivate,
    invoice_status_set,
    invoice_update_with_status,
)
from .tax_rates import tax_rate_create, tax_rate_update

__all__ = [
    "EDITABLE_FIELDS",
    "IDENTITY_FIELDS",
    "invoice_create",
    "invoice_update",
    "invoice_item_add",
    "invoice_extra_set",
    "invoice_custom_fields_set",
    "invoice_event_record",
    "invoice_lock",
    "invoice_send",
    "invoice_mark_emailed",
    "invoice_mark_viewed",
    "invoice_mark_awaiting_mail",
    "invoice_void",
    "invoice_reopen",
    "invoice_payment_flags_clear",
    "invoice_write_off",
    "invoice_delete",
    "invoice_status_set",
    "invoice_cancel",
    "credit_note_create_from_invoice",
    "credit_note_creditable",
    "credit_note_refund",
    "invoice_update_with_status",
    "invoice_reactivate",
    "invoice_mark_downloaded",
    "invoice_payment_apply",
    "invoice_payment_reverse",
    "invoice_charge_failed_record",
    "tax_rate_create",
    "tax_rate_update",
]
