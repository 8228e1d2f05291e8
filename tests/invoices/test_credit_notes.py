"""Credit notes made from an invoice, applied and refunded; write-offs with a
reason; deleting only drafts (apps/invoices/services/credit_notes.py, lifecycle.py,
status.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.invoices.models import CreditNoteRefund, Invoice, InvoiceEvent
from apps.invoices.services import (
    credit_note_create_from_invoice,
    credit_note_creditable,
    credit_note_refund,
    invoice_cancel,
    invoice_delete,
    invoice_write_off,
)
from apps.payments.services import payment_apply_credit_memo
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db


def _invoice(**kwargs) -> Invoice:
    """Two items with tax, a document discount and tax, shipping: 100 + 30 lines."""
    return InvoiceFactory(
        sent=True,
        items=[
            item_data(name="Design", quantity=Decimal("2"), tax_rate=Decimal("10")),
            item_data(
                name="Hosting",
                quantity=Decimal("1"),
                unit_price=Decimal("30.00"),
                discount_type="percent",
                discount_value=Decimal("10"),
                tax_rate=Decimal("20"),
            ),
        ],
        discount_type="flat",
        discount_value=Decimal("7.00"),
        tax_percent=Decimal("5"),
        shipping=Decimal("4.00"),
        **kwargs,
    )


def test_credit_note_create_from_invoice_full_matches_the_invoice(staff_user):
    invoice = _invoice()
    note = credit_note_create_from_invoice(invoice=invoice, by=staff_user)
    assert note.type == Invoice.Type.CREDIT_MEMO
    assert note.status == Invoice.Status.SENT
    assert note.corrects == invoice
    assert (note.client, note.currency, note.company_profile) == (
        invoice.client,
        invoice.currency,
        invoice.company_profile,
    )
    assert (note.subtotal, note.discount_total, note.tax_total, note.total) == (
        invoice.subtotal,
        invoice.discount_total,
        invoice.tax_total,
        invoice.total,
    )
    assert note.balance == invoice.total  # all of it available as credit
    assert note.number != invoice.number
    assert not note.is_payable and not note.is_open and note.has_credit_available
    assert note.balance_due is None
    event = invoice.events.get(kind=InvoiceEvent.Kind.CREDITED)
    assert event.data["credit_note"] == note.pk
    assert credit_note_creditable(invoice=invoice) == Decimal("0.00")


def test_credit_note_create_from_chosen_lines_credits_what_was_charged(staff_user):
    invoice = _invoice()
    hosting = invoice.items.get(name="Hosting")
    note = credit_note_create_from_invoice(
        invoice=invoice, lines=[hosting.pk], by=staff_user
    )
    line = note.items.get()
    assert line.name == "Hosting"
    assert line.total == hosting.total  # same discount share and taxes
    assert note.shipping == Decimal("0")
    assert note.total < invoice.total


def test_credit_note_create_for_an_amount_is_one_untaxed_line(staff_user):
    invoice = _invoice()
    note = credit_note_create_from_invoice(
        invoice=invoice, amount=Decimal("25.005"), reason="Late", by=staff_user
    )
    assert note.total == Decimal("25.01")
    assert note.items.get().name == f"Credit for invoice {invoice.number}"
    assert invoice.events.get(kind="credited").data["reason"] == "Late"


def test_credit_note_create_refuses_more_than_is_left_to_credit(staff_user):
    invoice = _invoice()
    credit_note_create_from_invoice(invoice=invoice, amount="100", by=staff_user)
    left = credit_note_creditable(invoice=invoice)
    assert left == invoice.total - Decimal("100.00")
    with pytest.raises(ValidationError) as exc:
        credit_note_create_from_invoice(
            invoice=invoice, amount=left + Decimal("0.01"), by=staff_user
        )
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        credit_note_create_from_invoice(invoice=invoice, by=staff_user)
    assert "lines" in exc.value.message_dict
    assert Invoice.objects.filter(type="credit_memo").count() == 1


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"lines": []}, "lines"),
        ({"lines": [999999]}, "lines"),
        ({"lines": [1], "amount": "1"}, "lines"),
    ],
)
def test_credit_note_create_refuses_bad_choices(staff_user, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        credit_note_create_from_invoice(invoice=_invoice(), by=staff_user, **kwargs)
    assert field in exc.value.message_dict


def test_credit_note_create_refuses_drafts_void_and_credit_notes(staff_user):
    with pytest.raises(ValidationError):
        credit_note_create_from_invoice(invoice=InvoiceFactory(), by=staff_user)
    void = InvoiceFactory(sent=True)
    invoice_cancel(invoice=void, by=staff_user)
    with pytest.raises(ValidationError):
        credit_note_create_from_invoice(invoice=void, by=staff_user)
    note = credit_note_create_from_invoice(invoice=_invoice(), by=staff_user)
    with pytest.raises(ValidationError):
        credit_note_create_from_invoice(invoice=note, by=staff_user)


def test_credit_note_create_refused_to_a_viewer(viewer_user):
    with pytest.raises(PermissionDenied):
        credit_note_create_from_invoice(invoice=_invoice(), by=viewer_user)


def test_credit_note_applied_to_its_invoice_settles_it(staff_user):
    invoice = _invoice()
    PaymentFactory(invoice=invoice, amount=Decimal("20.00"))
    note = credit_note_create_from_invoice(
        invoice=invoice, amount=Decimal("30.00"), by=staff_user
    )
    invoice.refresh_from_db()
    before = invoice.balance
    payment_apply_credit_memo(
        invoice=invoice, credit_memo=note, amount=Decimal("30.00"), by=staff_user
    )
    invoice.refresh_from_db()
    note.refresh_from_db()
    assert invoice.balance == before - Decimal("30.00")
    assert note.balance == Decimal("0.00") and not note.has_credit_available


def test_credit_note_refund_writes_down_the_credit_with_a_record(staff_user):
    note = credit_note_create_from_invoice(
        invoice=_invoice(), amount=Decimal("50.00"), by=staff_user
    )
    refund = credit_note_refund(
        credit_note=note,
        amount=Decimal("20.00"),
        method="check",
        reference="CHK 1001",
        by=staff_user,
    )
    note.refresh_from_db()
    assert (refund.amount, refund.currency) == (Decimal("20.00"), note.currency)
    assert note.balance == Decimal("30.00")
    assert note.status == Invoice.Status.PARTIALLY_PAID  # partly used
    event = note.events.get(kind=InvoiceEvent.Kind.CREDIT_REFUNDED)
    assert event.data == {
        "refund": refund.pk,
        "amount": "20.00",
        "method": "check",
        "reference": "CHK 1001",
    }
    credit_note_refund(credit_note=note, amount="30", method="bank", by=staff_user)
    note.refresh_from_db()
    assert note.balance == Decimal("0.00") and note.status == Invoice.Status.PAID
    with pytest.raises(ValidationError):
        credit_note_refund(credit_note=note, amount="1", method="bank", by=staff_user)


@pytest.mark.parametrize(
    "amount, method, field",
    [("50.01", "check", "amount"), ("0", "check", "amount"), ("5", "wire", "method")],
)
def test_credit_note_refund_refuses(staff_user, amount, method, field):
    note = credit_note_create_from_invoice(
        invoice=_invoice(), amount=Decimal("50.00"), by=staff_user
    )
    with pytest.raises(ValidationError) as exc:
        credit_note_refund(
            credit_note=note, amount=amount, method=method, by=staff_user
        )
    assert field in exc.value.message_dict
    assert not CreditNoteRefund.objects.exists()


def test_credit_note_refund_refuses_an_invoice(staff_user):
    with pytest.raises(ValidationError) as exc:
        credit_note_refund(
            credit_note=_invoice(), amount="1", method="check", by=staff_user
        )
    assert "credit_note" in exc.value.message_dict


def test_invoice_write_off_records_the_reason(billing_user):
    invoice = _invoice()
    invoice_write_off(
        invoice=invoice, amount=Decimal("10"), reason="Goodwill", by=billing_user
    )
    event = invoice.events.get(kind=InvoiceEvent.Kind.WRITTEN_OFF)
    assert event.data == {"amount": "10.00", "reason": "Goodwill"}


def test_invoice_delete_only_a_draft(staff_user):
    draft = InvoiceFactory()
    invoice_delete(invoice=draft, by=staff_user)
    draft.refresh_from_db()
    assert draft.deleted_at is not None
    sent = InvoiceFactory(sent=True)
    with pytest.raises(ValidationError) as exc:
        invoice_delete(invoice=sent, by=staff_user)
    assert "status" in exc.value.message_dict
    sent.refresh_from_db()
    assert sent.deleted_at is None and sent.status == Invoice.Status.SENT


def test_invoice_cancel_deletes_a_draft_and_voids_an_issued_invoice(staff_user):
    draft = invoice_cancel(invoice=InvoiceFactory(), by=staff_user)
    assert draft.deleted_at is not None
    sent = invoice_cancel(invoice=InvoiceFactory(sent=True), by=staff_user)
    assert sent.status == Invoice.Status.VOID and sent.deleted_at is None
    paid = PaymentFactory(amount=Decimal("5.00")).invoice
    with pytest.raises(ValidationError):
        invoice_cancel(invoice=paid, by=staff_user)


def _memo_with_card_methods() -> Invoice:
    """A credit memo as FusionInvoice can create one: sent, with the default
    payment methods (card, ACH, mail) still set."""
    from apps.invoices.services import invoice_create

    invoice = InvoiceFactory()
    return invoice_create(
        client=invoice.client,
        company_profile=invoice.company_profile,
        type=Invoice.Type.CREDIT_MEMO,
        items=[item_data()],
        status=Invoice.Status.SENT,
    )


def test_payment_rules_refuse_paying_a_credit_note(staff_user):
    from apps.payments.services.rules import (
        payment_charge_check,
        payment_record_check,
    )

    memo = _memo_with_card_methods()
    assert "card" in memo.payment_methods
    with pytest.raises(ValidationError, match="cannot be paid"):
        payment_charge_check(invoice=memo, amount=memo.balance, method="card")
    with pytest.raises(ValidationError, match="cannot be paid"):
        payment_record_check(invoice=memo, amount=memo.balance, method="check")


def test_no_door_takes_a_payment_on_a_credit_note(staff_user):
    """FluidPay pay (card) and FusionInvoice payments/store get the service's no."""
    import json

    from django.test import Client

    from apps.accounts.services import api_key_create
    from apps.payments.models import Payment

    memo = _memo_with_card_methods()
    key = api_key_create(user=staff_user).key
    client = Client(enforce_csrf_checks=True)
    card = {"number": "4111111111111111", "expiration_date": "12/30", "cvc": "123"}
    fluidpay = client.post(
        f"/fluidpay/api/invoice/{memo.pk}/pay",
        data=json.dumps({"payment_method": {"card": card}}),
        content_type="application/json",
        HTTP_AUTHORIZATION=key,
    )
    assert fluidpay.status_code == 400 and fluidpay.json()["status"] == "failed"
    fusion = client.post(
        "/api/v1/payments/store",
        data=json.dumps(
            {
                "invoice_id": memo.pk,
                "amount": "10",
                "paid_at": "2026-01-05",
                "payment_method_id": 1,
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert fusion.status_code == 400 and fusion.json()["success"] is False
    assert not Payment.objects.filter(invoice=memo).exists()
    memo.refresh_from_db()
    assert memo.balance == memo.total
