"""Settings pages: company profiles (with a logo upload) and tax rates."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from apps.companies.models import CompanyProfile
from apps.companies.services import company_profile_create
from apps.invoices.models import TaxRate
from tests.factories.accounts import UserFactory
from tests.factories.invoices import TaxRateFactory

pytestmark = pytest.mark.django_db

PAGES = ["companies:list", "companies:create", "tax-rates:list", "tax-rates:create"]
PROFILE = {
    "name": "Northwind <Studio>",
    "address": "1 Main St",
    "city": "Portland",
    "state": "OR",
    "postal_code": "97201",
    "country": "us",
    "email": "",
    "phone": "",
    "website": "",
    "default_currency": "usd",
    "payment_terms_days": "14",
    "quote_valid_days": "30",
    "default_terms": "",
    "default_footer": "",
    "invoice_prefix": "NW-",
    "quote_prefix": "NQ-",
    "number_padding": "4",
}


def _png(size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("name", PAGES)
def test_settings_pages_render_for_staff_and_redirect_anonymous(staff_client, name):
    assert staff_client.get(reverse(name)).status_code == 200
    client = Client()
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory(is_staff=False))
    assert client.get(reverse(name)).status_code == 403


def test_create_a_profile_with_a_logo_then_edit_it(staff_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = staff_client.post(
        reverse("companies:create"), {**PROFILE, "logo": _png()}
    )
    assert response.status_code == 302
    profile = CompanyProfile.objects.get()
    assert (profile.default_currency, profile.country, profile.is_default) == (
        "USD",
        "US",
        True,
    )
    assert (
        profile.logo.name.startswith("logos/")
        and (tmp_path / profile.logo.name).exists()
    )
    listing = staff_client.get(reverse("companies:list")).content.decode()
    assert "Northwind &lt;Studio&gt;" in listing and "NW-0001" in listing

    edit = {
        **PROFILE,
        "name": "Northwind Studio",
        "payment_terms_days": "30",
        "is_default": "on",
    }
    response = staff_client.post(reverse("companies:update", args=[profile.pk]), edit)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.name == "Northwind Studio" and profile.payment_terms_days == 30
    assert profile.logo.name.startswith("logos/")  # no new file chosen: the logo stays


def test_profile_form_errors_are_readable_and_write_nothing(staff_client):
    bad = {
        **PROFILE,
        "default_currency": "XXQ",
        "logo": SimpleUploadedFile("x.png", b"not an image"),
    }
    response = staff_client.post(reverse("companies:create"), bad)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "logo" in errors and not CompanyProfile.objects.exists()
    response = staff_client.post(
        reverse("companies:create"), {**PROFILE, "default_currency": "XXQ"}
    )
    assert (
        "not a known currency code"
        in response.context["form"].errors["default_currency"][0]
    )
    assert not CompanyProfile.objects.exists()


def test_unmarking_the_default_profile_is_refused_on_its_field(staff_client):
    profile = company_profile_create(name="Only one")
    data = {**PROFILE, "name": "Only one"}  # is_default unticked
    response = staff_client.post(reverse("companies:update", args=[profile.pk]), data)
    assert response.status_code == 200
    assert (
        "one profile is always the default"
        in response.context["form"].errors["is_default"][0]
    )


def test_tax_rates_create_edit_and_retire(staff_client):
    response = staff_client.post(
        reverse("tax-rates:create"),
        {"name": "QST", "percent": "9.975", "is_compound": "on", "is_active": "on"},
    )
    assert response.status_code == 302
    rate = TaxRate.objects.get()
    assert (rate.percent, rate.is_compound, rate.is_active) == (
        Decimal("9.975"),
        True,
        True,
    )
    response = staff_client.post(
        reverse("tax-rates:update", args=[rate.pk]), {"name": "QST", "percent": "9.975"}
    )
    rate.refresh_from_db()
    assert response.status_code == 302 and not rate.is_active and not rate.is_compound
    assert "Retired" in staff_client.get(reverse("tax-rates:list")).content.decode()


def test_tax_rate_above_100_percent_is_refused(staff_client):
    rate = TaxRateFactory(percent=Decimal("8.25"))
    response = staff_client.post(
        reverse("tax-rates:update", args=[rate.pk]),
        {"name": "Sales tax", "percent": "120"},
    )
    assert response.status_code == 200 and "percent" in response.context["form"].errors
    rate.refresh_from_db()
    assert rate.percent == Decimal("8.25")


def test_admin_refuses_unmarking_the_default_on_the_form(admin_client):
    profile = company_profile_create(name="Only one")
    url = reverse("admin:companies_companyprofile_change", args=[profile.pk])
    data = {**PROFILE, "name": "Only one", "logo": ""}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "one profile is always the default" in response.content.decode()
    response = admin_client.post(url, {**data, "is_default": "on", "name": "Renamed"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.name == "Renamed" and profile.is_default
