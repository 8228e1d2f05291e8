"""PDF rendering for invoices (WeasyPrint), and the renderer quotes use too
(`html_to_pdf`; the quote's PDF is apps/quotes/pdf.py).

One render function per document serves staff downloads, the hosted page, email
attachments and the APIs. Documents reference only Remit's own files: the URL
fetcher below maps STATIC_URL / MEDIA_URL paths to files and refuses everything
else (other hosts, file: URLs, path tricks), so rendering never touches the network.
"""

import hashlib
import logging
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from apps.core.links import public_url

logger = logging.getLogger(__name__)

# Relative URLs in the PDF templates resolve against this base; it is never contacted.
PDF_BASE_URL = "http://remit.pdf.invalid/"


class RefusedURL(ValueError):
    """A document asked for something outside Remit's static and media files."""


def _within(root: Path, relative: str) -> Path | None:
    root = root.resolve()
    candidate = (root / relative).resolve()
    if candidate != root and root in candidate.parents and candidate.is_file():
        return candidate
    return None


def _static_file(relative: str) -> Path | None:
    if ".." in Path(relative).parts:
        return None
    for root in [*map(Path, settings.STATICFILES_DIRS), Path(settings.STATIC_ROOT)]:
        if (found := _within(root, relative)) is not None:
            return found
    found = finders.find(relative)  # app static folders, if any
    return Path(found).resolve() if found else None


def resolve_local_url(url: str) -> Path | None:
    """The file behind one of Remit's own static or media URLs, or None."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != PDF_BASE_URL or parts.query:
        return None
    path = unquote(parts.path)
    if "\\" in path or "\x00" in path:
        return None
    if path.startswith(settings.STATIC_URL):
        return _static_file(path[len(settings.STATIC_URL) :])
    if settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
        relative = path[len(settings.MEDIA_URL) :]
        if ".." in Path(relative).parts:
            return None
        return _within(Path(settings.MEDIA_ROOT), relative)
    return None


def _media_from_storage(url: str) -> bytes | None:
    """A media file (a logo) read through Django's storage API when the default
    storage is not the local disk (DJANGO_STORAGE=s3); None when it is not there."""
    if isinstance(default_storage, FileSystemStorage) or not settings.MEDIA_URL:
        return None  # resolve_local_url already looked on the disk
    parts = urlsplit(url)
    path = unquote(parts.path)
    if f"{parts.scheme}://{parts.netloc}/" != PDF_BASE_URL or parts.query:
        return None
    if not path.startswith(settings.MEDIA_URL):
        return None
    name = path[len(settings.MEDIA_URL) :]
    if ".." in Path(name).parts or "\\" in name or "\x00" in name:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


class LocalOnlyURLFetcher(URLFetcher):
    """Serves Remit's static and media files; refuses every other URL. `asked` and
    `refused` list what a render requested (tests read them)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.asked: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        if url.startswith("data:"):
            return super().fetch(
                url, headers
            )  # inline data; urllib decodes it without I/O
        path = resolve_local_url(url)
        body = path.read_bytes() if path else _media_from_storage(url)
        if body is None:
            self.refused.append(url)
            logger.warning("PDF render refused to fetch %s", url[:200])
            raise RefusedURL(
                "Only Remit's own static and media files can be used in documents: "
                f"{url[:200]}"
            )
        mime, _ = mimetypes.guess_type(urlsplit(url).path)
        return URLFetcherResponse(
            url,
            body=body,
            headers={"Content-Type": mime or "application/octet-stream"},
        )


_local = threading.local()


def _stylesheet() -> tuple[CSS, FontConfiguration]:
    """The print stylesheet and its fonts, parsed once per thread."""
    cached = getattr(_local, "stylesheet", None)
    if cached is None:
        font_config = FontConfiguration()
        css = CSS(
            url=PDF_BASE_URL + settings.STATIC_URL.lstrip("/") + "css/pdf.css",
            url_fetcher=LocalOnlyURLFetcher(),
            font_config=font_config,
        )
        cached = _local.stylesheet = (css, font_config)
    return cached


def html_to_pdf(html: str, *, url_fetcher: LocalOnlyURLFetcher | None = None) -> bytes:
    """Render Remit-made HTML to PDF bytes with the print stylesheet and local fonts."""
    css, font_config = _stylesheet()
    document = HTML(
        string=html,
        base_url=PDF_BASE_URL,
        url_fetcher=url_fetcher or LocalOnlyURLFetcher(),
    )
    return document.write_pdf(stylesheets=[css], font_config=font_config)


