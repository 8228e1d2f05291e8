import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.invoices.models import Invoice
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db


def _payment(**kwargs):
    invoice = InvoiceFactory(
        company_profile=CompanyProfileFactory(),
        sent=True,
        items=[item_data(quantity=Decimal("1"), unit_price=Decimal("100.00"))],
    )
    return PaymentFactory(invoice=invoice, **{"amount": Decimal("40.00"), **kwargs})


def test_payment_pages_render_for_staff(staff_client):
    payment = _payment(reference="CHK-1001")
    assert staff_client.get(reverse("payments:list")).status_code == 200
    response = staff_client.get(reverse("payments:detail", args=[payment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "$40.00" in html and payment.invoice.number in html and "CHK-1001" in html


def test_payment_pages_redirect_anonymous_and_refuse_non_staff(client):
    payment = _payment()
    gets = [reverse("payments:list"), reverse("payments:detail", args=[payment.pk])]
    refund = reverse("payments:refund", args=[payment.pk])
    for url in gets:
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert client.post(refund)["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory(is_staff=False))
    for url in gets:
        assert client.get(url).status_code == 403
    assert client.post(refund).status_code == 403
    payment.refresh_from_db()
    assert payment.status == Payment.Status.SUCCEEDED


def test_payment_detail_shows_card_brand_and_last4_only(staff_client):
    payment = _payment()
    Payment.objects.filter(pk=payment.pk).update(
        method=Payment.Method.CARD,
        card_brand="visa",
        card_last4="1111",
        gateway="sandbox",
        transaction_id="txn_abc",
        response_code=100,
        response_text="Approved",
    )
    html = staff_client.get(
        reverse("payments:detail", args=[payment.pk])
    ).content.decode()
    assert "visa ending 1111" in html
    assert "txn_abc" in html and "Approved" in html


def test_payment_refund_through_the_page(staff_client):
    payment = _payment()
    invoice = payment.invoice
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("60.00")
    url = reverse("payments:refund", args=[payment.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == payment.get_absolute_url()
    assert "refunded" in response.content.decode()
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED
    assert invoice.balance == Decimal("100.00")
    assert invoice.status == Invoice.Status.SENT


def test_payment_refund_twice_shows_an_error(staff_client):
    payment = _payment()
    staff_client.post(reverse("payments:refund", args=[payment.pk]))
    response = staff_client.post(
        reverse("payments:refund", args=[payment.pk]), follow=True
    )
    assert "Only a succeeded payment can be refunded" in response.content.decode()
    payment.invoice.refresh_from_db()
    assert payment.invoice.balance == Decimal("100.00")


def test_payment_list_filters(staff_client):
    cash = _payment(method=Payment.Method.CASH, reference="R-CASH")
    check = _payment(
        method=Payment.Method.CHECK,
        reference="R-CHECK",
        paid_at=timezone.localdate() - dt.timedelta(days=10),
    )
    url = reverse("payments:list")

    def ids(params):
        return [p.pk for p in staff_client.get(url, params).context["payments"]]

    assert ids({"method": "cash"}) == [cash.pk]
    assert ids({"q": "r-check"}) == [check.pk]
    assert ids({"q": check.invoice.number}) == [check.pk]
    assert ids({"client": cash.client_id}) == [cash.pk]
    assert ids(
        {"date_to": (timezone.localdate() - dt.timedelta(days=5)).isoformat()}
    ) == [check.pk]
    assert ids({"date_from": timezone.localdate().isoformat()}) == [cash.pk]
    staff_client.post(reverse("payments:refund", args=[cash.pk]))
    assert ids({"status": "refunded"}) == [cash.pk]


def test_payment_list_query_count_is_flat(staff_client):
    def add(n):
        for _ in range(n):
            _payment()

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert staff_client.get(reverse("payments:list")).status_code == 200
        return len(ctx.captured_queries)

    add(5)
    five = count()
    add(45)
    assert count() == five
