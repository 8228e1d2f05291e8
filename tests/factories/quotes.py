import factory

from apps.quotes.models import Quote
from apps.quotes.services import quote_create

from .invoices import item_data


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    client = factory.SubFactory("tests.factories.clients.ClientFactory")
    company_profile = factory.SubFactory("tests.factories.companies.CompanyProfileFactory")

    @classmethod
    def _create(cls, model_class, *args, items=None, **kwargs):
        return quote_create(items=[item_data()] if items is None else items, **kwargs)
