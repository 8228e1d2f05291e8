import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.dashboard.chart import chart_build
from apps.dashboard.selectors import dashboard_figures
from apps.invoices.services import invoice_void
from apps.payments.services import payment_refund
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db


def _invoice(profile, total, *, days_ago=0, due_in=30, currency="USD", sent=True):
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return InvoiceFactory(
        company_profile=profile,
        currency=currency,
        sent=sent,
        invoice_date=day,
        due_date=timezone.localdate() + dt.timedelta(days=due_in)
        if due_in >= -days_ago
        else day,
        items=[item_data(quantity=Decimal("1"), unit_price=Decimal(total))],
    )


def _month_start(day, back=0):
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def known_data():
    profile = CompanyProfileFactory(default_currency="USD")
    today = timezone.localdate()
    _invoice(profile, "100.00")  # open, not due: outstanding 100
    late = _invoice(profile, "200.00", days_ago=40, due_in=-10)  # overdue
    PaymentFactory(
        invoice=late, amount=Decimal("50.00")
    )  # balance 150, paid this month 50
    _invoice(profile, "500.00", sent=False)  # draft: counts nowhere
    paid = _invoice(profile, "300.00")
    PaymentFactory(invoice=paid, amount=Decimal("300.00"))  # paid in full this month
    refunded = _invoice(profile, "80.00")
    payment_refund(
        payment=PaymentFactory(invoice=refunded, amount=Decimal("80.00"))
    )  # back to open
    invoice_void(invoice=_invoice(profile, "1000.00"))  # void: counts nowhere
    _invoice(profile, "70.00", currency="EUR", days_ago=20, due_in=-5)  # EUR, overdue
    return today


def test_dashboard_figures_for_a_known_data_set(known_data):
    today = known_data
    board = dashboard_figures()
    assert board.currency == "USD"
    usd, eur = board.figures
    assert usd.currency == "USD"
    assert usd.outstanding == Decimal(
        "330.00"
    )  # 100 + 150 + 80 (refunded payment reopens)
    assert (usd.overdue_count, usd.overdue) == (1, Decimal("150.00"))
    assert usd.paid_this_month == Decimal(
        "350.00"
    )  # 50 + 300; the refunded 80 does not count
    assert (eur.currency, eur.outstanding, eur.overdue_count, eur.overdue) == (
        "EUR",
        Decimal("70.00"),
        1,
        Decimal("70.00"),
    )
    assert eur.paid_this_month == Decimal("0")

    usd_months = {m.month: m for m in board.months["USD"]}
    assert len(usd_months) == 12
    this_month = usd_months[_month_start(today)]
    assert this_month.invoiced == Decimal(
        "480.00"
    )  # 100 + 300 + 80; draft and void excluded
    assert this_month.paid == Decimal("350.00")
    forty_days_ago = today - dt.timedelta(days=40)
    assert usd_months[_month_start(forty_days_ago)].invoiced == Decimal("200.00")
    assert sum(m.invoiced for m in board.months["EUR"]) == Decimal("70.00")


def test_dashboard_query_count_does_not_grow_with_data(staff_client):
    profile = CompanyProfileFactory()
    _invoice(profile, "10.00")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse("dashboard:home")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(6):
        invoice = _invoice(
            profile, "25.00", days_ago=31 * i, currency="EUR" if i % 2 else "USD"
        )
        PaymentFactory(invoice=invoice, amount=Decimal("5.00"))
    assert count() == few


def test_dashboard_page_shows_figures(staff_client, known_data):
    response = staff_client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="outstanding">$330.00<' in html
    assert 'data-figure="overdue">$150.00<' in html
    assert 'data-figure="paid-this-month">$350.00<' in html
    assert "EUR" in html and "€70.00" in html
    assert "<svg" in html and 'role="img"' in html


def test_dashboard_requires_staff(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory(is_staff=False))
    assert client.get(reverse("dashboard:home")).status_code == 403


def test_dashboard_renders_with_no_data(staff_client):
    response = staff_client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert b"No invoices yet" in response.content


def test_chart_scales_bars_to_a_round_axis_top():
    from apps.dashboard.selectors import MonthFigures

    months = [
        MonthFigures(
            month=dt.date(2026, m, 1), invoiced=Decimal(m * 10), paid=Decimal(m * 5)
        )
        for m in range(1, 13)
    ]
    chart = chart_build(months)
    assert chart.ticks[-1].value == Decimal(200)  # 120 rounds up to 200
    tallest = chart.groups[-1].invoiced
    assert tallest.height == pytest.approx((chart.baseline - 12) * 120 / 200, abs=0.2)
    assert chart.groups[0].label == "Jan ’26" and chart.groups[1].label == "Feb"


def test_chart_months_split_on_the_first_day(company):
    today = dt.date(2026, 7, 15)
    for day, total in (
        (dt.date(2026, 5, 31), "10.00"),
        (dt.date(2026, 6, 1), "20.00"),
        (dt.date(2026, 6, 30), "40.00"),
        (dt.date(2025, 7, 31), "80.00"),
        (dt.date(2026, 7, 15), "160.00"),
        (dt.date(2026, 7, 16), "320.00"),
    ):
        InvoiceFactory(
            company_profile=company,
            sent=True,
            invoice_date=day,
            due_date=day,
            items=[item_data(quantity=Decimal("1"), unit_price=Decimal(total))],
        )

    months = {m.month: m.invoiced for m in dashboard_figures(today=today).months["USD"]}
    assert months[dt.date(2026, 5, 1)] == Decimal("10.00")
    assert months[dt.date(2026, 6, 1)] == Decimal("60.00")
    assert months[dt.date(2026, 7, 1)] == Decimal("160.00")  # tomorrow is not counted
    assert min(months) == dt.date(2025, 8, 1)  # July 2025 is outside the 12 months
    assert sum(months.values()) == Decimal("230.00")
