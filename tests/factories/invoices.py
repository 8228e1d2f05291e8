"""Invoices are built through the real services, so totals and numbers are real."""

from decimal import Decimal

import factory

from apps.invoices.models import (
    CreditNoteRefund,
    Invoice,
    InvoiceEvent,
    InvoiceItem,
    TaxRate,
)
from apps.invoices.services import (
    credit_note_create_from_invoice,
    credit_note_refund,
    invoice_create,
    invoice_event_record,
    invoice_item_add,
    invoice_send,
)


def item_data(**overrides) -> dict:
    data = {
        "name": "Design work",
        "quantity": Decimal("2"),
        "unit_price": Decimal("50.00"),
    }
    data.update(overrides)
    return data


class TaxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxRate

    name = "Sales tax"
    percent = Decimal("8.2500")


class InvoiceFactory(factory.django.DjangoModelFactory):
    """`InvoiceFactory(sent=True)` sends it.

    `items=[...]` overrides the one default item.
    """

    class Meta:
        model = Invoice

    client = factory.SubFactory("tests.factories.clients.ClientFactory")
    company_profile = factory.SubFactory(
        "tests.factories.companies.CompanyProfileFactory"
    )

    # `sent` is read in _create (not declared in Params: factory_boy strips Params
    # before _create, which silently left "sent" invoices as drafts).
    @classmethod
    def _create(cls, model_class, *args, sent=False, items=None, **kwargs):
        invoice = invoice_create(
            items=[item_data()] if items is None else items, **kwargs
        )
        return invoice_send(invoice=invoice) if sent else invoice


class InvoiceItemFactory(factory.django.DjangoModelFactory):
    """Added through invoice_item_add, so the invoice's totals follow."""

    class Meta:
        model = InvoiceItem

    invoice = factory.SubFactory(InvoiceFactory)

    @classmethod
    def _create(cls, model_class, *args, invoice, **fields):
        invoice = invoice_item_add(invoice=invoice, **item_data(**fields))
        return invoice.items.order_by("-position", "-id").first()


class InvoiceEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvoiceEvent

    invoice = factory.SubFactory(InvoiceFactory, sent=True)
    kind = InvoiceEvent.Kind.UPDATED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return invoice_event_record(**kwargs)


class CreditNoteRefundFactory(factory.django.DjangoModelFactory):
    """Credit refunded to the customer, through the real services: a sent invoice,
    a credit note for all of it, and `amount` of that credit paid out."""

    class Meta:
        model = CreditNoteRefund

    credit_note = factory.LazyFunction(
        lambda: credit_note_create_from_invoice(invoice=InvoiceFactory(sent=True))
    )
    amount = Decimal("25.00")
    method = CreditNoteRefund.Method.CHECK

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return credit_note_refund(**kwargs)
