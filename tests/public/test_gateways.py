"""The gateway interface, the sandbox's triggers and the card checks made before any
gateway is called."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.payments.gateways import ChargeOutcome, GatewayError, gateway_for
from apps.payments.gateways.base import ach_clean, card_brand, card_clean, luhn_valid
from apps.payments.gateways.sandbox import APPROVING_CARDS, SandboxGateway
from apps.payments.models import Payment

from .helpers import pay, payable_invoice

TODAY = dt.date(2026, 6, 15)
pytestmark = pytest.mark.django_db  # the sandbox keeps its ledger in a table


def _key() -> str:
    return uuid.uuid4().hex


class RecordingGateway:
    """A stand-in for a real processor, plugged in by settings alone."""

    name = "recording"
    calls: list[dict] = []

    def charge_card(self, *, card, amount, currency, reference, idempotency_key):
        self.calls.append(
            {
                "card": card,
                "amount": amount,
                "currency": currency,
                "reference": reference,
            }
        )
        return ChargeOutcome(True, 100, "Approved", "rec_123", "visa", card.number[-4:])

    def charge_ach(
        self, *, ach, amount, currency, reference, idempotency_key
    ):  # pragma: no cover - unused
        raise GatewayError("not used")


def _card(number: str, **kwargs):
    return card_clean(number=number, expiry="12/30", cvc="123", today=TODAY, **kwargs)


@pytest.mark.parametrize("number", sorted(APPROVING_CARDS))
def test_sandbox_approves_each_test_card(number):
    cvc = "1234" if card_brand(number) == "amex" else "123"
    card = card_clean(number=number, expiry="12/30", cvc=cvc, today=TODAY)
    outcome = SandboxGateway().charge_card(
        card=card,
        amount=Decimal("10.00"),
        currency="USD",
        reference="X",
        idempotency_key=_key(),
    )
    assert (outcome.approved, outcome.response_code, outcome.last4) == (
        True,
        100,
        number[-4:],
    )
    assert outcome.transaction_id.startswith("sbx_") and outcome.card_brand


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("10.01", 200),
        ("10.02", 202),
        ("10.03", 223),
        ("10.50", 300),
        ("10.00", 100),
        ("10.51", 100),
    ],
)
def test_sandbox_amount_triggers(amount, code):
    gateway = SandboxGateway()
    card = _card("4111111111111111")
    card_outcome = gateway.charge_card(
        card=card,
        amount=Decimal(amount),
        currency="USD",
        reference="X",
        idempotency_key=_key(),
    )
    ach = ach_clean(
        routing_number="011000015", account_number="123456789", account_type="checking"
    )
    ach_outcome = gateway.charge_ach(
        ach=ach,
        amount=Decimal(amount),
        currency="USD",
        reference="X",
        idempotency_key=_key(),
    )
    assert card_outcome.response_code == ach_outcome.response_code == code
    assert card_outcome.approved is ach_outcome.approved is (code == 100)


def test_sandbox_times_out_on_04_and_declines_the_declining_card():
    gateway = SandboxGateway()
    with pytest.raises(GatewayError, match="did not answer"):
        gateway.charge_card(
            card=_card("4111111111111111"),
            amount=Decimal("7.04"),
            currency="USD",
            reference="X",
            idempotency_key=_key(),
        )
    declining = _card("4000000000000002")
    outcome = gateway.charge_card(
        card=declining,
        amount=Decimal("10.00"),
        currency="USD",
        reference="X",
        idempotency_key=_key(),
    )
    assert (outcome.approved, outcome.response_code) == (False, 200)


def test_sandbox_refuses_a_real_card_number():
    card = _card("4242424242424242")  # valid, but not one of the sandbox's test cards
    outcome = SandboxGateway().charge_card(
        card=card,
        amount=Decimal("10.00"),
        currency="USD",
        reference="X",
        idempotency_key=_key(),
    )
    assert (outcome.approved, outcome.response_code) == (False, 220)


@pytest.mark.parametrize(
    ("number", "expiry", "cvc", "field", "message"),
    [
        ("4111111111111112", "12/30", "123", "card_number", "not valid"),  # Luhn
        ("4111 1111 1111", "12/30", "123", "card_number", "not valid"),  # too short
        ("9999999999999995", "12/30", "123", "card_number", "brand is not accepted"),
        ("4111111111111111", "05/26", "123", "expiry", "expired"),
        ("4111111111111111", "13/30", "123", "expiry", "MM/YY"),
        ("4111111111111111", "1230", "123", "expiry", "MM/YY"),
        ("4111111111111111", "12/30", "12", "cvc", "3-digit"),
        ("378282246310005", "12/30", "123", "cvc", "4-digit"),
    ],
)
def test_card_checks(number, expiry, cvc, field, message):
    assert luhn_valid("9999999999999995")
    with pytest.raises(ValidationError) as caught:
        card_clean(number=number, expiry=expiry, cvc=cvc, today=TODAY)
    assert message in " ".join(caught.value.message_dict[field])


def test_card_expiring_this_month_is_accepted_and_spaces_are_ignored():
    card = card_clean(
        number="4111 1111-1111 1111", expiry="06/2026", cvc="123", today=TODAY
    )
    assert (card.number, card.exp_month, card.exp_year) == ("4111111111111111", 6, 2026)
    assert "4111111111111111" not in repr(card) and "123" not in repr(card)
    assert repr(card) == "CardDetails(brand=visa, last4=1111)"


def test_ach_checks():
    with pytest.raises(ValidationError) as caught:
        ach_clean(routing_number="011000016", account_number="12", account_type="loan")
    assert set(caught.value.message_dict) == {
        "routing_number",
        "account_number",
        "account_type",
    }


def test_gateway_is_chosen_per_method_by_settings(settings):
    settings.REMIT_CARD_GATEWAY = "tests.public.test_gateways.RecordingGateway"
    settings.REMIT_ACH_GATEWAY = "sandbox"
    assert isinstance(gateway_for("card"), RecordingGateway)
    assert isinstance(gateway_for("ach"), SandboxGateway)
    settings.REMIT_ACH_GATEWAY = "paypal"
    with pytest.raises(GatewayError, match="No payment gateway named 'paypal'"):
        gateway_for("ach")
    settings.REMIT_ACH_GATEWAY = "tests.public.nowhere.Gateway"
    with pytest.raises(GatewayError, match="No payment gateway named"):
        gateway_for("ach")


@pytest.mark.django_db
def test_a_plugged_in_gateway_serves_the_hosted_page_unchanged(client, settings):
    settings.REMIT_CARD_GATEWAY = "tests.public.test_gateways.RecordingGateway"
    RecordingGateway.calls = []
    invoice = payable_invoice(allow_tipping=True)
    response = pay(client, invoice, tip_choice="10", card_number="4242424242424242")
    assert response.status_code == 302
    (call,) = RecordingGateway.calls
    assert call["amount"] == Decimal("110.00") and isinstance(call["amount"], Decimal)
    assert (call["currency"], call["reference"], call["card"].number) == (
        "USD",
        invoice.number,
        "4242424242424242",
    )
    payment = Payment.objects.get(invoice=invoice)
    assert (payment.gateway, payment.transaction_id, payment.card_last4) == (
        "recording",
        "rec_123",
        "4242",
    )
