"""FluidPay request bodies in: `shapes` checks their types (DRF serializers),
`translate` maps them onto the domain's service arguments."""

from .shapes import (
    FluidPayInvoiceInputSerializer,
    FluidPayPayInputSerializer,
    FluidPaySearchSerializer,
    FluidPayTransactionSearchSerializer,
    drop_nulls,
)
from .translate import fp_extra, invoice_fields_from

__all__ = [
    "FluidPayInvoiceInputSerializer",
    "FluidPayPayInputSerializer",
    "FluidPaySearchSerializer",
    "FluidPayTransactionSearchSerializer",
    "drop_nulls",
    "fp_extra",
    "invoice_fields_from",
]
