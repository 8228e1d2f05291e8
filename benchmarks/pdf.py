"""PDF render speed: invoice_pdf_render against WeasyPrint alone on the same HTML.

    DJANGO_SETTINGS_MODULE=config.settings.test python benchmarks/pdf.py [--runs 7]

Builds a 1-page and a 10-page invoice in a throwaway in-memory database, then prints
the median wall time of a render (Remit's HTML and `html_to_pdf`, what
`invoice_pdf_render` does when it has no stored copy) and of
`HTML(string=...).write_pdf()` (WeasyPrint's defaults: no Remit stylesheet, no
fetcher, system fonts), and their ratio; then a repeated download of the unchanged
invoice (`invoice_pdf_render`: the HTML, its hash, the stored copy read back through
Django's storage API, in a temporary MEDIA_ROOT) as a share of a render (goal < 5%).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from apps.invoices.pdf import (  # noqa: E402
    html_to_pdf,
    invoice_document_context,
    invoice_html_render,
    invoice_pdf_render,
)
from apps.invoices.selectors import invoice_get_public  # noqa: E402


def _median(fn, runs: int) -> float:
    fn()  # warm up: template cache, font loading
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="remit-bench-pdf-")
    call_command("migrate", verbosity=0, run_syncdb=True)
    from tests.factories.invoices import InvoiceFactory, item_data

    print(
        f"{'invoice':<10}{'pages':>6}{'remit (ms)':>13}"
        f"{'weasyprint (ms)':>18}{'ratio':>8}{'stored copy (ms)':>18}{'share':>8}"
    )
    for label, lines in (("1-page", 5), ("10-page", 290)):
        items = [
            item_data(name=f"Service line {i}", unit_price=Decimal("12.50"))
            for i in range(lines)
        ]
        invoice = InvoiceFactory(sent=True, items=items)
        data = invoice_pdf_render(invoice=invoice)
        pages = len(PdfReader(__import__("io").BytesIO(data)).pages)
        html = render_to_string(
            "pdf/invoice.html",
            {**invoice_document_context(invoice=invoice), "pdf": True},
        )
        remit = _median(
            lambda invoice=invoice: html_to_pdf(invoice_html_render(invoice=invoice)),
            args.runs,
        )
        plain = _median(lambda html=html: HTML(string=html).write_pdf(), args.runs)
        assert invoice_pdf_render(invoice=invoice) == data  # the stored copy
        stored = _median(
            lambda h=invoice.public_hash: invoice_pdf_render(
                invoice=invoice_get_public(public_hash=h)
            ),
            args.runs,
        )
        print(
            f"{label:<10}{pages:>6}{remit * 1000:>13.0f}"
            f"{plain * 1000:>18.0f}{remit / plain:>8.2f}"
            f"{stored * 1000:>18.1f}{stored / remit:>8.1%}"
        )


if __name__ == "__main__":
    main()
