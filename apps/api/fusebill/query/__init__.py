"""Fusebill's list grammar: the `query` filter language (`grammar`), the names each
endpoint filters and sorts on (`fields`), and paging and sorting (`paging`)."""

from .fields import (
    CUSTOMER_FIELDS,
    CUSTOMER_INVOICE_FIELDS,
    DRAFT_FIELDS,
    INVOICE_FIELDS,
    summary_fields,
)
from .grammar import NOTHING, Field, QueryError, field_for, parse_query
from .paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, page_from

__all__ = [
    "CUSTOMER_FIELDS",
    "CUSTOMER_INVOICE_FIELDS",
    "DRAFT_FIELDS",
    "DEFAULT_PAGE_SIZE",
    "INVOICE_FIELDS",
    "MAX_PAGE_SIZE",
    "NOTHING",
    "Field",
    "Page",
    "QueryError",
    "field_for",
    "page_from",
    "parse_query",
    "summary_fields",
]
