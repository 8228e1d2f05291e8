"""A repeated download of an unchanged invoice is its stored copy; any change that
alters the document renders a new one."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from apps.companies.services import company_profile_update
from apps.invoices import pdf
from apps.invoices.pdf import PDF_CACHE_DIR, invoice_pdf_render
from apps.invoices.services import invoice_update, invoice_void
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """How many times WeasyPrint ran."""
    calls = []
    real = pdf.html_to_pdf

    def counted(html, **kwargs):
        calls.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "html_to_pdf", counted)
    return calls


def _fresh(invoice):
    return type(invoice).objects.get(pk=invoice.pk)


def test_unchanged_invoice_is_served_from_the_stored_copy(renders):
    invoice = InvoiceFactory(sent=True, items=[item_data(name="Logo design")])
    first = invoice_pdf_render(invoice=invoice)
    second = invoice_pdf_render(invoice=_fresh(invoice))
    assert first.startswith(b"%PDF-")
    assert second == first
    assert len(renders) == 1
    _, files = default_storage.listdir(f"{PDF_CACHE_DIR}/{invoice.pk}")
    assert len(files) == 1


def test_editing_an_item_renders_a_new_pdf_and_keeps_one_copy(renders):
    invoice = InvoiceFactory(sent=True, items=[item_data(name="Logo design")])
    first = invoice_pdf_render(invoice=invoice)
    invoice_update(
        invoice=_fresh(invoice),
        items=[item_data(name="Logo design", unit_price=Decimal("75.00"))],
    )
    second = invoice_pdf_render(invoice=_fresh(invoice))
    assert second != first
    assert len(renders) == 2
    assert invoice_pdf_render(invoice=_fresh(invoice)) == second
    assert len(renders) == 2
    _, files = default_storage.listdir(f"{PDF_CACHE_DIR}/{invoice.pk}")
    assert len(files) == 1  # the old copy is gone


def test_changing_the_company_profile_renders_a_new_pdf(renders):
    invoice = InvoiceFactory(sent=True)
    first = invoice_pdf_render(invoice=invoice)
    company_profile_update(profile=invoice.company_profile, name="Renamed Studio")
    second = invoice_pdf_render(invoice=_fresh(invoice))
    assert second != first
    assert len(renders) == 2


def test_a_profile_save_that_changes_no_html_still_renders_again(renders):
    """A logo replaced under the same file name changes no HTML; the profile's
    save is part of the key."""
    invoice = InvoiceFactory(sent=True)
    invoice_pdf_render(invoice=invoice)
    profile = invoice.company_profile
    profile.save()
    invoice_pdf_render(invoice=_fresh(invoice))
    assert len(renders) == 2


@pytest.mark.parametrize("change", ["void", "paid"])
def test_a_status_change_renders_a_new_pdf(renders, change):
    invoice = InvoiceFactory(sent=True, items=[item_data(unit_price=Decimal("10"))])
    first = invoice_pdf_render(invoice=invoice)
    if change == "void":
        invoice_void(invoice=_fresh(invoice))
    else:
        PaymentFactory(invoice=_fresh(invoice), amount=_fresh(invoice).balance)
    assert _fresh(invoice).status == change
    second = invoice_pdf_render(invoice=_fresh(invoice))
    assert second != first
    assert len(renders) == 2


def test_an_unreadable_store_still_answers_with_a_render(renders, monkeypatch):
    invoice = InvoiceFactory(sent=True)

    def broken(*args, **kwargs):
        raise OSError("storage down")

    monkeypatch.setattr(default_storage, "exists", broken)
    assert invoice_pdf_render(invoice=invoice).startswith(b"%PDF-")
    assert invoice_pdf_render(invoice=invoice).startswith(b"%PDF-")
    assert len(renders) == 2


def test_the_hosted_download_is_the_stored_copy(client, renders):
    invoice = InvoiceFactory(sent=True)
    url = reverse("public_invoices:pdf", kwargs={"public_hash": invoice.public_hash})
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(renders) == 1
