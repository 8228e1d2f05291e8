import factory

from apps.clients.models import Client


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Faker("company")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"client{n}@example.net")
    address_line_1 = factory.Faker("street_address")
    city = factory.Faker("city")
    state = "CA"
    postal_code = "94110"
    country = "US"
    currency = "USD"
