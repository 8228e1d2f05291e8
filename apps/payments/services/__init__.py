"""Every write to payments, as one public module: `rules` (whether money may move:
the payer's rules and the staff rules), `charging` (the gateway charge),
`recording` (money received outside the gateway), `settling` (a gateway's answer
written on an attempt; reconciliation) and `changes` (refund, delete,
bookkeeping). Each write locks the invoice row before it reads the balance: two
payments racing for the last dollar queue, and the second is refused."""

from .changes import (
    payment_custom_fields_set,
    payment_delete,
    payment_refund,
    payment_update,
)
from .charging import ChargeResult, IntentResult, payment_charge, payment_intent_start
from .recording import (
    payment_apply_credit_memo,
    payment_record,
    payment_settle_outside_gateway,
)
from .rules import payment_charge_check, payment_minimum, payment_record_check
from .settling import (
    payment_attempt_refresh,
    payment_gateway_event_process,
    payment_outcome_apply,
    payment_reconcile,
)

__all__ = [
    "ChargeResult",
    "payment_attempt_refresh",
    "IntentResult",
    "payment_apply_credit_memo",
    "payment_charge",
    "payment_charge_check",
    "payment_custom_fields_set",
    "payment_delete",
    "payment_gateway_event_process",
    "payment_intent_start",
    "payment_minimum",
    "payment_outcome_apply",
    "payment_reconcile",
    "payment_record",
    "payment_record_check",
    "payment_refund",
    "payment_settle_outside_gateway",
    "payment_update",
]
