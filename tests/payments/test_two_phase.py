"""Two-phase payments (issue 10): the attempt is committed before the gateway is
called with its key, an unknown outcome waits for reconciliation, a retry with the
same key never charges twice, and ACH is pending until it settles or comes back."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from apps.invoices.models import Invoice, InvoiceEvent
from apps.payments.gateways import ChargeOutcome
from apps.payments.gateways.base import ach_clean, card_clean
from apps.payments.models import Payment, SandboxCharge
from apps.payments.services import (
    payment_charge,
    payment_charge_check,
    payment_outcome_apply,
    payment_reconcile,
    payment_record,
)
from apps.payments.tasks import payment_reconcile_task
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db

CARD = card_clean(number="4111111111111111", expiry="12/39", cvc="123")


def _ach(account="123456789"):
    return ach_clean(
        routing_number="011000015", account_number=account, account_type="checking"
    )


def _invoice(**kwargs):
    kwargs.setdefault("payment_methods", ["card", "ach"])
    return InvoiceFactory(sent=True, **kwargs)


def _reconcile() -> str:
    out = StringIO()
    call_command("reconcile_payments", stdout=out)
    return out.getvalue()


def test_lost_answer_stays_processing_and_reconciliation_applies_it_once():
    invoice = _invoice(allow_partial_payment=True)
    result = payment_charge(
        invoice=invoice, amount="40.04", card=CARD, idempotency_key="lost-1"
    )
    assert result.unknown and result.payment.status == Payment.Status.PROCESSING
    invoice.refresh_from_db()
    assert invoice.amount_paid == 0 and invoice.balance == Decimal("100.00")
    # the processor did take it: one charge in its ledger, under the attempt's key
    assert SandboxCharge.objects.get(idempotency_key="lost-1").approved
    assert "settled 1" in _reconcile()
    assert "settled 0" in _reconcile()  # a second run changes nothing
    payment = Payment.objects.get()
    invoice.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert (invoice.amount_paid, invoice.balance) == (
        Decimal("40.04"),
        Decimal("59.96"),
    )
    assert invoice.events.filter(kind=InvoiceEvent.Kind.PAYMENT).count() == 1


def test_retry_with_the_same_key_charges_nothing_new():
    invoice = _invoice(allow_partial_payment=True)
    first = payment_charge(
        invoice=invoice, amount="40.04", card=CARD, idempotency_key="k"
    )
    again = payment_charge(
        invoice=invoice, amount="40.04", card=CARD, idempotency_key="k"
    )
    # the retry drove the same key to the gateway, which answered the first charge
    assert again.replayed and again.payment.pk == first.payment.pk
    assert again.payment.status == Payment.Status.SUCCEEDED
    assert SandboxCharge.objects.count() == 1
    third = payment_charge(
        invoice=invoice, amount="40.04", card=CARD, idempotency_key="k"
    )
    assert third.replayed and SandboxCharge.objects.count() == 1
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("40.04")


def test_unsettled_money_holds_back_the_balance():
    invoice = _invoice(allow_partial_payment=True)
    payment_charge(invoice=invoice, amount="60.04", card=CARD)  # unknown
    with pytest.raises(ValidationError) as caught:
        payment_charge(invoice=invoice, amount="50.00", card=CARD)
    assert "still being confirmed (39.96 USD)" in caught.value.message_dict["amount"][0]
    assert payment_charge(invoice=invoice, amount="39.96", card=CARD).approved
    full_only = _invoice()
    payment_charge(invoice=full_only, amount="100.00", ach=_ach())  # pending
    with pytest.raises(ValidationError, match="still being confirmed"):
        payment_charge_check(invoice=full_only, amount="100.00", method="card")


def _processing(invoice, key="attempt-1", amount="100.00"):
    return Payment.objects.create(
        invoice=invoice,
        client=invoice.client,
        amount=Decimal(amount),
        currency="USD",
        method="card",
        status=Payment.Status.PROCESSING,
        paid_at=invoice.invoice_date,
        gateway="sandbox",
        idempotency_key=key,
    )


def test_approved_money_that_no_longer_fits_is_refunded_at_once(
    django_capture_on_commit_callbacks,
):
    invoice = _invoice()
    unknown = _processing(invoice)
    payment_record(invoice=invoice, amount="100.00", method="check")  # staff
    outcome = ChargeOutcome(True, 100, "Approved", "sbx_late")
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_outcome_apply(payment=unknown, outcome=outcome)
    assert payment.status == Payment.Status.REFUNDED
    assert "no longer had this balance" in payment.response_text
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("100.00")  # not 200: never overpaid
    refund = SandboxCharge.objects.get(kind="refund")
    assert (refund.parent_transaction_id, refund.amount) == ("sbx_late", Decimal("100"))


def test_ach_is_pending_then_settles_on_reconciliation():
    invoice = _invoice()
    result = payment_charge(invoice=invoice, amount="100.00", ach=_ach())
    assert result.payment.status == Payment.Status.PENDING
    invoice.refresh_from_db()
    assert (invoice.status, invoice.balance) == (Invoice.Status.SENT, Decimal("100"))
    payment_reconcile_task.enqueue()  # the periodic task does the same
    invoice.refresh_from_db()
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    assert (invoice.status, invoice.balance) == (Invoice.Status.PAID, Decimal("0"))


def test_ach_from_an_account_ending_0002_comes_back_r01(
    mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.REMIT_STAFF_NOTIFY_EMAILS = ["books@example.com"]
    invoice = _invoice()
    payment_charge(invoice=invoice, amount="100.00", ach=_ach("9990002"))
    with django_capture_on_commit_callbacks(execute=True):
        _reconcile()
    payment = Payment.objects.get()
    invoice.refresh_from_db()
    assert (payment.status, payment.return_code) == (Payment.Status.RETURNED, "R01")
    assert (invoice.status, invoice.balance) == (Invoice.Status.SENT, Decimal("100"))
    event = invoice.events.get(kind=InvoiceEvent.Kind.PAYMENT_FAILED)
    assert event.data["return_code"] == "R01" and event.data["returned"] is True
    subjects = {(tuple(m.to), m.subject) for m in mailoutbox}
    assert (
        ("books@example.com",),
        f"Bank transfer returned on invoice {invoice.number}",
    ) in subjects
    assert any(invoice.client.email in m.to and "R01" in m.body for m in mailoutbox)
    # the balance is free again: the customer can pay another way
    assert payment_charge(invoice=invoice, amount="100.00", card=CARD).approved


def test_an_attempt_the_gateway_never_saw_fails_after_the_grace():
    invoice = _invoice()
    attempt = _processing(invoice, key="never-sent")
    assert payment_reconcile()["unchanged"] == 1  # may still be on its way
    call_command("reconcile_payments", "--grace=0", stdout=StringIO())
    attempt.refresh_from_db()
    assert attempt.status == Payment.Status.FAILED
    assert "never received" in attempt.response_text
