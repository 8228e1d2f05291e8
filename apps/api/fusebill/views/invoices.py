"""Fusebill's posted-invoice endpoints: a translator over the invoice selectors.

Only posted invoices exist here (Fusebill keeps drafts elsewhere, `drafts.py`): live
invoices that left draft, void ones included.
"""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from apps.core.http import content_disposition
from apps.invoices.models import Invoice
from apps.invoices.pdf import invoice_html_render, invoice_pdf_render
from apps.invoices.selectors import invoice_ar_balances
from apps.invoices.services import invoice_status_set, invoice_write_off
from apps.payments.models import Payment
from apps.payments.selectors import payment_list_for_invoice

from .. import outputs, schema
from ..inputs import draft_post_from, write_off_from
from ..query import CUSTOMER_INVOICE_FIELDS, INVOICE_FIELDS, summary_fields
from .base import FusebillView, boolean, tax_rates_for


class _InvoiceListView(FusebillView):
    fields: dict = {}
    full_invoices = True

    def invoices(self, request, **kwargs):
        return self.posted_invoices(request)

    def get(self, request, **kwargs):
        options = self.options_for(
            request,
            include_charges=self.full_invoices,
            group_charges=boolean(request, "groupCharges"),
            show_tracked_items=boolean(request, "showTrackedItems"),
            show_zero_dollar_charges=boolean(request, "showZeroDollarCharges"),
        )

        def render(rows):
            options.tax_rates = tax_rates_for(rows)
            options.ar_balances = invoice_ar_balances(rows)
            return [outputs.invoice(inv, options) for inv in rows]

        everything = self.invoices(request, **kwargs)
        return self.list_answer(request, everything, self.fields, render)


class InvoiceListView(_InvoiceListView):
    """GET Invoices: every posted invoice, without its charges.
    POST Invoices?draftInvoiceId=: post a draft (Remit sends it)."""

    fields = INVOICE_FIELDS
    full_invoices = False
    parser_classes = [JSONParser]

    @extend_schema(**schema.invoice_list(INVOICE_FIELDS, full=False))
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    @extend_schema(**schema.draft_post())
    def post(self, request):
        draft_id = draft_post_from(request.query_params, request.data)
        draft = self.draft_or_404(request, draft_id)
        invoice_status_set(invoice=draft, status=Invoice.Status.SENT, by=request.user)
        return invoice_answer(self, request, draft.pk)


class CustomerInvoiceListView(_InvoiceListView):
    """GET Customers/{customerId}/Invoices: one customer's posted invoices, in full."""

    fields = CUSTOMER_INVOICE_FIELDS

    def invoices(self, request, customer_id: int):
        self.customer_or_404(request, customer_id)
        return self.posted_invoices(request).filter(client_id=customer_id)

    @extend_schema(**schema.invoice_list(CUSTOMER_INVOICE_FIELDS, full=True))
    def get(self, request, customer_id: int):
        return super().get(request, customer_id=customer_id)


def invoice_answer(view: FusebillView, request, invoice_id: int) -> Response:
    """One posted invoice, as `GET Invoices/{id}` answers it (also the answer to
    posting a draft and to a write-off)."""
    options = view.options_for(
        request,
        group_charges=boolean(request, "groupCharges"),
        show_tracked_items=boolean(request, "showTrackedItems"),
        show_zero_dollar_charges=boolean(request, "showZeroDollarCharges"),
    )
    invoice = view.invoice_or_404(request, invoice_id)
    options.tax_rates = tax_rates_for([invoice])
    options.ar_balances = invoice_ar_balances([invoice])
    return Response(outputs.invoice(invoice, options))


class InvoiceDetailView(FusebillView):
    """GET Invoices/{invoiceId}."""

    @extend_schema(**schema.invoice_detail())
    def get(self, request, invoice_id: int):
        return invoice_answer(self, request, invoice_id)


class InvoicePdfView(FusebillView):
    """GET Invoices/pdf/{invoiceId}: the invoice as a PDF file."""

    @extend_schema(**schema.invoice_pdf())
    def get(self, request, invoice_id: int):
        boolean(request, "showTrackedItems")  # accepted; the PDF has no tracked items
        invoice = self.invoice_or_404(request, invoice_id)
        response = HttpResponse(invoice_pdf_render(invoice=invoice), "application/pdf")
        response["Content-Disposition"] = content_disposition(
            f"invoice-{invoice.sequence}", inline=True
        )
        return response


class InvoiceHtmlView(FusebillView):
    """GET Invoices/html/{invoiceId}: the PDF's document as HTML, sent as a JSON
    string (Fusebill answers JSON; a client gets the markup by decoding it)."""

    @extend_schema(**schema.invoice_html())
    def get(self, request, invoice_id: int):
        boolean(request, "showTrackedItems")
        invoice = self.invoice_or_404(request, invoice_id)
        return Response(invoice_html_render(invoice=invoice))


class InvoicePaymentAllocationsView(FusebillView):
    """GET invoices/{invoiceId}/paymentAllocations: succeeded payments, oldest first."""

    @extend_schema(**schema.payment_allocations())
    def get(self, request, invoice_id: int):
        invoice = self.invoice_or_404(request, invoice_id)
        # Credit-memo settlements are Fusebill credit allocations, not payments.
        payments = payment_list_for_invoice(invoice=invoice)
        payments = payments.exclude(method=Payment.Method.CREDIT_MEMO)
        options = self.options_for(request)
        return Response([outputs.payment_allocation(p, options) for p in payments])


class InvoiceCreditAllocationsView(FusebillView):
    """GET invoices/{invoiceId}/creditAllocations: credit memos applied, oldest
    first."""

    @extend_schema(**schema.credit_allocations())
    def get(self, request, invoice_id: int):
        invoice = self.invoice_or_404(request, invoice_id)
        credits = payment_list_for_invoice(invoice=invoice).filter(
            method=Payment.Method.CREDIT_MEMO
        )
        return Response([outputs.credit_allocation(p) for p in credits])


class InvoiceWriteOffView(FusebillView):
    """POST invoices/writeoff `{"invoiceId", "amount", "reference"}`: write off some
    or all of a posted invoice's balance (`invoice_write_off` decides how much may
    go). Answers the invoice afterwards (`totalWriteoffs`, `outstandingBalance`);
    `reference` is accepted and not stored."""

    parser_classes = [JSONParser]

    @extend_schema(**schema.write_off())
    def post(self, request):
        data = write_off_from(request.data)
        invoice = self.invoice_or_404(request, data["invoice_id"])
        invoice_write_off(invoice=invoice, by=request.user, amount=data["amount"])
        return invoice_answer(self, request, invoice.pk)


class InvoiceSummaryListView(FusebillView):
    """GET invoiceSummaries: posted invoices as summaries, filterable by
    `invoiceStatus` (the same words the invoices show)."""

    @extend_schema(**schema.invoice_summaries())
    def get(self, request):
        options = self.options_for(request)
        fields = summary_fields(today=options.today)
        everything = self.posted_invoices(request, with_items=False)
        return self.list_answer(
            request,
            everything,
            fields,
            lambda rows: [outputs.invoice_summary(inv, options) for inv in rows],
        )
