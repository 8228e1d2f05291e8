""" "open", "payable", "overdue" and "last charge failed", each defined once
(apps/invoices/models.py): the queryset methods and the model properties must give
the same answer for every case, and the answer the docstring promises.

The zero-balance decision: a sent invoice that owes nothing (total 0) is open, but
neither payable nor overdue, and a past failed charge on it no longer counts.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.invoices.models import Invoice
from tests.factories.invoices import InvoiceFactory, item_data

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 15)
S = Invoice.Status

# name: (status, balance, due date, deleted, last charge failed)
#       -> (open, payable, overdue today, last charge failed)
CASES = {
    "draft": ((S.DRAFT, "100", -5, False, False), (False, False, False, False)),
    "sent, owing, not due": ((S.SENT, "100", 5, False, False), (1, 1, 0, 0)),
    "sent, owing, due today": ((S.SENT, "100", 0, False, False), (1, 1, 0, 0)),
    "sent, owing, past due": ((S.SENT, "100", -1, False, False), (1, 1, 1, 0)),
    "sent, zero balance, past due": ((S.SENT, "0", -30, False, False), (1, 0, 0, 0)),
    "partly paid, past due": ((S.PARTIALLY_PAID, "40", -3, False, False), (1, 1, 1, 0)),
    "partly paid, written off to 0": (
        (S.PARTIALLY_PAID, "0", -3, False, False),
        (1, 0, 0, 0),
    ),
    "paid, past due": ((S.PAID, "0", -3, False, False), (0, 0, 0, 0)),
    "void, with a balance, past due": ((S.VOID, "100", -3, False, True), (0, 0, 0, 0)),
    "deleted, sent, past due": ((S.SENT, "100", -3, True, True), (0, 0, 0, 0)),
    "sent, charge failed": ((S.SENT, "100", 5, False, True), (1, 1, 0, 1)),
    "partly paid, charge failed, past due": (
        (S.PARTIALLY_PAID, "60", -1, False, True),
        (1, 1, 1, 1),
    ),
    "sent, zero balance, charge failed": ((S.SENT, "0", -1, False, True), (1, 0, 0, 0)),
    "draft, charge failed": ((S.DRAFT, "100", -1, False, True), (0, 0, 0, 0)),
}


def _invoice(status, balance, due_in_days, deleted, failed) -> Invoice:
    invoice = InvoiceFactory()
    due = TODAY + dt.timedelta(days=due_in_days)
    Invoice.objects.filter(pk=invoice.pk).update(
        status=status,
        balance=Decimal(balance),
        invoice_date=min(due, TODAY),
        due_date=due,
        deleted_at=timezone.now() if deleted else None,
        last_charge_failed_at=timezone.now() if failed else None,
    )
    return Invoice.objects.get(pk=invoice.pk)


def _by_queryset(invoice: Invoice) -> tuple[bool, ...]:
    one = Invoice.objects.filter(pk=invoice.pk)
    return (
        one.open().exists(),
        one.payable().exists(),
        one.overdue(today=TODAY).exists(),
        one.last_charge_failed().exists(),
    )


def _by_property(invoice: Invoice) -> tuple[bool, ...]:
    return (
        invoice.is_open,
        invoice.is_payable,
        invoice.is_overdue(TODAY),
        invoice.last_charge_failed,
    )


@pytest.mark.parametrize("case", list(CASES))
def test_definitions_queryset_and_property_agree(case):
    state, expected = CASES[case]
    invoice = _invoice(*state)
    expected = tuple(bool(x) for x in expected)
    assert _by_property(invoice) == expected
    assert _by_queryset(invoice) == expected


def test_definitions_one_query_over_the_whole_table():
    """The same table at once: each method picks exactly the expected rows."""
    made = {case: _invoice(*state) for case, (state, _) in CASES.items()}
    methods = [
        lambda qs: qs.open(),
        lambda qs: qs.payable(),
        lambda qs: qs.overdue(today=TODAY),
        lambda qs: qs.last_charge_failed(),
    ]
    for column, method in enumerate(methods):
        picked = set(method(Invoice.objects.all()).values_list("pk", flat=True))
        expected = {made[c].pk for c, (_, row) in CASES.items() if row[column]}
        assert picked == expected, column


def test_zero_total_sent_invoice_is_open_but_neither_payable_nor_overdue():
    """Built by the real services: a sent invoice whose items cost nothing."""
    invoice = InvoiceFactory(
        sent=True,
        items=[item_data(unit_price=Decimal("0"))],
        invoice_date=TODAY - dt.timedelta(days=60),
        due_date=TODAY - dt.timedelta(days=30),
    )
    assert (invoice.status, invoice.balance) == (S.SENT, Decimal("0"))
    assert _by_property(invoice) == (True, False, False, False)
    assert _by_queryset(invoice) == (True, False, False, False)


def test_is_overdue_defaults_to_the_local_date():
    today = timezone.localdate()
    invoice = _invoice(S.SENT, "10", -1, False, False)
    Invoice.objects.filter(pk=invoice.pk).update(
        invoice_date=today - dt.timedelta(days=2), due_date=today - dt.timedelta(1)
    )
    invoice.refresh_from_db()
    assert invoice.is_overdue() is True
    assert invoice.is_overdue(today - dt.timedelta(days=5)) is False
