"""Fusebill's invoice endpoints: a translator over the invoice selectors.

Only posted invoices exist here (Fusebill keeps drafts elsewhere): live invoices
that left draft, void ones included.
"""

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from apps.api.common.permissions import RolePermission
from apps.clients.selectors import client_list
from apps.core.http import content_disposition
from apps.invoices.models import Invoice, TaxRate
from apps.invoices.pdf import invoice_pdf_render
from apps.invoices.selectors import (
    invoice_ar_balances,
    invoice_ar_balances_alias,
    invoice_list,
)
from apps.payments.models import Payment
from apps.payments.selectors import (
    payment_credit_memo_totals_annotate,
    payment_list_for_invoice,
)

from . import errors, outputs, schema
from .auth import FusebillKeyAuthentication
from .errors import QUERY_NOT_VALID, FusebillError
from .query import (
    CUSTOMER_INVOICE_FIELDS,
    INVOICE_FIELDS,
    QueryError,
    page_from,
    parse_query,
)
from .renderers import FirstRendererNegotiation, FusebillJSONRenderer


class FusebillThrottle(SimpleRateThrottle):
    """Fusebill's documented limit, per API key."""

    scope = "fusebill"
    rate = "1000/min"

    def get_rate(self):
        return self.rate

    def get_cache_key(self, request, view):
        key = getattr(request, "auth", None)
        return self.cache_format % {
            "scope": self.scope,
            "ident": key.pk if key is not None else self.get_ident(request),
        }


class FusebillView(APIView):
    authentication_classes = [FusebillKeyAuthentication]
    permission_classes = [RolePermission]
    renderer_classes = [FusebillJSONRenderer]
    parser_classes: list = []  # GETs only; a `{}` body some clients send is never read
    content_negotiation_class = FirstRendererNegotiation
    throttle_classes = [FusebillThrottle]

    def get_exception_handler(self):
        return errors.exception_handler

    def options_for(self, request, **flags) -> outputs.Options:
        return outputs.Options(
            base_uri=request.build_absolute_uri("/fusebill/v1/"),
            today=timezone.localdate(),
            **flags,
        )

    def posted_invoices(self, request, *, with_items: bool = True):
        """Fusebill's posted invoices: live, out of draft, and not credit memos
        (Fusebill's credit notes are another resource)."""
        qs = (
            invoice_list(user=request.user, with_items=with_items)
            .exclude(status=Invoice.Status.DRAFT)
            .exclude(type=Invoice.Type.CREDIT_MEMO)
        )
        return payment_credit_memo_totals_annotate(invoice_ar_balances_alias(qs))

    def invoice_or_404(self, request, invoice_id: int) -> Invoice:
        found = self.posted_invoices(request).filter(pk=invoice_id).first()
        if found is None:
            raise FusebillError(f"Invoice with id {invoice_id} not found.", 404)
        return found


def boolean(request, name: str, default: bool = False) -> bool:
    """`true`/`false` (any case), `1`/`0`; missing or empty is the default."""
    raw = (request.query_params.get(name) or "").strip().lower()
    if raw == "":
        return default
    if raw in ("true", "1"):
        return True
    if raw in ("false", "0"):
        return False
    raise FusebillError(f"Bad request, {name} must be true or false.")


def tax_rates_for(invoices) -> dict:
    ids = {
        source
        for inv in invoices
        for item in inv.items.all()
        for source in (item.tax_rate_1_source_id, item.tax_rate_2_source_id)
        if source
    }
    return TaxRate.objects.in_bulk(ids) if ids else {}


class _InvoiceListView(FusebillView):
    fields: dict = {}
    full_invoices = True

    def invoices(self, request, **kwargs):
        return self.posted_invoices(request)

    def get(self, request, **kwargs):
        page = page_from(request.query_params, self.fields)
        try:
            condition = parse_query(request.query_params.get("query"), self.fields)
        except QueryError:
            raise FusebillError(QUERY_NOT_VALID) from None
        options = self.options_for(
            request,
            include_charges=self.full_invoices,
            group_charges=boolean(request, "groupCharges"),
            show_tracked_items=boolean(request, "showTrackedItems"),
            show_zero_dollar_charges=boolean(request, "showZeroDollarCharges"),
        )
        everything = self.invoices(request, **kwargs)
        matching = everything.filter(condition)
        count = matching.count()
        max_count = count if not condition else everything.count()
        start, end = page.bounds
        rows = (
            list(matching.order_by(*page.ordering)[start:end]) if start < count else []
        )
        options.tax_rates = tax_rates_for(rows)
        options.ar_balances = invoice_ar_balances(rows)
        body = [outputs.invoice(inv, options) for inv in rows]
        return Response(body, headers=page.headers(count=count, max_count=max_count))


class InvoiceListView(_InvoiceListView):
    """GET Invoices: every posted invoice, without its charges."""

    fields = INVOICE_FIELDS
    full_invoices = False

    @extend_schema(**schema.invoice_list(INVOICE_FIELDS, full=False))
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)


class CustomerInvoiceListView(_InvoiceListView):
    """GET Customers/{customerId}/Invoices: one customer's posted invoices, in full."""

    fields = CUSTOMER_INVOICE_FIELDS

    def invoices(self, request, customer_id: int):
        if not client_list(user=request.user).filter(pk=customer_id).exists():
            raise FusebillError(f"Customer with id {customer_id} not found.", 404)
        return self.posted_invoices(request).filter(client_id=customer_id)

    @extend_schema(**schema.invoice_list(CUSTOMER_INVOICE_FIELDS, full=True))
    def get(self, request, customer_id: int):
        return super().get(request, customer_id=customer_id)


class InvoiceDetailView(FusebillView):
    """GET Invoices/{invoiceId}."""

    @extend_schema(**schema.invoice_detail())
    def get(self, request, invoice_id: int):
        options = self.options_for(
            request,
            group_charges=boolean(request, "groupCharges"),
            show_tracked_items=boolean(request, "showTrackedItems"),
            show_zero_dollar_charges=boolean(request, "showZeroDollarCharges"),
        )
        invoice = self.invoice_or_404(request, invoice_id)
        options.tax_rates = tax_rates_for([invoice])
        options.ar_balances = invoice_ar_balances([invoice])
        return Response(outputs.invoice(invoice, options))


class InvoicePdfView(FusebillView):
    """GET Invoices/pdf/{invoiceId}: the invoice as a PDF file."""

    @extend_schema(**schema.invoice_pdf())
    def get(self, request, invoice_id: int):
        boolean(request, "showTrackedItems")  # accepted; the PDF has no tracked items
        invoice = self.invoice_or_404(request, invoice_id)
        pdf = invoice_pdf_render(invoice=invoice)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(
            f"invoice-{invoice.sequence}", inline=True
        )
        return response


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
