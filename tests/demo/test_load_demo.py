import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import User
from apps.clients.models import Client
from apps.invoices.calculations import DocumentAdjustments, document_totals
from apps.invoices.models import Invoice
from apps.payments.models import Payment
from apps.quotes.models import Quote

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Client.objects.count(),
        Invoice.objects.count(),
        Quote.objects.count(),
        Payment.objects.count(),
    )


def test_load_demo_builds_every_state_and_is_idempotent():
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    assert first[0] >= 12
    statuses = set(Invoice.objects.values_list("status", flat=True))
    assert statuses == set(Invoice.Status.values)
    assert set(Quote.objects.values_list("status", flat=True)) == set(
        Quote.Status.values
    )
    assert Quote.objects.filter(invoice__isnull=False).count() == 1
    today = timezone.localdate()
    assert any(i.is_overdue(today) for i in Invoice.objects.all())
    assert Invoice.objects.filter(viewed_at__isnull=False).exists()
    # the hosted page's options can be tried: an open invoice with tips and partials
    payable = [i for i in Invoice.objects.all() if i.is_payable]
    assert any(i.allow_tipping and i.allow_partial_payment for i in payable)
    assert {"check", "card", "ach", "cash"} <= set(
        Payment.objects.values_list("method", flat=True)
    )
    assert Payment.objects.filter(method="card").exclude(card_last4="").exists()
    assert {"EUR", "JPY", "USD"} <= set(
        Client.objects.values_list("currency", flat=True)
    )
    user = User.objects.get(email="demo@remit.local")
    assert user.is_staff and user.check_password("remit-demo")


def test_demo_totals_are_the_calculations_results():
    call_command("load_demo")
    for invoice in Invoice.objects.prefetch_related("items"):
        adjustments = DocumentAdjustments(
            discount_type=invoice.discount_type,
            discount_value=invoice.discount_value,
            tax_percent=invoice.tax_percent,
            shipping=invoice.shipping,
            adjustment=invoice.adjustment,
        )
        totals = document_totals(
            invoice.items.all(), currency=invoice.currency, adjustments=adjustments
        )
        assert invoice.total == totals.total, invoice.number
        if invoice.status != Invoice.Status.VOID:
            assert (
                invoice.balance
                == invoice.total - invoice.amount_paid - invoice.written_off
            )


def test_load_demo_reset_rebuilds_and_dates_follow_today():
    call_command("load_demo")
    before = _counts()
    call_command("load_demo", "--reset")
    assert _counts() == before
    newest = Invoice.objects.order_by("-invoice_date").first()
    assert newest.invoice_date == timezone.localdate()
    assert Invoice.objects.filter(
        invoice_date__lt=timezone.localdate() - dt.timedelta(days=60)
    ).exists()
