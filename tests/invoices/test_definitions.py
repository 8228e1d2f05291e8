""" "open", "payable", "overdue" and "last charge failed", each defined once
(apps/invoices/models.py): the queryset methods and the model properties must give
the same answer for every case, and the answer the docstring promises.

The zero-balance decision: a sent invoice that owes nothing (total 0) is open, but
neither payable nor overdue, and a past failed charge on it no longer counts.

A credit note is never open, payable or overdue: its balance is credit owed to the
customer, not money owed by them.
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
CN = Invoice.Type.CREDIT_MEMO

# name: (status, balance, due date, deleted, last charge failed[, type])
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
    "credit note, sent, past due": (
        (S.SENT, "100", -3, False, False, CN),
        (0, 0, 0, 0),
    ),
    "credit note, partly used, charge failed": (
        (S.PARTIALLY_PAID, "40", -3, False, True, CN),
        (0, 0, 0, 0),
    ),
}


def _invoice(
    status, balance, due_in_days, deleted, failed, kind="invoice", today=TODAY
) -> Invoice:
    invoice = InvoiceFactory()
    due = today + dt.timedelta(days=due_in_days)
    Invoice.objects.filter(pk=invoice.pk).update(
        type=kind,
        status=status,
        balance=Decimal(balance),
        invoice_date=min(due, today),
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


def test_balance_due_is_none_for_void_and_credit_notes():
    assert _invoice(S.SENT, "100", 5, False, False).balance_due == Decimal("100")
    assert _invoice(S.DRAFT, "100", 5, False, False).balance_due == Decimal("100")
    assert _invoice(S.PAID, "0", 5, False, False).balance_due == Decimal("0")
    assert _invoice(S.VOID, "100", 5, False, False).balance_due is None
    assert _invoice(S.SENT, "100", 5, False, False, CN).balance_due is None


@pytest.mark.parametrize(
    "state, available",
    [
        ((S.SENT, "100", 5, False, False, CN), True),
        ((S.PARTIALLY_PAID, "40", 5, False, False, CN), True),
        ((S.PAID, "0", 5, False, False, CN), False),
        ((S.DRAFT, "100", 5, False, False, CN), False),
        ((S.VOID, "100", 5, False, False, CN), False),
        ((S.SENT, "100", 5, True, False, CN), False),
        ((S.SENT, "100", 5, False, False), False),
    ],
)
def test_credit_available_queryset_and_property_agree(state, available):
    note = _invoice(*state)
    assert note.has_credit_available is available
    assert Invoice.objects.filter(pk=note.pk).credit_available().exists() is available


# ---------------------------------------------------------------- every door agrees
# The same table through each door that shows one of the words. The doors read the
# local date, so the cases are built around it.


@pytest.fixture
def table():
    today = timezone.localdate()
    return {
        case: (_invoice(*state, today=today), tuple(bool(x) for x in row))
        for case, (state, row) in CASES.items()
    }


def _expected(table, column: int) -> set[int]:
    return {inv.pk for inv, row in table.values() if row[column]}


def test_staff_list_filter_overdue_is_the_definition(table):
    from apps.invoices.filters import InvoiceFilter

    qs = InvoiceFilter({"status": "overdue"}, queryset=Invoice.objects.all()).qs
    assert set(qs.values_list("pk", flat=True)) == _expected(table, 2)


def test_status_badge_template_says_overdue_by_the_definition(table):
    from django.template.loader import render_to_string

    for case, (invoice, row) in table.items():
        html = render_to_string("includes/_invoice_status.html", {"invoice": invoice})
        assert ("badge-overdue" in html) == row[2], case


def test_dashboard_overdue_and_outstanding_use_the_definitions(table):
    from apps.dashboard.selectors import dashboard_figures

    figures = dashboard_figures(today=timezone.localdate()).figures
    assert sum(f.overdue_count for f in figures) == len(_expected(table, 2))
    open_balance = sum(
        (inv.balance for inv, row in table.values() if row[0]), Decimal("0")
    )
    assert sum((f.outstanding for f in figures), Decimal("0")) == open_balance


def test_fusioninvoice_unpaid_and_overdue_filters_are_the_definitions(table):
    from apps.api.fusioninvoice.query import named_filters

    for status, column in (("unpaid", 1), ("overdue", 2)):
        condition = named_filters({"status": status}, "invoices")
        picked = set(Invoice.objects.filter(condition).values_list("pk", flat=True))
        assert picked == _expected(table, column), status


def test_fusebill_overdue_is_the_definition(table):
    from apps.api.fusebill.statuses import invoice_status

    today = timezone.localdate()
    for case, (invoice, row) in table.items():
        if invoice.status != S.DRAFT and invoice.deleted_at is None:
            assert (invoice_status(invoice, today) == "Overdue") == row[2], case


def test_fluidpay_declined_is_last_charge_failed_in_answers_and_search(table):
    from apps.api.fluidpay.statuses import (
        invoice_status,
        status_q,
        with_last_charge_code,
    )

    alive = with_last_charge_code(Invoice.objects.alive())
    searched = set(alive.filter(status_q("declined")).values_list("pk", flat=True))
    answered = {
        inv.pk
        for inv, _ in table.values()
        if inv.deleted_at is None and invoice_status(inv) == "declined"
    }
    assert searched == answered == _expected(table, 3)


def test_timetap_payment_declined_is_last_charge_failed(table):
    from apps.api.timetap.statuses import OPEN, sub_status

    for case, (invoice, row) in table.items():
        assert (sub_status(invoice, OPEN) == "Payment Declined") == row[3], case
