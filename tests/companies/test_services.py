import pytest
from django.core.exceptions import ValidationError

from apps.companies.models import CompanyProfile
from apps.companies.services import company_profile_create, company_profile_update
from apps.invoices.services import invoice_create
from tests.factories.clients import ClientFactory

pytestmark = pytest.mark.django_db


def test_the_first_profile_is_the_default_and_a_new_default_takes_over():
    first = company_profile_create(name="Northwind", default_currency="usd")
    assert first.is_default and first.default_currency == "USD"
    second = company_profile_create(name="Northwind EU", default_currency="EUR")
    assert not second.is_default
    company_profile_update(profile=second, is_default=True)
    assert list(CompanyProfile.objects.filter(is_default=True)) == [second]


def test_the_default_cannot_be_unmarked_and_bad_values_write_nothing():
    profile = company_profile_create(name="Northwind")
    with pytest.raises(ValidationError) as exc:
        company_profile_update(
            profile=profile, is_default=False, default_currency="XXQ", number_padding=0
        )
    assert set(exc.value.message_dict) == {
        "is_default",
        "default_currency",
        "number_padding",
    }
    profile.refresh_from_db()
    assert profile.is_default and profile.default_currency == "USD"


def test_counters_cannot_be_set_through_the_update():
    profile = company_profile_create(name="Northwind")
    with pytest.raises(ValidationError, match="next_invoice_sequence"):
        company_profile_update(profile=profile, next_invoice_sequence=1)


def test_a_new_prefix_and_padding_number_the_next_invoice():
    profile = company_profile_create(
        name="Northwind", invoice_prefix="NW-", number_padding=3
    )
    assert profile.next_invoice_number == "NW-001"
    invoice = invoice_create(client=ClientFactory(), company_profile=profile)
    company_profile_update(profile=profile, invoice_prefix="2027-", number_padding=4)
    profile.refresh_from_db()
    assert invoice.number == "NW-001" and profile.next_invoice_number == "2027-0002"
    assert (
        invoice_create(client=ClientFactory(), company_profile=profile).number
        == "2027-0002"
    )
