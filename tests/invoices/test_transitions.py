"""The invoice state machine (apps/invoices/transitions.py) and the services built on
it, by name: every pair of statuses through invoice_status_set, and the composite
writes (reopen, payment flags, write-off, reactivate, download, edit with a move)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.invoices import transitions
from apps.invoices.models import Invoice, InvoiceEvent
from apps.invoices.services import (
    invoice_create,
    invoice_mark_awaiting_mail,
    invoice_mark_downloaded,
    invoice_payment_flags_clear,
    invoice_reactivate,
    invoice_reopen,
    invoice_status_set,
    invoice_update_with_status,
    invoice_void,
    invoice_write_off,
)
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory

S = Invoice.Status
PAIRS = [(a, b) for a in S.values for b in S.values]


def invoice_in(status: str) -> Invoice:
    """An invoice of 100.00 in `status`, reached through the real services."""
    if status == S.DRAFT:
        return InvoiceFactory()
    invoice = InvoiceFactory(sent=True)
    if status == S.PARTIALLY_PAID:
        PaymentFactory(invoice=invoice, amount=Decimal("40.00"))
    elif status == S.PAID:
        PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    elif status == S.VOID:
        invoice_void(invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.status == status
    return invoice


def snapshot(invoice: Invoice) -> tuple:
    invoice.refresh_from_db()
    return (
        invoice.status,
        invoice.updated_at,
        invoice.amount_paid,
        invoice.balance,
        invoice.events.count(),
    )


# The table itself: no database.


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_transition_table_decides_every_pair_once(current, target):
    allowed = (current, target) in transitions.MOVES
    refused = (current, target) in transitions.REFUSALS
    assert allowed != refused
    if refused:
        assert transitions.REFUSALS[(current, target)].endswith(".")


def test_transition_table_moves_name_a_service():
    assert set(transitions.MOVES.values()) == {"send", "void", "reopen"}


def test_transition_check_refuses_an_unknown_status_by_field():
    with pytest.raises(ValidationError) as exc:
        transitions.transition_check(current=S.DRAFT, target="closed")
    assert "Unknown status 'closed'" in exc.value.message_dict["status"][0]


# invoice_status_set over the whole table.


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), sorted(transitions.MOVES))
def test_invoice_status_set_makes_every_allowed_move(current, target, staff_user):
    invoice = invoice_in(current)
    kind = {
        "send": InvoiceEvent.Kind.SENT,
        "void": InvoiceEvent.Kind.VOIDED,
        "reopen": InvoiceEvent.Kind.REOPENED,
    }[transitions.MOVES[(current, target)]]
    before = invoice.events.filter(kind=kind).count()
    result = invoice_status_set(
        invoice=invoice, status=target, by=staff_user, reason="Testing"
    )
    invoice.refresh_from_db()
    assert result.status == invoice.status == target
    event = invoice.events.filter(kind=kind).order_by("-id").first()
    assert invoice.events.filter(kind=kind).count() == before + 1
    assert event.actor == staff_user


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), sorted(transitions.REFUSALS))
def test_invoice_status_set_refuses_every_other_move_and_changes_nothing(
    current, target
):
    invoice = invoice_in(current)
    before = snapshot(invoice)
    with pytest.raises(ValidationError) as exc:
        invoice_status_set(invoice=invoice, status=target)
    assert exc.value.message_dict == {
        "status": [transitions.REFUSALS[(current, target)]]
    }
    assert snapshot(invoice) == before


@pytest.mark.django_db
def test_invoice_status_set_void_keeps_the_reason():
    invoice = invoice_in(S.SENT)
    invoice_status_set(invoice=invoice, status=S.VOID, reason="Ordered twice")
    event = invoice.events.get(kind=InvoiceEvent.Kind.VOIDED)
    assert event.data == {"reason": "Ordered twice"}


@pytest.mark.django_db
def test_invoice_status_set_puts_a_service_refusal_under_status():
    invoice = invoice_in(S.DRAFT)
    Invoice.objects.filter(pk=invoice.pk).update(deleted_at=timezone.now())
    with pytest.raises(ValidationError) as exc:
        invoice_status_set(invoice=invoice, status=S.SENT)
    assert exc.value.message_dict == {"status": ["A deleted invoice cannot be sent."]}


@pytest.mark.django_db
def test_invoice_status_set_reopen_follows_the_amounts():
    """Reopening keeps what was written off before the invoice was voided."""
    invoice = invoice_in(S.SENT)
    invoice_write_off(invoice=invoice, amount=Decimal("30.00"))
    invoice_void(invoice=invoice)
    invoice = invoice_status_set(invoice=invoice, status=S.SENT)
    assert (invoice.status, invoice.balance) == (S.SENT, Decimal("70.00"))


# The named services.


@pytest.mark.django_db
def test_invoice_reopen_makes_a_void_invoice_payable_again(staff_user):
    invoice = invoice_in(S.VOID)
    invoice = invoice_reopen(invoice=invoice, by=staff_user)
    assert invoice.status == S.SENT and invoice.voided_at is None
    assert invoice.is_payable
    assert invoice.events.get(kind=InvoiceEvent.Kind.REOPENED).actor == staff_user


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.DRAFT, S.SENT, S.PAID])
def test_invoice_reopen_refuses_what_is_not_void(status):
    invoice = invoice_in(status)
    with pytest.raises(ValidationError, match="Only a void invoice can be reopened"):
        invoice_reopen(invoice=invoice)


@pytest.mark.django_db
def test_invoice_payment_flags_clear_forgets_decline_and_mail(staff_user):
    invoice = invoice_in(S.SENT)
    invoice_mark_awaiting_mail(invoice=invoice)
    Invoice.objects.filter(pk=invoice.pk).update(last_charge_failed_at=timezone.now())
    invoice = invoice_payment_flags_clear(invoice=invoice, by=staff_user)
    invoice.refresh_from_db()
    assert invoice.awaiting_mail_since is None
    assert invoice.last_charge_failed_at is None
    event = invoice.events.filter(kind=InvoiceEvent.Kind.UPDATED).get()
    assert event.data == {"cleared": ["last_charge_failed_at", "awaiting_mail_since"]}


@pytest.mark.django_db
def test_invoice_payment_flags_clear_with_nothing_to_clear_records_nothing():
    invoice = invoice_in(S.SENT)
    before = snapshot(invoice)
    invoice_payment_flags_clear(invoice=invoice)
    assert snapshot(invoice) == before


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.PAID, S.VOID])
def test_invoice_payment_flags_clear_refuses_a_closed_invoice(status):
    invoice = invoice_in(status)
    with pytest.raises(ValidationError, match="only an open one can be reactivated"):
        invoice_payment_flags_clear(invoice=invoice)


@pytest.mark.django_db
def test_invoice_write_off_part_then_the_rest_settles_the_invoice(staff_user):
    invoice = invoice_in(S.PARTIALLY_PAID)  # 40.00 of 100.00 paid
    invoice = invoice_write_off(invoice=invoice, by=staff_user, amount=Decimal("10"))
    assert (invoice.status, invoice.balance, invoice.written_off) == (
        S.PARTIALLY_PAID,
        Decimal("50.00"),
        Decimal("10.00"),
    )
    invoice = invoice_write_off(invoice=invoice, by=staff_user)
    assert (invoice.status, invoice.balance, invoice.written_off) == (
        S.PAID,
        Decimal("0.00"),
        Decimal("60.00"),
    )
    assert invoice.events.filter(kind=InvoiceEvent.Kind.WRITTEN_OFF).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-1"), Decimal("100.01")])
def test_invoice_write_off_refuses_amounts_outside_the_balance(amount):
    invoice = invoice_in(S.SENT)
    before = snapshot(invoice)
    with pytest.raises(ValidationError) as exc:
        invoice_write_off(invoice=invoice, amount=amount)
    assert "amount" in exc.value.message_dict
    assert snapshot(invoice) == before


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.DRAFT, S.PAID, S.VOID])
def test_invoice_write_off_refuses_what_is_not_open(status):
    invoice = invoice_in(status)
    with pytest.raises(ValidationError, match="Only an open invoice"):
        invoice_write_off(invoice=invoice)


@pytest.mark.django_db
def test_invoice_reactivate_reopens_a_void_invoice(staff_user):
    invoice = invoice_reactivate(invoice=invoice_in(S.VOID), by=staff_user)
    assert invoice.status == S.SENT
    assert invoice.events.filter(kind=InvoiceEvent.Kind.REOPENED).exists()


@pytest.mark.django_db
def test_invoice_reactivate_clears_a_decline_on_an_open_invoice():
    invoice = invoice_in(S.PARTIALLY_PAID)
    Invoice.objects.filter(pk=invoice.pk).update(last_charge_failed_at=timezone.now())
    invoice = invoice_reactivate(invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.status == S.PARTIALLY_PAID
    assert invoice.last_charge_failed_at is None


@pytest.mark.django_db
def test_invoice_reactivate_refuses_a_paid_invoice():
    invoice = invoice_in(S.PAID)
    before = snapshot(invoice)
    with pytest.raises(ValidationError):
        invoice_reactivate(invoice=invoice)
    assert snapshot(invoice) == before


@pytest.mark.django_db
def test_invoice_mark_downloaded_sends_a_draft_only(staff_user):
    draft = invoice_mark_downloaded(invoice=invoice_in(S.DRAFT), by=staff_user)
    assert draft.status == S.SENT
    assert draft.events.get(kind=InvoiceEvent.Kind.SENT).actor == staff_user
    for status in (S.SENT, S.PAID, S.VOID):
        invoice = invoice_in(status)
        before = snapshot(invoice)
        assert invoice_mark_downloaded(invoice=invoice).status == status
        assert snapshot(invoice) == before


@pytest.mark.django_db
def test_invoice_update_with_status_reopens_before_editing():
    invoice = invoice_in(S.VOID)
    invoice = invoice_update_with_status(
        invoice=invoice, status=S.SENT, summary="Back on"
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.summary) == (S.SENT, "Back on")


@pytest.mark.django_db
def test_invoice_update_with_status_edits_before_voiding():
    invoice = invoice_in(S.SENT)
    invoice = invoice_update_with_status(
        invoice=invoice, status=S.VOID, reason="Wrong client", summary="Last words"
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.summary) == (S.VOID, "Last words")


@pytest.mark.django_db
def test_invoice_update_with_status_a_refused_edit_undoes_the_reopen():
    invoice = invoice_in(S.VOID)
    before = snapshot(invoice)
    with pytest.raises(ValidationError):
        invoice_update_with_status(
            invoice=invoice, status=S.SENT, due_date=dt.date(2000, 1, 1)
        )
    assert snapshot(invoice) == before


@pytest.mark.django_db
def test_invoice_update_with_status_a_refused_move_is_reported_before_the_edit():
    invoice = invoice_in(S.PAID)
    before = snapshot(invoice)
    with pytest.raises(ValidationError) as exc:
        invoice_update_with_status(invoice=invoice, status=S.DRAFT, summary="x")
    assert exc.value.message_dict == {
        "status": [transitions.REFUSALS[(S.PAID, S.DRAFT)]]
    }
    assert snapshot(invoice) == before


@pytest.mark.django_db
def test_invoice_update_with_status_without_a_move_is_an_edit():
    invoice = invoice_in(S.SENT)
    invoice = invoice_update_with_status(invoice=invoice, status=None, notes="n")
    assert (invoice.status, invoice.notes) == (S.SENT, "n")


# Back-dating on create.


@pytest.mark.django_db
def test_invoice_create_back_dates_to_a_past_due_date(company):
    due = timezone.localdate() - dt.timedelta(days=20)
    invoice = invoice_create(client=ClientFactory(), due_date=due)
    assert (invoice.invoice_date, invoice.due_date) == (due, due)


@pytest.mark.django_db
def test_invoice_create_dates_today_when_due_later(company):
    due = timezone.localdate() + dt.timedelta(days=20)
    invoice = invoice_create(client=ClientFactory(), due_date=due)
    assert invoice.invoice_date == timezone.localdate()


@pytest.mark.django_db
def test_invoice_create_keeps_a_given_invoice_date_and_refuses_an_earlier_due(
    company,
):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        invoice_create(
            client=ClientFactory(),
            invoice_date=today,
            due_date=today - dt.timedelta(days=1),
        )
    assert "due_date" in exc.value.message_dict
