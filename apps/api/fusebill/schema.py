"""`extend_schema` arguments for the Fusebill views (OpenAPI only; no behaviour)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from . import serializers as s
from .paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

TAGS = ["Fusebill"]
_ERROR = OpenApiResponse(
    s.FusebillErrorSerializer, description="Fusebill error envelope"
)
_ERRORS = {400: _ERROR, 401: _ERROR, 404: _ERROR, 429: _ERROR}


def _bool(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        OpenApiTypes.BOOL,
        description=description + " (`true`/`false`; default false)",
    )


GROUP_CHARGES = _bool(
    "groupCharges", "Return `chargeGroups` (by item group) instead of `charges`."
)
TRACKED = _bool("showTrackedItems", "Add `trackedItems` to each charge.")
ZERO_DOLLAR = _bool("showZeroDollarCharges", "Include charges whose amount is 0.")

_HEADERS = [
    OpenApiParameter(
        name,
        OpenApiTypes.STR if name.startswith("X-Sort") else OpenApiTypes.INT,
        OpenApiParameter.HEADER,
        response=[200],
        description=text,
    )
    for name, text in (
        ("X-Count", "matching invoices"),
        ("X-MaxCount", "invoices before the query filter"),
        ("X-CurrentPage", "this 0-based page"),
        ("X-NextPage", "the next page; the current one on the last page"),
        ("X-PreviousPage", "the previous page; -1 on the first"),
        ("X-PageSize", "page size in effect"),
        (
            "X-MaxPageIndex",
            "the last 0-based page index: max(ceil(X-Count / X-PageSize) - 1, 0)",
        ),
        ("X-SortOrder", "Ascending or Descending"),
        ("X-SortExpression", "the field sorted on"),
    )
]


def invoice_list(fields: dict, *, full: bool) -> dict:
    names = ", ".join(f"`{name}`" for name in fields)
    parameters = [
        OpenApiParameter(
            "query",
            OpenApiTypes.STR,
            description=(
                "Filters `name:value` joined by `;` (AND). Strings match in full, "
                "case-insensitively; `*` is a wildcard; `[empty]` matches null or "
                "empty; `a,b` sets on ids and enums; ranges `lower|upper` on dates "
                "(upper bound exclusive) and decimals. Names: " + names
            ),
        ),
        OpenApiParameter(
            "pageSize",
            OpenApiTypes.INT,
            description=f"Default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE}.",
        ),
        OpenApiParameter(
            "pageNumber",
            OpenApiTypes.INT,
            description="0-based; a page past the end is [].",
        ),
        OpenApiParameter(
            "sortOrder", OpenApiTypes.STR, enum=["Ascending", "Descending"]
        ),
        OpenApiParameter(
            "sortExpression",
            OpenApiTypes.STR,
            enum=list(fields),
            description="Any filter name; default `id`.",
        ),
        *_HEADERS,
    ]
    if full:
        parameters += [GROUP_CHARGES, TRACKED, ZERO_DOLLAR]
    return {
        "tags": TAGS,
        "parameters": parameters,
        "responses": {200: s.FusebillInvoiceSerializer(many=True), **_ERRORS},
        "description": "Posted invoices as a bare JSON array"
        + ("." if full else ", without their charges."),
    }


def invoice_detail() -> dict:
    return {
        "tags": TAGS,
        "parameters": [GROUP_CHARGES, TRACKED, ZERO_DOLLAR],
        "responses": {200: s.FusebillInvoiceSerializer, **_ERRORS},
    }


def invoice_pdf() -> dict:
    return {
        "tags": TAGS,
        "parameters": [TRACKED],
        "responses": {
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The invoice as PDF"
            ),
            **{(code, "application/json"): _ERROR for code in (401, 404, 429)},
        },
    }


def payment_allocations() -> dict:
    return {
        "tags": TAGS,
        "responses": {200: s.FusebillPaymentAllocationSerializer(many=True), **_ERRORS},
    }
