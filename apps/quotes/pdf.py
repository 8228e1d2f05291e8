"""A quote's PDF, through the invoices' renderer (`html_to_pdf`): the same print
stylesheet, fonts and local-only URL fetcher."""

from django.template.loader import render_to_string

from apps.invoices.pdf import html_to_pdf


def quote_pdf_render(*, quote) -> bytes:
    context = {
        "quote": quote,
        "company": quote.company_profile,
        "client": quote.client,
        "items": list(quote.items.all()),
        "pdf": True,
    }
    return html_to_pdf(render_to_string("pdf/quote.html", context))
