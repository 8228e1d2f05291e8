"""FusionInvoice's list grammar: column filters and sorting (`grammar`), each
module's columns and the named filters (`modules`), and paging (`paging`)."""

from .grammar import FieldNameError, list_filter, list_sort, number_sort, wants
from .modules import grammar, named_filters
from .paging import laravel_page, page_number, per_page

__all__ = [
    "FieldNameError",
    "grammar",
    "laravel_page",
    "list_filter",
    "list_sort",
    "named_filters",
    "number_sort",
    "page_number",
    "per_page",
    "wants",
]
