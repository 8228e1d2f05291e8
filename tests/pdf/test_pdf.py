import io
import socket
import urllib.request
from decimal import Decimal

import pytest
from pypdf import PdfReader

from apps.invoices import pdf
from apps.invoices.pdf import (
    LocalOnlyURLFetcher,
    html_to_pdf,
    invoice_pdf_render,
    resolve_local_url,
)
from apps.invoices.services import invoice_mark_awaiting_mail, invoice_void
from apps.quotes.pdf import quote_pdf_render
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def _text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)


def test_invoice_pdf_has_number_client_items_and_total(no_network):
    items = [
        item_data(
            name="Brand workshop", unit_price=Decimal("1200.00"), quantity=Decimal("1")
        ),
        item_data(
            name="Website copy", unit_price=Decimal("75.50"), quantity=Decimal("4")
        ),
    ]
    invoice = InvoiceFactory(
        sent=True,
        client=ClientFactory(name="Hollow Pine Ltd"),
        items=items,
        terms="Net 15",
    )
    data = invoice_pdf_render(invoice=invoice)
    assert data.startswith(b"%PDF-")
    text, pages = _text(data)
    for expected in (
        invoice.number,
        "Hollow Pine Ltd",
        "Brand workshop",
        "Website copy",
        "$1,502.00",
        "Net 15",
        invoice.company_profile.name,
        invoice.public_hash,
        "Page 1 of 1",
    ):
        assert expected in text, expected
    assert pages == 1


def test_sixty_lines_span_pages_with_page_numbers():
    invoice = InvoiceFactory(
        sent=True, items=[item_data(name=f"Service line {i:02d}") for i in range(60)]
    )
    text, pages = _text(invoice_pdf_render(invoice=invoice))
    assert pages > 1
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Service line 00" in text and "Service line 59" in text
    reader = PdfReader(io.BytesIO(invoice_pdf_render(invoice=invoice)))
    pages_with_items = [
        p.extract_text() for p in reader.pages if "Service line" in p.extract_text()
    ]
    assert len(pages_with_items) > 1
    assert all("Unit price" in text for text in pages_with_items)  # the header repeats


def test_paid_void_and_mail_marks():
    paid = InvoiceFactory(sent=True)
    PaymentFactory(invoice=paid, amount=Decimal("100.00"))
    paid.refresh_from_db()
    assert "PAID" in _text(invoice_pdf_render(invoice=paid))[0]
    void = InvoiceFactory(sent=True)
    void = invoice_void(invoice=void)
    assert "VOID" in _text(invoice_pdf_render(invoice=void))[0]
    mailed = InvoiceFactory(sent=True)
    mailed = invoice_mark_awaiting_mail(invoice=mailed)
    text = " ".join(_text(invoice_pdf_render(invoice=mailed))[0].split()).lower()
    assert "awaiting a mailed payment" in text and "12 harbour road" in text


def test_greek_cyrillic_and_cjk_names_print():
    client = ClientFactory(name="Ελληνική Εταιρεία · Общество Ромашка · 株式会社さくら")
    invoice = InvoiceFactory(
        sent=True,
        client=client,
        items=[item_data(name="Консультация — Συμβουλή — 相談")],
    )
    text, _ = _text(invoice_pdf_render(invoice=invoice))
    for word in (
        "Ελληνική",
        "Ромашка",
        "株式会社さくら",
        "Консультация",
        "Συμβουλή",
        "相談",
    ):
        assert word in text, word


def test_script_in_user_text_is_printed_as_text():
    invoice = InvoiceFactory(
        sent=True, client=ClientFactory(name="<script>alert(1)</script>")
    )
    assert "<script>alert(1)</script>" in _text(invoice_pdf_render(invoice=invoice))[0]


