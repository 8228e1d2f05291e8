from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.invoices.models import Invoice
from apps.quotes.models import Quote
from apps.quotes.services import (
    quote_convert_to_invoice,
    quote_set_status,
    quote_update,
)
from tests.factories.invoices import TaxRateFactory, item_data
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def test_quote_create_numbers_and_totals(company):
    quote = QuoteFactory(
        company_profile=company, items=[item_data(tax_rate=Decimal("10"))]
    )
    assert quote.number == f"{company.quote_prefix}00001"
    assert (quote.subtotal, quote.tax_total, quote.total) == (
        Decimal("100.00"),
        Decimal("10.00"),
        Decimal("110.00"),
    )


def test_quote_convert_copies_items_and_links_both(company, staff_user):
    tax = TaxRateFactory(percent=Decimal("5"))
    quote = QuoteFactory(
        company_profile=company,
        items=[
            item_data(name="Design", tax_rate_1_source=tax),
            item_data(
                name="Build",
                quantity=Decimal("3"),
                unit_price=Decimal("33.335"),
                discount_type="percent",
                discount_value=Decimal("10"),
            ),
        ],
        discount_type="flat",
        discount_value=Decimal("5"),
        shipping=Decimal("7.5"),
    )
    invoice = quote_convert_to_invoice(quote=quote, by=staff_user)
    quote.refresh_from_db()
    assert quote.invoice == invoice and invoice.quote == quote
    assert quote.status == Quote.Status.APPROVED
    assert invoice.status == Invoice.Status.DRAFT and invoice.client == quote.client
    copied = [
        (i.name, i.quantity, i.unit_price, i.tax_rate, i.discount_type, i.total)
        for i in invoice.items.all()
    ]
    original = [
        (i.name, i.quantity, i.unit_price, i.tax_rate, i.discount_type, i.total)
        for i in quote.items.all()
    ]
    assert copied == original
    assert (invoice.total, invoice.shipping, invoice.discount_total) == (
        quote.total,
        quote.shipping,
        quote.discount_total,
    )


def test_quote_convert_twice_refused(company):
    quote = QuoteFactory(company_profile=company)
    quote_convert_to_invoice(quote=quote)
    with pytest.raises(ValidationError, match="already converted"):
        quote_convert_to_invoice(quote=quote)
    assert Invoice.objects.count() == 1


def test_converted_quote_is_read_only(company):
    quote = QuoteFactory(company_profile=company)
    quote_convert_to_invoice(quote=quote)
    with pytest.raises(ValidationError):
        quote_update(quote=quote, summary="changed")
    with pytest.raises(ValidationError, match="status is final"):
        quote_set_status(quote=quote, status=Quote.Status.CANCELED)


def test_rejected_quote_cannot_convert(company):
    quote = quote_set_status(
        quote=QuoteFactory(company_profile=company), status=Quote.Status.REJECTED
    )
    with pytest.raises(ValidationError, match="rejected quote cannot be converted"):
        quote_convert_to_invoice(quote=quote)


def test_quote_status_transitions(company):
    quote = QuoteFactory(company_profile=company)
    quote = quote_set_status(quote=quote, status=Quote.Status.SENT)
    assert quote.sent_at is not None
    quote = quote_set_status(quote=quote, status=Quote.Status.APPROVED)
    with pytest.raises(ValidationError, match="cannot become sent"):
        quote_set_status(quote=quote, status=Quote.Status.SENT)
