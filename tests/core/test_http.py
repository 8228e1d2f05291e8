"""`content_disposition`: one safe, RFC 6266 filename for every PDF download, whatever
a user typed as the document's number; and the doors that use it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.services import api_key_create
from apps.core.http import content_disposition
from tests.factories.accounts import UserFactory
from tests.factories.invoices import InvoiceFactory

CRAFTED = [
    '2026-001"; filename=evil.exe',
    "2026-001\r\nSet-Cookie: a=b",
    "Rechnung-Müller-№7",
    "a\x00b;c",
    "../../etc/passwd",
    "",
]


def _parameters(value: str) -> list[str]:
    """The header's parameters, split where a client would split them."""
    return [part.strip().split("=", 1)[0] for part in value.split(";")]


@pytest.mark.parametrize("number", CRAFTED)
def test_content_disposition_never_adds_a_parameter_or_a_line(number):
    value = content_disposition(number)
    assert value.isascii() and "\r" not in value and "\n" not in value
    assert "\x00" not in value
    names = _parameters(value)
    assert names[0] == "attachment" and names[1] == "filename"
    assert set(names[2:]) <= {"filename*"}
    quoted = value.split('filename="', 1)[1].split('"', 1)[0]
    assert quoted.endswith(".pdf") and "/" not in quoted and ".." not in quoted


def test_content_disposition_keeps_a_plain_number_and_encodes_the_rest():
    assert content_disposition("INV-0007") == 'attachment; filename="INV-0007.pdf"'
    assert content_disposition("INV 7", inline=True) == (
        "inline; filename=\"INV_7.pdf\"; filename*=UTF-8''INV%207.pdf"
    )
    assert content_disposition("Müller").endswith(
        "filename=\"M_ller.pdf\"; filename*=UTF-8''M%C3%BCller.pdf"
    )


CRAFTED_NUMBER = '7"; filename=evil.exe\r\n'


@pytest.fixture
def crafted_invoice(db):
    return InvoiceFactory(number=CRAFTED_NUMBER, sent=True)


def _assert_safe(response):
    assert response.status_code == 200, response.content[:200]
    value = response["Content-Disposition"]
    assert [name for name in _parameters(value) if name.startswith("filename")] == [
        "filename",
        "filename*",
    ]
    assert value == content_disposition(
        CRAFTED_NUMBER, inline=value.startswith("inline")
    )


def test_the_staff_pdf_uses_the_safe_filename(client, crafted_invoice):
    client.force_login(UserFactory())
    _assert_safe(client.get(reverse("invoices:pdf", args=[crafted_invoice.pk])))


def test_the_hosted_page_pdf_uses_the_safe_filename(client, crafted_invoice):
    url = reverse("public_invoices:pdf", args=[crafted_invoice.public_hash])
    _assert_safe(client.get(url))


def test_the_fusioninvoice_pdf_uses_the_safe_filename(crafted_invoice):
    api = APIClient(enforce_csrf_checks=True)
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_key_create(user=UserFactory()).key}"
    )
    _assert_safe(api.get(f"/api/v1/invoices/{crafted_invoice.pk}/pdf"))


def test_the_fusebill_pdf_uses_the_helper(crafted_invoice):
    api = APIClient(enforce_csrf_checks=True)
    api.credentials(
        HTTP_AUTHORIZATION=f"Basic {api_key_create(user=UserFactory()).key}"
    )
    response = api.get(f"/fusebill/v1/Invoices/pdf/{crafted_invoice.pk}")
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Disposition"] == content_disposition(
        f"invoice-{crafted_invoice.sequence}", inline=True
    )