def test_outside_urls_are_refused_without_network(no_network):
    fetcher = LocalOnlyURLFetcher()
    html = (
        '<p>x</p><img src="http://example.com/x.png"><img src="file:///etc/passwd">'
        '<img src="/static/../../config/settings/base.py">'
        '<img src="/static/css/pdf.css">'
    )
    assert html_to_pdf(html, url_fetcher=fetcher).startswith(b"%PDF-")
    assert "http://example.com/x.png" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert any("config/settings" in url for url in fetcher.refused)
    assert pdf.PDF_BASE_URL + "static/css/pdf.css" in fetcher.asked
    assert pdf.PDF_BASE_URL + "static/css/pdf.css" not in fetcher.refused


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/static/css/pdf.css",
        "file:///etc/passwd",
        pdf.PDF_BASE_URL + "static/../config/settings/base.py",
        pdf.PDF_BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
        pdf.PDF_BASE_URL + "media/../../etc/passwd",
        pdf.PDF_BASE_URL + "etc/passwd",
        pdf.PDF_BASE_URL + "static/css/pdf.css?x=1",
    ],
)
def test_resolver_refuses_anything_but_own_files(url):
    assert resolve_local_url(url) is None


def test_resolver_serves_static_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "logo.png").write_bytes(b"\x89PNG")
    assert (
        resolve_local_url(pdf.PDF_BASE_URL + "media/logos/logo.png")
        == (tmp_path / "logos" / "logo.png").resolve()
    )
    assert (
        resolve_local_url(pdf.PDF_BASE_URL + "static/fonts/DejaVuSans.ttf").name
        == "DejaVuSans.ttf"
    )


