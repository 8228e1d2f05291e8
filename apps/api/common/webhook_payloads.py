"""Webhook payloads in each dialect's shape: the event's invoice, payment or quote
written by that dialect's own `outputs`, with its own number and date formats, so a
consumer written for the vendor's API reads a webhook like an API answer.

`apps/webhooks` sits below the API, so it cannot import these; `register()` (from
`ApiCommonConfig.ready`) hands them to `apps.webhooks.payloads`. Each shape reads
its object as Remit itself (`SYSTEM`): the endpoint was registered by an Admin.
"""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from apps.accounts.roles import SYSTEM
from apps.api.fluidpay.outputs import invoice_data as fluidpay_invoice_data
from apps.api.fluidpay.outputs import transaction_data
from apps.api.fusebill import outputs as fusebill_outputs
from apps.api.fusebill.renderers import fusebill_dumps
from apps.api.fusebill.views.base import tax_rates_for
from apps.api.fusioninvoice.outputs import (
    FIInvoiceSerializer,
    FIPaymentWithInvoiceSerializer,
    FIQuoteSerializer,
)
from apps.api.timetap.outputs import OutputContext, quote_data
from apps.api.timetap.outputs import invoice_data as timetap_invoice_data
from apps.api.timetap.query import invoices_for
from apps.api.timetap.renderers import timetap_dumps
from apps.invoices.selectors import (
    invoice_ar_balances,
    invoice_ar_balances_alias,
    invoice_list,
)
from apps.payments.selectors import payment_credit_memo_totals_annotate, payment_get
from apps.quotes.selectors import quote_get
from apps.webhooks.payloads import payload_shape_register


def _drf_dumps(data) -> str:
    return json.dumps(data, cls=JSONEncoder, ensure_ascii=False)


class _BaseUrlRequest:
    """What FluidPay's outputs ask of a request: absolute URLs (Remit's public base,
    as in emails and PDFs, since there is no request behind a webhook)."""

    def build_absolute_uri(self, path: str) -> str:
        return urljoin(settings.REMIT_PUBLIC_BASE_URL.rstrip("/") + "/", path)


# FusionInvoice
def _fi_invoice(pk: int) -> str:
    invoice = invoice_list(user=SYSTEM, with_items=True).get(pk=pk)
    return _drf_dumps(FIInvoiceSerializer(invoice).data)


def _fi_payment(pk: int) -> str:
    return _drf_dumps(
        FIPaymentWithInvoiceSerializer(payment_get(user=SYSTEM, pk=pk)).data
    )


def _fi_quote(pk: int) -> str:
    return _drf_dumps(FIQuoteSerializer(quote_get(user=SYSTEM, pk=pk)).data)


# Fusebill
def _fusebill_options():
    base = urljoin(settings.REMIT_PUBLIC_BASE_URL.rstrip("/") + "/", "fusebill/v1/")
    return fusebill_outputs.Options(base_uri=base, today=timezone.localdate())


def _fusebill_invoice(pk: int) -> str:
    qs = invoice_list(user=SYSTEM, with_items=True)
    invoice = payment_credit_memo_totals_annotate(invoice_ar_balances_alias(qs)).get(
        pk=pk
    )
    options = _fusebill_options()
    options.tax_rates = tax_rates_for([invoice])
    options.ar_balances = invoice_ar_balances([invoice])
    return fusebill_dumps(fusebill_outputs.invoice(invoice, options))


def _fusebill_payment(pk: int) -> str:
    payment = payment_get(user=SYSTEM, pk=pk)
    return fusebill_dumps(
        fusebill_outputs.payment_allocation(payment, _fusebill_options())
    )


# FluidPay
def _fluidpay_invoice(pk: int) -> str:
    invoice = invoice_list(user=SYSTEM, with_items=True).get(pk=pk)
    return _drf_dumps(fluidpay_invoice_data(invoice, _BaseUrlRequest()))


def _fluidpay_payment(pk: int) -> str:
    payment = payment_get(user=SYSTEM, pk=pk)
    return _drf_dumps(transaction_data(payment, payment.invoice))


# TimeTap
def _timetap_invoice(pk: int) -> str:
    invoice = invoices_for(SYSTEM).get(pk=pk)
    return timetap_dumps(timetap_invoice_data(invoice, OutputContext()))


def _timetap_quote(pk: int) -> str:
    from apps.api.timetap.renderers import timetap_dumps

    return timetap_dumps(quote_data(quote_get(user=SYSTEM, pk=pk), OutputContext()))


SHAPES = {
    ("fusioninvoice", "invoice"): _fi_invoice,
    ("fusioninvoice", "payment"): _fi_payment,
    ("fusioninvoice", "quote"): _fi_quote,
    ("fusebill", "invoice"): _fusebill_invoice,
    ("fusebill", "payment"): _fusebill_payment,
    ("fluidpay", "invoice"): _fluidpay_invoice,
    ("fluidpay", "payment"): _fluidpay_payment,
    ("timetap", "invoice"): _timetap_invoice,
    ("timetap", "quote"): _timetap_quote,
}


def register() -> None:
    for (dialect, kind), shape in SHAPES.items():
        payload_shape_register(dialect=dialect, kind=kind, shape=shape)
