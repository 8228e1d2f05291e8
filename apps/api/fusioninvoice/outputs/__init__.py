"""FusionInvoice record shapes out: output serializers (`records`) over the field
types and formats they share (`fields`)."""

from .fields import (
    fi_timestamp,
)
from .records import (
    PAYMENT_METHOD_IDS,
    PAYMENT_METHODS,
    FIClientWithAmountsSerializer,
    FIInvoiceRowSerializer,
    FIInvoiceSerializer,
    FIPaymentSerializer,
    FIPaymentWithInvoiceSerializer,
    FIQuoteRowSerializer,
    FIQuoteSerializer,
)

__all__ = [
    "FIClientWithAmountsSerializer",
    "FIInvoiceRowSerializer",
    "FIInvoiceSerializer",
    "FIPaymentSerializer",
    "FIPaymentWithInvoiceSerializer",
    "FIQuoteRowSerializer",
    "FIQuoteSerializer",
    "PAYMENT_METHODS",
    "PAYMENT_METHOD_IDS",
    "fi_timestamp",
]