def public_url_for(path: str) -> str:
    return public_url(path)  # the one helper: apps.core.links


def invoice_status_text(*, invoice, today=None) -> str:
    """The invoice's state in the customer's words."""
    today = today or timezone.localdate()
    status = invoice.status
    if status == "void":
        return "Void: no longer payable"
    if status == "paid":
        return "Paid in full"
    if status == "draft":
        return "Draft"
    words = "Partly paid" if status == "partially_paid" else "Awaiting payment"
    if invoice.awaiting_mail_since:
        words = "Awaiting a mailed payment"
    if invoice.is_overdue(today):
        words += (
            f", overdue since {invoice.due_date:%b} {invoice.due_date.day}, "
            f"{invoice.due_date.year}"
        )
    return words


def invoice_document_context(*, invoice) -> dict:
    """What the invoice body template needs; the hosted page and the PDF both use it."""
    return {
        "invoice": invoice,
        "company": invoice.company_profile,
        "client": invoice.client,
        "items": list(invoice.items.all()),
        "status_text": invoice_status_text(invoice=invoice),
        "public_url": public_url_for(invoice.get_public_url()),
    }


def invoice_html_render(*, invoice) -> str:
    """The invoice's document as HTML: what the PDF is made from (an API that
    serves invoices as HTML sends this)."""
    return render_to_string(
        "pdf/invoice.html", {**invoice_document_context(invoice=invoice), "pdf": True}
    )


# Bump when anything that shapes a PDF changes outside the HTML (the renderer's
# options, fonts): every stored copy is then rendered again.
PDF_RENDER_VERSION = "1"
PDF_CACHE_DIR = "pdf-cache/invoices"


def _renderer_fingerprint() -> str:
    """What shapes a PDF besides its HTML: this module's version, WeasyPrint's, and
    the print stylesheet's bytes (read once per process)."""
    cached = getattr(_renderer_fingerprint, "value", None)
    if cached is None:
        stylesheet = _static_file("css/pdf.css")
        css = stylesheet.read_bytes() if stylesheet else b""
        cached = f"{PDF_RENDER_VERSION}:{weasyprint.__version__}:"
        cached += hashlib.sha256(css).hexdigest()
        _renderer_fingerprint.value = cached
    return cached


def invoice_pdf_key(*, invoice, html: str) -> str:
    """The stored copy's name: a hash of the document's HTML (everything an edit of
    the invoice, its items, client, company profile or status changes), of the
    renderer, and of the company profile's last change (a logo replaced under the
    same file name changes no HTML, but saves the profile)."""
    profile = invoice.company_profile
    changed = profile.updated_at.isoformat() if profile.updated_at else ""
    digest = hashlib.sha256(
        f"{_renderer_fingerprint()}\n{changed}\n{html}".encode()
    ).hexdigest()
    return f"{PDF_CACHE_DIR}/{invoice.pk}/{digest}.pdf"


def _stored_pdf(name: str) -> bytes | None:
    try:
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
            if data.startswith(b"%PDF-"):
                return data
    except OSError:
        logger.warning("PDF cache unreadable: %s", name, exc_info=True)
    return None


def _store_pdf(name: str, data: bytes) -> None:
    """Keep `data` as the invoice's one stored copy (older copies are deleted).
    A failure to store only costs the next download a render."""
    folder = name.rsplit("/", 1)[0]
    try:
        _, files = default_storage.listdir(folder)
    except (FileNotFoundError, OSError):
        files = []
    try:
        for old in files:
            if f"{folder}/{old}" != name:
                default_storage.delete(f"{folder}/{old}")
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(data))
    except OSError:
        logger.warning("PDF cache not written: %s", name, exc_info=True)


def invoice_pdf_render(*, invoice) -> bytes:
    """The invoice's PDF. An unchanged document is served from its stored copy
    (Django's storage API, so S3 in production): the HTML is rendered (cheap) and
    hashed, and WeasyPrint (the cost) runs only when that hash has no copy yet."""
    html = invoice_html_render(invoice=invoice)
    name = invoice_pdf_key(invoice=invoice, html=html)
    data = _stored_pdf(name)
    if data is None:
        data = html_to_pdf(html)
        _store_pdf(name, data)
    return data
