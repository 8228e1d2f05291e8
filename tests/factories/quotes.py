import factory

from apps.quotes.models import Quote, QuoteItem
from apps.quotes.services import quote_create, quote_item_add

from .invoices import item_data


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    client = factory.SubFactory("tests.factories.clients.ClientFactory")
    company_profile = factory.SubFactory(
        "tests.factories.companies.CompanyProfileFactory"
    )

    @classmethod
    def _create(cls, model_class, *args, items=None, **kwargs):
        return quote_create(items=[item_data()] if items is None else items, **kwargs)


class QuoteItemFactory(factory.django.DjangoModelFactory):
    """Added through quote_item_add, so the quote's totals follow."""

    class Meta:
        model = QuoteItem

    quote = factory.SubFactory(QuoteFactory)

    @classmethod
    def _create(cls, model_class, *args, quote, **fields):
        quote = quote_item_add(quote=quote, **item_data(**fields))
        return quote.items.order_by("-position", "-id").first()
