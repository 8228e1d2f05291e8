import factory

from apps.companies.models import CompanyProfile


class CompanyProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyProfile

    name = factory.Sequence(lambda n: f"Northwind Studio {n}")
    address = "12 Harbour Road"
    city = "Portland"
    state = "OR"
    postal_code = "97201"
    country = "US"
    email = "billing@northwind.example"
    default_currency = "USD"
    invoice_prefix = factory.Sequence(lambda n: f"N{n}-")
    quote_prefix = factory.Sequence(lambda n: f"Q{n}-")
    is_default = True
