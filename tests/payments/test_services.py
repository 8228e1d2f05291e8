from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.invoices.models import Invoice
from apps.invoices.services import invoice_mark_awaiting_mail, invoice_void
from apps.payments.gateways.base import card_clean
from apps.payments.gateways.sandbox import SandboxGateway
from apps.payments.models import Payment
from apps.payments.services import (
    payment_apply_credit_memo,
    payment_charge,
    payment_delete,
    payment_record,
    payment_refund,
    payment_settle_outside_gateway,
)
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db


def test_payment_record_applies_to_the_balance(company, staff_user):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    payment = payment_record(
        invoice=invoice, amount="25.505", method="check", reference="#12", by=staff_user
    )
    invoice.refresh_from_db()
    assert payment.amount == Decimal("25.51")  # rounded to cents, half-up
    assert (invoice.amount_paid, invoice.balance) == (
        Decimal("25.51"),
        Decimal("74.49"),
    )


def test_payment_above_the_balance_refused_and_nothing_written(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    with pytest.raises(ValidationError) as exc:
        payment_record(invoice=invoice, amount=Decimal("100.01"), method="cash")
    assert "amount" in exc.value.message_dict
    invoice.refresh_from_db()
    assert not Payment.objects.exists()
    assert (invoice.amount_paid, invoice.balance, invoice.status) == (
        0,
        Decimal("100.00"),
        Invoice.Status.SENT,
    )


def test_payment_on_void_invoice_refused(company):
    invoice = invoice_void(invoice=InvoiceFactory(company_profile=company, sent=True))
    with pytest.raises(ValidationError, match="void"):
        payment_record(invoice=invoice, amount=Decimal("1.00"), method="cash")
    assert not Payment.objects.exists()


def test_payment_unknown_method_refused(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    with pytest.raises(ValidationError):
        payment_record(invoice=invoice, amount=Decimal("1.00"), method="bitcoin")


def test_payment_refund_restores_the_balance(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    payment = PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    payment_refund(payment=payment)
    invoice.refresh_from_db()
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert (invoice.amount_paid, invoice.balance, invoice.status) == (
        0,
        Decimal("100.00"),
        Invoice.Status.SENT,
    )
    with pytest.raises(ValidationError):
        payment_refund(payment=payment)


def test_card_charge_keeps_only_brand_and_last4(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    card = card_clean(number="4111 1111 1111 1111", expiry="12/39", cvc="123")
    result = payment_charge(
        invoice=invoice, amount=Decimal("100.00"), card=card, idempotency_key="k1"
    )
    assert result.approved
    payment = result.payment
    assert (payment.card_brand, payment.card_last4) == ("visa", "1111")
    stored = " ".join(
        str(v) for v in Payment.objects.filter(pk=payment.pk).values().first().values()
    )
    assert "4111111111111111" not in stored and "123" not in stored.replace(
        str(payment.pk), ""
    )
    replay = payment_charge(
        invoice=invoice, amount=Decimal("100.00"), card=card, idempotency_key="k1"
    )
    assert replay.replayed and Payment.objects.count() == 1


def test_declined_charge_changes_no_balance(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    card = card_clean(number="4000000000000002", expiry="12/39", cvc="123")
    result = payment_charge(invoice=invoice, amount=Decimal("100.00"), card=card)
    invoice.refresh_from_db()
    assert not result.approved and result.payment.status == Payment.Status.DECLINED
    assert (
        invoice.balance == Decimal("100.00")
        and invoice.last_charge_failed_at is not None
    )


VISA = card_clean(number="4111111111111111", expiry="12/39", cvc="123")


@pytest.fixture
def gateway_calls(monkeypatch):
    """Every call that reaches the sandbox gateway, as (method, amount)."""
    calls = []
    charge_card = SandboxGateway.charge_card

    def spy(self, **kwargs):
        calls.append(("card", kwargs["amount"]))
        return charge_card(self, **kwargs)

    monkeypatch.setattr(SandboxGateway, "charge_card", spy)
    return calls


def test_payment_charge_refused_by_the_rules_reaches_no_gateway(gateway_calls):
    invoice = InvoiceFactory(sent=True, allow_partial_payment=True)
    with pytest.raises(ValidationError) as exc:
        payment_charge(invoice=invoice, amount="0.25", tip="5.00", card=VISA)
    assert set(exc.value.message_dict) == {"amount", "tip"}
    assert gateway_calls == [] and not Payment.objects.exists()
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("100.00")


def test_payment_charge_checks_the_balance_the_payer_saw(gateway_calls):
    invoice = InvoiceFactory(sent=True)
    with pytest.raises(ValidationError) as exc:
        payment_charge(
            invoice=invoice, amount="100.00", card=VISA, balance_seen="90.00"
        )
    assert list(exc.value.message_dict) == ["balance_seen"]
    assert gateway_calls == []
    result = payment_charge(
        invoice=invoice, amount="100.00", card=VISA, balance_seen="100.00"
    )
    assert result.approved and gateway_calls == [("card", Decimal("100.00"))]


def test_payment_charge_sends_a_draft_first_and_a_refused_draft_stays_one():
    draft = InvoiceFactory()
    with pytest.raises(ValidationError):
        payment_charge(invoice=draft, amount="40.00", card=VISA)  # no partial
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.DRAFT
    assert payment_charge(invoice=draft, amount="100.00", card=VISA).approved
    draft.refresh_from_db()
    assert (draft.status, draft.sent_at is not None) == (Invoice.Status.PAID, True)


def test_payment_delete_gives_a_succeeded_amount_back_once():
    invoice = InvoiceFactory(sent=True)
    payment = payment_record(invoice=invoice, amount=Decimal("40.00"), method="cash")
    payment_delete(payment=payment)
    payment_delete(payment=payment)  # a second delete changes nothing
    invoice.refresh_from_db()
    payment.refresh_from_db()
    assert payment.deleted_at is not None
    assert (invoice.amount_paid, invoice.balance, invoice.status) == (
        Decimal("0"),
        Decimal("100.00"),
        Invoice.Status.SENT,
    )


def test_payment_delete_of_a_declined_attempt_leaves_the_balance():
    invoice = InvoiceFactory(sent=True)
    payment_record(invoice=invoice, amount=Decimal("30.00"), method="cash")
    declined = payment_charge(
        invoice=invoice,
        amount="70.00",
        card=card_clean(number="4000000000000002", expiry="12/39", cvc="123"),
    ).payment
    payment_delete(payment=declined)
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("70.00")


def _memo(invoice, **kwargs):
    return InvoiceFactory(
        sent=True, client=invoice.client, type=Invoice.Type.CREDIT_MEMO, **kwargs
    )


def test_payment_apply_credit_memo_reduces_both_balances():
    invoice = InvoiceFactory(sent=True)
    memo = _memo(invoice)
    payment = payment_apply_credit_memo(
        invoice=invoice, credit_memo=memo, amount=Decimal("30.00")
    )
    invoice.refresh_from_db()
    memo.refresh_from_db()
    assert (payment.method, payment.credit_memo_id, payment.reference) == (
        Payment.Method.CREDIT_MEMO,
        memo.pk,
        memo.number,
    )
    assert (invoice.balance, memo.balance) == (Decimal("70.00"), Decimal("70.00"))


def _itself(invoice):
    return invoice, Decimal("10.00")


def _draft_memo(invoice):
    return InvoiceFactory(client=invoice.client, type=Invoice.Type.CREDIT_MEMO), 10


def _other_clients_memo(invoice):
    return InvoiceFactory(sent=True, type=Invoice.Type.CREDIT_MEMO), 10


def _more_than_the_memo(invoice):
    return _memo(invoice, items=[item_data(quantity=Decimal("1"))]), 60  # 50.00


def _more_than_the_invoice(invoice):
    return _memo(invoice, items=[item_data(quantity=Decimal("4"))]), 150  # 200.00


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (_itself, "credit_memo"),
        (_draft_memo, "credit_memo"),
        (_other_clients_memo, "credit_memo"),
        (_more_than_the_memo, "amount"),
        (_more_than_the_invoice, "amount"),
    ],
)
def test_payment_apply_credit_memo_refusals_write_nothing(make, field):
    invoice = InvoiceFactory(sent=True)
    memo, amount = make(invoice)
    with pytest.raises(ValidationError) as exc:
        payment_apply_credit_memo(
            invoice=invoice, credit_memo=memo, amount=Decimal(amount)
        )
    assert field in exc.value.message_dict
    invoice.refresh_from_db()
    assert not Payment.objects.exists() and invoice.balance == Decimal("100.00")


def test_payment_settle_outside_gateway_records_the_balance_as_other():
    invoice = InvoiceFactory(sent=True)
    payment_record(invoice=invoice, amount=Decimal("25.00"), method="cash")
    payment = payment_settle_outside_gateway(
        invoice=invoice, by=None, source=Payment.Source.API, note="Settled"
    )
    invoice.refresh_from_db()
    assert (payment.amount, payment.method, payment.source, payment.note) == (
        Decimal("75.00"),
        Payment.Method.OTHER,
        Payment.Source.API,
        "Settled",
    )
    assert invoice.status == Invoice.Status.PAID and invoice.balance == 0


def test_payment_settle_outside_gateway_by_mail_when_the_payer_chose_mail():
    invoice = invoice_mark_awaiting_mail(invoice=InvoiceFactory(sent=True))
    payment = payment_settle_outside_gateway(
        invoice=invoice, by=None, source=Payment.Source.STAFF
    )
    assert (payment.method, payment.amount) == (Payment.Method.MAIL, Decimal("100.00"))


def test_payment_settle_outside_gateway_sends_a_draft_first():
    draft = InvoiceFactory()
    payment_settle_outside_gateway(invoice=draft, by=None, source=Payment.Source.API)
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.PAID


@pytest.mark.parametrize("state", ["void", "paid"])
def test_payment_settle_outside_gateway_refuses_a_closed_invoice(state):
    invoice = InvoiceFactory(sent=True)
    if state == "void":
        invoice_void(invoice=invoice)
    else:
        payment_record(invoice=invoice, amount=Decimal("100.00"), method="cash")
    with pytest.raises(ValidationError) as exc:
        payment_settle_outside_gateway(
            invoice=invoice, by=None, source=Payment.Source.API
        )
    assert list(exc.value.message_dict) == ["__all__"]
    assert Payment.objects.filter(method=Payment.Method.OTHER).count() == 0
