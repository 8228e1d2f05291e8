"""Fusebill's draft invoices: Remit's drafts, which the posted-invoice endpoints never
show. Posting one is `POST Invoices?draftInvoiceId=` (views/invoices.py)."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.core.http import content_disposition
from apps.invoices.pdf import invoice_pdf_render

from .. import outputs, schema
from .base import FusebillView, boolean, tax_rates_for


class DraftInvoiceDetailView(FusebillView):
    """GET draftinvoices/{draftInvoiceId}, with its `draftCharges`."""

    @extend_schema(**schema.draft_detail())
    def get(self, request, draft_id: int):
        options = self.options_for(
            request,
            group_charges=boolean(request, "groupCharges"),
            show_zero_dollar_charges=True,  # a draft shows every charge it will post
        )
        draft = self.draft_or_404(request, draft_id)
        options.tax_rates = tax_rates_for([draft])
        return Response(outputs.draft_invoice(draft, options))


class DraftInvoicePdfView(FusebillView):
    """GET draftinvoices/pdf/{draftInvoiceId}: the draft as a PDF file."""

    @extend_schema(**schema.invoice_pdf())
    def get(self, request, draft_id: int):
        boolean(request, "showTrackedItems")  # accepted; the PDF has no tracked items
        draft = self.draft_or_404(request, draft_id)
        response = HttpResponse(invoice_pdf_render(invoice=draft), "application/pdf")
        response["Content-Disposition"] = content_disposition(
            f"draft-{draft.pk}", inline=True
        )
        return response
