"""What every Fusebill view shares: authentication, the role check, the throttle, the
error envelope, the posted-invoice and draft scopes, and the list answer (the `query`
filter, paging and sorting, the nine `X-*` headers)."""

from django.utils import timezone
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from apps.api.common.permissions import RolePermission
from apps.clients.models import Client
from apps.clients.selectors import client_list
from apps.invoices.models import Invoice, TaxRate
from apps.invoices.selectors import invoice_ar_balances_alias, invoice_list
from apps.payments.selectors import payment_credit_memo_totals_annotate

from .. import errors, outputs
from ..auth import FusebillKeyAuthentication
from ..errors import QUERY_NOT_VALID, FusebillError
from ..query import QueryError, page_from, parse_query
from ..renderers import FirstRendererNegotiation, FusebillJSONRenderer


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

    def _documents(self, request, *, with_items: bool = True):
        """Live invoices, not credit memos (Fusebill's credit notes are another
        resource), with what the invoice objects show."""
        qs = invoice_list(user=request.user, with_items=with_items).exclude(
            type=Invoice.Type.CREDIT_MEMO
        )
        return payment_credit_memo_totals_annotate(invoice_ar_balances_alias(qs))

    def posted_invoices(self, request, *, with_items: bool = True):
        """Fusebill's posted invoices: out of draft."""
        return self._documents(request, with_items=with_items).exclude(
            status=Invoice.Status.DRAFT
        )

    def draft_invoices(self, request, *, with_items: bool = True):
        """Fusebill's draft invoices: Remit's drafts, shown only here."""
        return self._documents(request, with_items=with_items).filter(
            status=Invoice.Status.DRAFT
        )

    def invoice_or_404(self, request, invoice_id: int) -> Invoice:
        found = self.posted_invoices(request).filter(pk=invoice_id).first()
        if found is None:
            raise FusebillError(f"Invoice with id {invoice_id} not found.", 404)
        return found

    def draft_or_404(self, request, draft_id: int) -> Invoice:
        found = self.draft_invoices(request).filter(pk=draft_id).first()
        if found is None:
            raise FusebillError(f"Draft invoice with id {draft_id} not found.", 404)
        return found

    def customer_or_404(self, request, customer_id: int) -> Client:
        found = client_list(user=request.user).filter(pk=customer_id).first()
        if found is None:
            raise FusebillError(f"Customer with id {customer_id} not found.", 404)
        return found

    def list_answer(self, request, everything, fields: dict, render) -> Response:
        """A Fusebill list: `everything` filtered by `query`, one page of it sorted,
        each row rendered by `render(rows)`, with the paging headers."""
        page = page_from(request.query_params, fields)
        try:
            condition = parse_query(request.query_params.get("query"), fields)
        except QueryError:
            raise FusebillError(QUERY_NOT_VALID) from None
        matching = everything.filter(condition)
        count = matching.count()
        max_count = count if not condition else everything.count()
        start, end = page.bounds
        rows = (
            list(matching.order_by(*page.ordering)[start:end]) if start < count else []
        )
        return Response(
            render(rows), headers=page.headers(count=count, max_count=max_count)
        )


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
