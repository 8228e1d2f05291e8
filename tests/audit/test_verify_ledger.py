"""`manage.py verify_ledger` on the demo: 0 when the books hold, non-zero naming the
record when one event, one item amount or one invoice total is changed by raw SQL."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from apps.audit.models import AuditEvent
from apps.invoices.models import Invoice, InvoiceItem

pytestmark = pytest.mark.django_db


def _verify() -> tuple[int, str, str]:

    out, err = StringIO(), StringIO()
    try:
        call_command("verify_ledger", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def _raw(sql: str, params: list) -> None:
    """Change a row behind the services' back, as an attacker with SQL would. On
    PostgreSQL the append-only trigger must be switched off first (replica role)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_verify_ledger_passes_on_the_demo(demo):
    code, out, err = _verify()
    assert code == 0, err
    assert out.startswith("verify_ledger: OK:")
    assert len(out.strip().splitlines()) == 1


def test_verify_ledger_names_a_changed_event(demo):
    event = AuditEvent.objects.filter(subject_type="invoice").order_by("pk")[3]
    _raw(
        f"UPDATE {AuditEvent._meta.db_table} SET data = %s WHERE id = %s",
        ['{"amount": "0.01"}', event.pk],
    )
    code, _, err = _verify()
    assert code == 1
    assert f"audit event {event.pk} " in err
    assert "content does not match its hash" in err


def test_verify_ledger_names_a_changed_item_amount(demo):
    item = InvoiceItem.objects.filter(invoice__status=Invoice.Status.PAID).first()
    _raw(
        f"UPDATE {InvoiceItem._meta.db_table} SET unit_price = unit_price + 1 "
        "WHERE id = %s",
        [item.pk],
    )
    code, _, err = _verify()
    assert code == 1
    assert f"invoice {item.invoice_id} ({item.invoice.number})" in err
    assert f"(id {item.pk})" in err


def test_verify_ledger_names_a_changed_invoice_total(demo):
    invoice = Invoice.objects.filter(status=Invoice.Status.SENT).first()
    _raw(
        f"UPDATE {Invoice._meta.db_table} SET total = total + 5 WHERE id = %s",
        [invoice.pk],
    )
    code, _, err = _verify()
    assert code == 1
    assert f"invoice {invoice.pk} ({invoice.number}): stored total" in err


def test_verify_ledger_names_a_removed_event(demo):
    """Deleting an event mid-chain (trigger off) breaks the chain after it."""
    first, second = AuditEvent.objects.filter(subject_type="invoice").order_by(
        "subject_id", "position"
    )[:2]
    assert first.subject_id == second.subject_id
    _raw("DELETE FROM invoices_invoiceevent WHERE audit_id = %s", [first.pk])
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [first.pk])
    code, _, err = _verify()
    assert code == 1
    assert f"audit event {second.pk} " in err


def test_verify_ledger_counts_partial_and_full_refunds_and_pending_ach(demo):
    """Refunds (partial, then the rest with the tip) and an unsettled ACH payment
    leave books that verify: what was refunded is not paid, and pending money has
    not moved the balance."""
    from decimal import Decimal

    from apps.payments.gateways.base import ach_clean, card_clean
    from apps.payments.services import payment_charge, payment_refund
    from tests.factories.invoices import InvoiceFactory

    card = card_clean(number="4111111111111111", expiry="12/39", cvc="123")
    invoice = InvoiceFactory(sent=True, allow_tipping=True)
    payment = payment_charge(
        invoice=invoice, amount=invoice.balance, tip="5.00", card=card
    ).payment
    payment_refund(payment=payment, amount=Decimal("10.00"))
    assert _verify()[0] == 0
    payment_refund(payment=payment)
    ach = ach_clean(
        routing_number="021000021", account_number="000123456", account_type="checking"
    )
    other = InvoiceFactory(sent=True)
    pending = payment_charge(invoice=other, amount=other.balance, ach=ach).payment
    assert pending.status == "pending"
    code, out, err = _verify()
    assert code == 0, err
