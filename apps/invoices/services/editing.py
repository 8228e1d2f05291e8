"""Creating and editing invoices: header fields, items, totals (from calculations.py)
and custom values. Each service is one transaction; edits lock the invoice row."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.audit.chain import changes, lines_diff
from apps.clients.models import Client
from apps.companies.models import CompanyProfile
from apps.companies.selectors import company_profile_get_default
from apps.companies.services import company_profile_next_sequence
from apps.core.custom_fields import custom_values_clean
from apps.core.money import ZERO

from .. import calculations
from ..documents import (
    clean_item,
    document_recalculate,
    header_errors,
    items_clean,
    items_store,
)
from ..history import TOTAL_FIELDS, identity_errors, lines_snapshot, snapshot
from ..models import Invoice, InvoiceEvent, InvoiceItem, PaymentMethod
from .lifecycle import _lock, _status_from_amounts, invoice_event_record, invoice_send

# Fields a caller may set on create or update; totals and facts are the services' own.
EDITABLE_FIELDS = (
    "client",
    "company_profile",
    "invoice_date",
    "due_date",
    "currency",
    "terms",
    "po_number",
    "summary",
    "notes",
    "footer",
    "message",
    "discount_type",
    "discount_value",
    "tax_percent",
    "shipping",
    "adjustment",
    "allow_tipping",
    "allow_partial_payment",
    "payment_methods",
    "number",
    "type",
    "extra",
)
_DEFAULT_METHODS = [PaymentMethod.CARD, PaymentMethod.ACH, PaymentMethod.MAIL]


def _validate_header(invoice: Invoice) -> None:
    errors = header_errors(invoice)
    if (
        invoice.invoice_date
        and invoice.due_date
        and invoice.due_date < invoice.invoice_date
    ):
        errors["due_date"] = "The due date cannot be before the invoice date."
    unknown = set(invoice.payment_methods or []) - set(PaymentMethod.values)
    if unknown:
        errors["payment_methods"] = (
            f"Unknown payment methods: {', '.join(sorted(map(str, unknown)))}; "
            "use card, ach or mail."
        )
    if errors:
        raise ValidationError(errors)


def _apply_totals(invoice: Invoice, items: list[InvoiceItem]) -> None:
    document_recalculate(invoice, items)
    if invoice.total < invoice.amount_paid:
        raise ValidationError(
            f"This change would bring the total ({invoice.total}) "
            "below what has been paid "
            f"({invoice.amount_paid}); issue a credit memo instead."
        )
    invoice.balance = calculations.balance_due(
        total=invoice.total, paid=invoice.amount_paid, written_off=invoice.written_off
    )


@staff_write
@transaction.atomic
def invoice_create(
    *,
    client: Client,
    by=None,
    company_profile: CompanyProfile | None = None,
    invoice_date: dt.date | None = None,
    due_date: dt.date | None = None,
    currency: str | None = None,
    items: Iterable[Mapping] = (),
    status: str = Invoice.Status.DRAFT,
    custom: Mapping | None = None,
    **fields,
) -> Invoice:
    """Create an invoice with its items, numbered from its profile's locked counter.

    `status` may be `sent` for channels whose invoices are payable at once (FluidPay,
    TimeTap); anything else starts as a draft.

    Back-dating: `invoice_date` defaults to today, or to `due_date` when that is
    already past, so an invoice recorded after its due date is dated on it (FluidPay
    invoices carry only a due date). An explicit `invoice_date` is kept as given.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown invoice fields: {', '.join(sorted(unknown))}.")
    if client.deleted_at is not None:
        raise ValidationError({"client": "This client has been deleted."})
    profile = company_profile or company_profile_get_default()
    if profile is None:
        raise ValidationError(
            {"company_profile": "Create a company profile to invoice from first."}
        )
    if invoice_date is None:
        today = timezone.localdate()
        invoice_date = min(due_date, today) if due_date else today
    chosen_number = fields.pop("number", "") or ""
    sequence, number = company_profile_next_sequence(
        profile_id=profile.pk,
        kind="invoice",
        is_taken=lambda n: Invoice.objects.filter(
            company_profile=profile, number=n
        ).exists(),
    )
    invoice = Invoice(
        client=client,
        company_profile=profile,
        sequence=sequence,
        number=chosen_number or number,
        invoice_date=invoice_date,
        due_date=due_date
        or invoice_date + dt.timedelta(days=profile.payment_terms_days),
        currency=(
            currency or client.currency or profile.default_currency or ""
        ).upper(),
        terms=profile.default_terms,
        footer=profile.default_footer,
        payment_methods=list(_DEFAULT_METHODS),
        created_by=by,
        updated_by=by,
    )
    for name, value in fields.items():
        setattr(invoice, name, value)
    if custom:
        invoice.custom = custom_values_clean(module="invoices", values=dict(custom))
    _validate_header(invoice)
    if (
        chosen_number
        and Invoice.objects.filter(
            company_profile=profile, number=chosen_number
        ).exists()
    ):
        raise ValidationError(
            {"number": f"Invoice number {chosen_number} is already taken."}
        )
    cleaned = items_clean(InvoiceItem, items)
    _apply_totals(invoice, cleaned)
    invoice.full_clean(
        exclude=["client", "company_profile", "sequence", "created_by", "updated_by"]
    )
    invoice.save()
    items_store(invoice, cleaned, parent_field="invoice")
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.CREATED,
        actor=by,
        data={
            "fields": snapshot(invoice, (*IDENTITY_FIELDS, *TOTAL_FIELDS, "due_date")),
            "items": lines_snapshot(cleaned),
        },
    )
    if status == Invoice.Status.SENT:
        invoice = invoice_send(invoice=invoice, by=by)
    elif status != Invoice.Status.DRAFT:
        raise ValidationError({"status": "A new invoice is either a draft or sent."})
    return invoice


