"""Partial refunds through the gateway that took the money (issue 9, item 3), and
gateway payments that can be refunded but never deleted."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from apps.accounts.services import api_key_create
from apps.invoices.models import Invoice, InvoiceEvent
from apps.payments.gateways.base import card_clean
from apps.payments.models import Payment, SandboxCharge
from apps.payments.services import payment_charge, payment_delete, payment_refund
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db

CARD = card_clean(number="4111111111111111", expiry="12/39", cvc="123")


def _card_payment(**kwargs) -> Payment:
    invoice = InvoiceFactory(sent=True, **kwargs)
    return payment_charge(invoice=invoice, amount="100.00", card=CARD).payment


def test_staff_page_partial_refunds_move_the_balance_by_exactly_that(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    payment = _card_payment()
    url = f"/payments/{payment.pk}/refund/"
    page = staff_client.get(payment.get_absolute_url()).content.decode()
    assert 'name="amount"' in page and 'value="100"' in page
    balances = []
    for amount in ("30.00", "45.50"):
        with django_capture_on_commit_callbacks(execute=True):
            assert staff_client.post(url, {"amount": amount}).status_code == 302
        payment.invoice.refresh_from_db()
        balances.append(payment.invoice.balance)
    assert balances == [Decimal("30.00"), Decimal("75.50")]
    payment.refresh_from_db()
    assert payment.invoice.status == Invoice.Status.PARTIALLY_PAID
    assert (payment.status, payment.refunded_amount) == (
        Payment.Status.SUCCEEDED,
        Decimal("75.50"),
    )
    # a third refund above what is left (24.50) is refused and changes nothing
    response = staff_client.post(url, {"amount": "25.00"}, follow=True)
    assert "cannot be more than what is left of this payment ($24.50)" in (
        response.content.decode()
    )
    payment.invoice.refresh_from_db()
    assert payment.invoice.balance == Decimal("75.50")
    refunds = SandboxCharge.objects.filter(kind="refund").order_by("id")
    assert [r.amount for r in refunds] == [Decimal("30.00"), Decimal("45.50")]
    assert {r.parent_transaction_id for r in refunds} == {payment.transaction_id}
    emails = [m for m in mailoutbox if m.subject.startswith("Refund on invoice")]
    assert len(emails) == 2 and "$45.50" in emails[1].body
    events = payment.invoice.events.filter(kind=InvoiceEvent.Kind.PAYMENT_REFUNDED)
    assert sorted(e.data["amount"] for e in events) == ["30.00", "45.50"]


def test_the_refund_that_completes_the_amount_takes_the_tip_along():
    payment = _card_payment(allow_tipping=True)
    payment_refund(payment=payment, amount="60")
    payment = payment_refund(payment=payment)  # the rest
    assert payment.status == Payment.Status.REFUNDED
    assert payment.refunded_amount == Decimal("100.00")
    with pytest.raises(ValidationError, match="Only a succeeded payment"):
        payment_refund(payment=payment, amount="1")


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "100.01"])
def test_refund_amount_must_be_positive_and_at_most_what_is_left(amount):
    payment = _card_payment()
    with pytest.raises(ValidationError) as caught:
        payment_refund(payment=payment, amount=amount)
    assert "amount" in caught.value.message_dict


def test_a_gateway_payment_cannot_be_deleted_only_refunded(staff_user):
    payment = _card_payment()
    with pytest.raises(ValidationError, match="cannot be deleted; refund it"):
        payment_delete(payment=payment, by=staff_user)
    payment.refresh_from_db()
    assert payment.deleted_at is None


def test_fusioninvoice_delete_of_a_card_payment_is_refused_in_its_envelope(
    staff_user,
):
    payment = _card_payment()
    api = Client(enforce_csrf_checks=True)
    key = api_key_create(user=staff_user).key
    response = api.delete(
        f"/api/v1/payments/{payment.pk}", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert 400 <= response.status_code < 500
    body = response.json()
    assert body["success"] is False and "refund it instead" in str(body)
    payment.invoice.refresh_from_db()
    assert payment.invoice.balance == Decimal("0")
