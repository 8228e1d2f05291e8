"""Customer-facing links are built from REMIT_PUBLIC_BASE_URL by one helper
(apps.core.links.public_url), whatever host a request arrived on."""

import re
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from apps.accounts.services import api_key_create
from apps.core.links import public_url
from apps.invoices.emails import invoice_email_send
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db
BASE = "https://pay.northwind.example/billing/"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def public_base(settings):
    settings.REMIT_PUBLIC_BASE_URL = BASE


def test_public_url_joins_the_base_and_a_path():
    assert (
        public_url("/invoice/abc")
        == "https://pay.northwind.example/billing/invoice/abc"
    )
    assert public_url("invoice/abc") == public_url("/invoice/abc")


def test_invoice_email_links_to_the_public_base(
    mailoutbox, django_capture_on_commit_callbacks
):
    invoice = InvoiceFactory(sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_email_send(invoice=invoice)
    expected = f"https://pay.northwind.example/billing/invoice/{invoice.public_hash}"
    assert expected in mailoutbox[0].body
    html = mailoutbox[0].alternatives[0][0]
    assert f'href="{expected}"' in html


def test_fluidpay_hosted_url_is_the_public_base_not_the_api_host(staff_user):
    api = APIClient(enforce_csrf_checks=True, SERVER_NAME="api.internal")
    api.credentials(HTTP_AUTHORIZATION=api_key_create(user=staff_user).key)
    invoice = InvoiceFactory(sent=True)
    data = api.get(f"/fluidpay/api/invoice/{invoice.pk}").json()["data"]
    assert data["hosted_url"] == (
        f"https://pay.northwind.example/billing/invoice/{invoice.public_hash}"
    )


def test_staff_page_customer_link_is_the_public_base(staff_client):
    invoice = InvoiceFactory(sent=True)
    html = staff_client.get(f"/invoices/{invoice.pk}/").content.decode()
    assert f"{BASE}invoice/{invoice.public_hash}" in html
    assert f"http://testserver/invoice/{invoice.public_hash}" not in html


def test_start_script_points_links_at_the_address_it_serves_on():
    script = (ROOT / "scripts" / "start.sh").read_text()
    assert re.search(
        r"export REMIT_PUBLIC_BASE_URL=\$\{REMIT_PUBLIC_BASE_URL:-http://\$ADDRESS\}",
        script,
    )
    assert script.index("REMIT_PUBLIC_BASE_URL") < script.index("runserver")