# Once an invoice leaves draft these make it the document the customer holds; a
# mistake in them is corrected by a credit note and a new invoice, never an edit.
IDENTITY_FIELDS = ("number", "client", "currency", "invoice_date")


def invoice_identity_check(*, invoice: Invoice, fields: Mapping) -> None:
    """Refuse a change to an issued invoice's number, client, currency or date.

    Raises ValidationError keyed by each field that would change. A draft may
    change any of them; a value equal to the current one is not a change."""
    if invoice.status == Invoice.Status.DRAFT:
        return
    errors = identity_errors(
        invoice, names=IDENTITY_FIELDS, values=fields, noun="invoice"
    )
    if errors:
        raise ValidationError(errors)


def _history_fields() -> tuple[str, ...]:
    return (*EDITABLE_FIELDS, *TOTAL_FIELDS, "custom")


@staff_write
@transaction.atomic
def invoice_update(
    *,
    invoice: Invoice,
    by=None,
    items: Iterable[Mapping] | None = None,
    custom: Mapping | None = None,
    **fields,
) -> Invoice:
    """Change header fields and, when `items` is given, replace the items.

    Paid and void invoices are read-only. A sent invoice keeps its identity
    (`invoice_identity_check`) but its amounts stay editable. Every change, draft
    or not, is recorded with each field's before and after, items line by line.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown invoice fields: {', '.join(sorted(unknown))}.")
    invoice = _lock(invoice)
    if not invoice.is_editable:
        raise ValidationError(
            f"This invoice is {invoice.get_status_display().lower()} "
            "and can no longer be edited; "
            "issue a credit memo to correct it."
        )
    invoice_identity_check(invoice=invoice, fields=fields)
    if "number" in fields and not fields["number"]:
        fields.pop("number")
    before = snapshot(invoice, _history_fields())
    lines_before = lines_snapshot(invoice.items.all())
    for name, value in fields.items():
        setattr(invoice, name, value)
    if invoice.client_id != before["client"] and invoice.amount_paid > ZERO:
        raise ValidationError(
            {"client": "An invoice with payments cannot move to another client."}
        )
    if invoice.number != before["number"] and (
        Invoice.objects.filter(
            company_profile=invoice.company_profile, number=invoice.number
        )
        .exclude(pk=invoice.pk)
        .exists()
    ):
        raise ValidationError(
            {"number": f"Invoice number {invoice.number} is already taken."}
        )
    if custom:
        invoice.custom = custom_values_clean(
            module="invoices", values=dict(custom), current=invoice.custom
        )
    _validate_header(invoice)
    if items is not None:
        cleaned = items_clean(InvoiceItem, items)
    else:
        cleaned = list(invoice.items.all())
    _apply_totals(invoice, cleaned)
    invoice.updated_by = by
    invoice.full_clean(
        exclude=["client", "company_profile", "created_by", "updated_by"]
    )
    invoice.save()
    if items is not None:
        invoice.items.all().delete()
        items_store(invoice, cleaned, parent_field="invoice")
    else:
        InvoiceItem.objects.bulk_update(
            cleaned, ["subtotal", "discount_amount", "tax_1", "tax_2", "total"]
        )
    data: dict = {}
    if changed := changes(before, snapshot(invoice, _history_fields())):
        data["changed"] = changed
    if lines := lines_diff(lines_before, lines_snapshot(cleaned)):
        data["items"] = lines
    if data:
        invoice_event_record(
            invoice=invoice, kind=InvoiceEvent.Kind.UPDATED, actor=by, data=data
        )
    _status_from_amounts(invoice)
    return invoice


@staff_write
@transaction.atomic
def invoice_item_add(*, invoice: Invoice, by=None, **item_fields) -> Invoice:
    """Append one item and recompute the totals."""
    invoice = _lock(invoice)
    if not invoice.is_editable:
        raise ValidationError(
            f"This invoice is {invoice.get_status_display().lower()} "
            "and can no longer be edited."
        )
    existing = list(invoice.items.all())
    position = item_fields.pop("position", None) or (
        max((i.position for i in existing), default=0) + 1
    )
    item = clean_item(InvoiceItem, item_fields, position=position)
    item.invoice = invoice
    before = snapshot(invoice, TOTAL_FIELDS)
    _apply_totals(invoice, [*existing, item])
    invoice.updated_by = by
    invoice.save()
    item.save()
    InvoiceItem.objects.bulk_update(
        existing, ["subtotal", "discount_amount", "tax_1", "tax_2", "total"]
    )
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.UPDATED,
        actor=by,
        data={
            "item_added": item.name,
            "items": {
                "added": [{"line": len(existing) + 1, **lines_snapshot([item])[0]}]
            },
            "changed": changes(before, snapshot(invoice, TOTAL_FIELDS)),
        },
    )
    _status_from_amounts(invoice)
    return invoice


@transaction.atomic
def invoice_extra_set(*, invoice: Invoice, values: Mapping) -> Invoice:
    """Merge vendor-only keys into `extra`. Allowed in any status: they carry no
    domain meaning (e.g. TimeTap's "Manual" subStatus after a manual status change)."""
    invoice = _lock(invoice)
    before = {"extra": invoice.extra or {}}
    invoice.extra = {**(invoice.extra or {}), **dict(values)}
    invoice.save(update_fields=["extra", "updated_at"])
    if changed := changes(before, {"extra": invoice.extra}):
        invoice_event_record(
            invoice=invoice, kind=InvoiceEvent.Kind.UPDATED, data={"changed": changed}
        )
    return invoice


@staff_write
@transaction.atomic
def invoice_custom_fields_set(*, invoice: Invoice, by=None, values: Mapping) -> Invoice:
    invoice = _lock(invoice)
    before = snapshot(invoice, ("custom",))
    invoice.custom = custom_values_clean(
        module="invoices", values=dict(values), current=invoice.custom
    )
    invoice.save(update_fields=["custom", "updated_at"])
    if changed := changes(before, snapshot(invoice, ("custom",))):
        invoice_event_record(
            invoice=invoice,
            kind=InvoiceEvent.Kind.UPDATED,
            actor=by,
            data={"changed": changed},
        )
    return invoice
