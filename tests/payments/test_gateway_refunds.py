"""Refunds of gateway charges go back through the gateway that took them; a refusal
or an unreachable gateway changes nothing. A gateway that cannot be loaded is a
failed attempt, and `manage.py check` reports it before anyone pays."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from apps.invoices.models import Invoice, InvoiceEvent
from apps.payments.gateways import ChargeOutcome, GatewayError
from apps.payments.gateways.base import card_clean
from apps.payments.models import Payment
from apps.payments.services import payment_charge, payment_refund
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db

CARD = "4111111111111111"


class RefusingGateway:
    """A processor that approves charges and refuses or fails refunds."""

    name = "refusing"
    refund_error: Exception | None = None
    refunds: list[dict] = []

    def charge_card(self, *, card, amount, currency, reference, idempotency_key):
        return ChargeOutcome(True, 100, "Approved", "ref_1", "visa", card.number[-4:])

    def charge_ach(self, *, ach, amount, currency, reference, idempotency_key):
        raise GatewayError("not used")

    def refund(self, *, transaction_id, amount, currency, idempotency_key):
        self.refunds.append({"transaction_id": transaction_id, "amount": amount})
        if self.refund_error:
            raise self.refund_error
        return ChargeOutcome(False, 201, "Refund window closed")


def _charge(invoice, amount="100.00", tip="0"):
    card = card_clean(number=CARD, expiry="12/39", cvc="123")
    return payment_charge(
        invoice=invoice,
        amount=Decimal(amount),
        tip=Decimal(tip),
        card=card,
    ).payment


def test_sandbox_refund_goes_through_the_gateway_and_is_recorded():
    invoice = InvoiceFactory(sent=True, allow_tipping=True)
    payment = _charge(invoice, tip="5.00")
    payment_refund(payment=payment)
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert (invoice.amount_paid, invoice.tip_total, invoice.status) == (
        Decimal("0"),
        Decimal("0"),
        Invoice.Status.SENT,
    )
    event = invoice.events.get(kind=InvoiceEvent.Kind.PAYMENT_REFUNDED)
    assert event.data["refund_transaction"].startswith("sbx_")


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (None, r"refused the refund \(201: Refund window closed\)"),
        (GatewayError("timeout"), "could not be reached"),
    ],
)
def test_a_refused_or_failed_refund_changes_nothing(settings, error, message):
    settings.REMIT_CARD_GATEWAY = "tests.payments.test_gateway_refunds.RefusingGateway"
    RefusingGateway.refund_error, RefusingGateway.refunds = error, []
    invoice = InvoiceFactory(sent=True)
    payment = _charge(invoice)
    assert payment.gateway == "refusing"
    with pytest.raises(ValidationError, match=message):
        payment_refund(payment=payment)
    assert RefusingGateway.refunds == [
        {"transaction_id": "ref_1", "amount": Decimal("100.00")}
    ]
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED
    assert invoice.status == Invoice.Status.PAID and invoice.balance == 0


def test_a_hand_recorded_payment_is_refunded_without_a_gateway(settings):
    settings.REMIT_CARD_GATEWAY = "nowhere"  # would fail if a gateway were asked
    from tests.factories.payments import PaymentFactory

    payment = PaymentFactory(amount=Decimal("10.00"))
    assert payment_refund(payment=payment).status == Payment.Status.REFUNDED


def test_an_unloadable_gateway_is_a_failed_attempt_not_an_error(settings):
    settings.REMIT_CARD_GATEWAY = "tests.payments.nowhere.Gateway"
    invoice = InvoiceFactory(sent=True)
    payment = _charge(invoice)
    invoice.refresh_from_db()
    assert (payment.status, payment.response_code) == (Payment.Status.FAILED, 301)
    assert payment.gateway == "tests.payments.nowhere.Gateway"[:30]
    assert invoice.balance == Decimal("100.00") and invoice.amount_paid == 0


def test_system_check_reports_an_unknown_gateway(settings):
    call_command("check")  # the default configuration passes
    settings.REMIT_ACH_GATEWAY = "paypal"
    with pytest.raises(SystemCheckError, match="payments.E001"):
        call_command("check")
