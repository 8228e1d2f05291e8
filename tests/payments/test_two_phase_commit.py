"""The attempt is committed before the gateway is called, and the gateway is called
with no transaction open (so no invoice lock is held while it answers)."""

from decimal import Decimal

import pytest
from django.db import connection

from apps.payments.gateways import ChargeOutcome
from apps.payments.gateways.base import card_clean
from apps.payments.models import Payment
from apps.payments.services import payment_charge
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


class WitnessGateway:
    """Records what the database looked like while it was being asked."""

    name = "witness"
    takes_raw_cards = True
    seen: dict = {}

    def charge_card(self, *, card, amount, currency, reference, idempotency_key):
        attempt = Payment.objects.get(idempotency_key=idempotency_key)
        WitnessGateway.seen = {
            "in_transaction": connection.in_atomic_block,
            "status": attempt.status,
            "amount": attempt.amount,
            "key": idempotency_key,
        }
        return ChargeOutcome(True, 100, "Approved", "wit_1", "visa", "1111")

    def lookup(self, *, idempotency_key, transaction_id=""):  # pragma: no cover
        return None


def test_gateway_is_called_after_commit_outside_any_transaction(settings):
    settings.REMIT_CARD_GATEWAY = f"{__name__}.WitnessGateway"
    invoice = InvoiceFactory(sent=True)
    card = card_clean(number="4111111111111111", expiry="12/39", cvc="123")
    result = payment_charge(
        invoice=invoice, amount="100.00", card=card, idempotency_key="order-7"
    )
    assert WitnessGateway.seen == {
        "in_transaction": False,
        "status": Payment.Status.PROCESSING,
        "amount": Decimal("100.00"),
        "key": "order-7",
    }
    assert result.approved
