"""OpenAPI for the Fusebill views (drf-spectacular; no behaviour): schema-only
serializers that describe Fusebill's JSON, and the `extend_schema` arguments.
Responses are built by `outputs` (plain dicts), so money keeps its exact digits.
`invoices` covers the seed's invoice endpoints, `resources` the rest."""

from .invoices import (
    invoice_detail,
    invoice_list,
    invoice_pdf,
    payment_allocations,
)
from .resources import (
    credit_allocations,
    customer_detail,
    customer_list,
    customer_overview,
    draft_detail,
    draft_list,
    draft_post,
    invoice_html,
    invoice_summaries,
    payment_detail,
    write_off,
)

__all__ = [
    "credit_allocations",
    "customer_detail",
    "customer_list",
    "customer_overview",
    "draft_detail",
    "draft_list",
    "draft_post",
    "invoice_detail",
    "invoice_html",
    "invoice_list",
    "invoice_pdf",
    "invoice_summaries",
    "payment_allocations",
    "payment_detail",
    "write_off",
]
