"""Fusebill's customer resource, read-only, served from Remit's clients; and a
customer's draft invoices."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.clients.selectors import client_amounts_by_currency, client_list

from .. import outputs, schema
from ..query import CUSTOMER_FIELDS, DRAFT_FIELDS
from .base import FusebillView


class CustomerListView(FusebillView):
    """GET customers: every live client, active or not (`status` Cancelled)."""

    @extend_schema(**schema.customer_list())
    def get(self, request):
        options = self.options_for(request)
        return self.list_answer(
            request,
            client_list(user=request.user),
            CUSTOMER_FIELDS,
            lambda rows: [outputs.customer_full(c, options) for c in rows],
        )


class CustomerDetailView(FusebillView):
    """GET customers/{customerId}."""

    @extend_schema(**schema.customer_detail())
    def get(self, request, customer_id: int):
        client = self.customer_or_404(request, customer_id)
        return Response(outputs.customer_full(client, self.options_for(request)))


class CustomerOverviewView(FusebillView):
    """GET customers/{customerId}/overview: the customer in short, with what it owes
    in its own currency (`client_amounts_by_currency`)."""

    @extend_schema(**schema.customer_overview())
    def get(self, request, customer_id: int):
        client = self.customer_or_404(request, customer_id)
        # The client's own currency comes first; amounts are never added across
        # currencies, so invoices in another currency are not in this overview.
        own = client_amounts_by_currency(client=client)[0]
        if own["currency"] != client.currency:
            own = None
        return Response(
            outputs.customer_overview(client, self.options_for(request), amounts=own)
        )


class CustomerDraftInvoiceListView(FusebillView):
    """GET customers/{customerId}/DraftInvoices: the customer's drafts, summarised
    (no charges), with the same query, paging and sorting as the invoice lists."""

    @extend_schema(**schema.draft_list())
    def get(self, request, customer_id: int):
        self.customer_or_404(request, customer_id)
        options = self.options_for(request)
        drafts = self.draft_invoices(request, with_items=False)
        return self.list_answer(
            request,
            drafts.filter(client_id=customer_id),
            DRAFT_FIELDS,
            lambda rows: [outputs.draft_summary(d, options) for d in rows],
        )