def test_logo_from_media_is_embedded(settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    Image.new("RGB", (40, 20), "red").save(tmp_path / "logos" / "logo.png")
    invoice = InvoiceFactory(sent=True)
    profile = invoice.company_profile
    profile.logo.name = "logos/logo.png"
    profile.save()
    fetcher = LocalOnlyURLFetcher()
    from django.template.loader import render_to_string

    html = render_to_string(
        "pdf/invoice.html",
        {**pdf.invoice_document_context(invoice=invoice), "pdf": True},
    )
    data = html_to_pdf(html, url_fetcher=fetcher)
    assert fetcher.refused == []
    assert pdf.PDF_BASE_URL + "media/logos/logo.png" in fetcher.asked
    assert b"/Subtype /Image" in data or b"/Image" in data


def test_quote_pdf():
    quote = QuoteFactory(items=[item_data(name="Discovery phase")])
    text, _ = _text(quote_pdf_render(quote=quote))
    assert quote.number in text and "Discovery phase" in text and "Quote" in text


def _lines_with_heights(data: bytes, page: int = 0) -> list[tuple[float, str]]:
    """(height on the page in points, text) for each text run of one page."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            runs.append((tm[5] * cm[3] + cm[5], text.strip()))

    PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return runs


def _height_of(runs, text: str) -> float:
    return next(y for y, run in runs if text in run)


def test_header_bill_to_and_items_print_in_order_without_overlap():
    """Each block starts below the one before it (a float bug once printed the
    client's address over the company's)."""
    client = ClientFactory(name="Hollow Pine Ltd", address_line_1="9 Cedar Lane")
    invoice = InvoiceFactory(sent=True, client=client)
    runs = _lines_with_heights(invoice_pdf_render(invoice=invoice))
    company_bottom = _height_of(runs, "billing@northwind.example")
    assert _height_of(runs, "12 Harbour Road") > company_bottom
    bill_to = _height_of(runs, "BILL TO")
    assert bill_to < company_bottom - 5
    assert _height_of(runs, "Hollow Pine Ltd") < bill_to
    assert _height_of(runs, "Unit price") < _height_of(runs, "9 Cedar Lane")


class _RecordingFetcher(LocalOnlyURLFetcher):
    made: list[LocalOnlyURLFetcher] = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.made.append(self)


@pytest.fixture
def recorded_fetches(monkeypatch):
    """Every URL the real render functions ask for (and refuse)."""
    _RecordingFetcher.made = []
    monkeypatch.setattr(pdf, "LocalOnlyURLFetcher", _RecordingFetcher)

    def urls(attr: str) -> list[str]:
        return [url for f in _RecordingFetcher.made for url in getattr(f, attr)]

    return urls


@pytest.mark.parametrize(
    "logo_name", ["http://example.com/logo.png", "https://169.254.169.254/latest"]
)
def test_logo_url_outside_the_app_is_not_fetched(
    no_network, recorded_fetches, monkeypatch, logo_name
):
    invoice = InvoiceFactory(sent=True, client=ClientFactory(name="Hollow Pine Ltd"))
    profile = invoice.company_profile
    profile.logo.name = "logos/logo.png"
    profile.save()
    # A storage whose URLs point off-site (a bucket, a CDN, a poisoned setting).
    monkeypatch.setattr(profile.logo.storage, "url", lambda name: logo_name)
    assert invoice.company_profile.logo.url == logo_name
    data = invoice_pdf_render(invoice=invoice)
    # The PDF reads the logo by its storage name (through the storage API), never
    # through the storage's URL: nothing off-site is asked for. This one is missing.
    media = pdf.PDF_BASE_URL + "media/logos/logo.png"
    assert recorded_fetches("refused") == [media]
    assert recorded_fetches("asked") == [media]  # the stylesheet is cached
    text, _ = _text(data)
    assert invoice.number in text and "Hollow Pine Ltd" in text


def test_logo_path_outside_media_is_not_read(
    no_network, recorded_fetches, settings, tmp_path
):
    # A real file lies one level up (a temporary folder: the render stores its PDF
    # under MEDIA_ROOT, which must not be the source tree).
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    settings.MEDIA_ROOT = tmp_path / "media"
    invoice = InvoiceFactory(sent=True)
    profile = invoice.company_profile
    profile.logo.name = "../pyproject.toml"
    profile.save()
    invoice_pdf_render(invoice=invoice)
    assert len(recorded_fetches("refused")) == 1
    assert "pyproject.toml" in recorded_fetches("refused")[0]


def _font_names(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_only_the_fonts_shipped_with_the_app_are_embedded():
    """Greek, Cyrillic and CJK come from static/fonts, not from whatever the host
    has installed (a server without CJK fonts would print empty boxes)."""
    invoice = InvoiceFactory(
        sent=True,
        client=ClientFactory(name="Ελληνική · Ромашка · 株式会社さくら"),
        items=[item_data(name="相談 Συμβουλή")],
    )
    names = _font_names(invoice_pdf_render(invoice=invoice))
    # @font-face families of static/css/pdf.css (bold variants are synthesized).
    assert names and all(name.startswith("Remit-") for name in names), names
    assert {"Remit-Sans", "Remit-CJK"} <= names


def test_draft_pdf_has_no_hosted_link_until_sent():
    """A draft's link answers 404, so its PDF (a staff preview) does not print it."""
    draft = InvoiceFactory()
    assert draft.public_hash not in _text(invoice_pdf_render(invoice=draft))[0]


EVIL = '<img src="http://example.com/x.png"><b>bold</b>'


def _evil_invoice(**extra):
    from tests.factories.companies import CompanyProfileFactory

    company = CompanyProfileFactory(name="Co " + EVIL, address="Road " + EVIL)
    client = ClientFactory(
        name="Client " + EVIL,
        first_name="<i>",
        last_name="x",
        address_line_1="Lane " + EVIL,
    )
    return InvoiceFactory(
        sent=True,
        company_profile=company,
        client=client,
        number="N-<1>",
        items=[
            item_data(
                name="Item " + EVIL, description="Desc " + EVIL, unit_of_measure="<u>"
            )
        ],
        terms="Terms " + EVIL,
        notes="Notes " + EVIL,
        footer="Footer " + EVIL,
        summary="Summary " + EVIL,
        po_number="PO <9>",
        **extra,
    )


def test_every_user_field_prints_as_text_in_the_pdf(no_network, recorded_fetches):
    """Markup typed into any field is printed, never laid out or fetched."""
    invoice = _evil_invoice()
    text = "".join(_text(invoice_pdf_render(invoice=invoice))[0].split())  # no wraps
    assert recorded_fetches("refused") == []  # no <img> became an element
    for label in (
        "Co",
        "Road",
        "Client",
        "Lane",
        "Item",
        "Desc",
        "Terms",
        "Notes",
        "Footer",
        "Summary",
    ):
        assert "".join(f"{label} {EVIL}".split()) in text, label
    assert "N-<1>" in text and "PO<9>" in text and "<i>x" in text and "<u>" in text
