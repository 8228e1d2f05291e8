"""`POST invoice/{id}/pay`: a charge through the same payment service and gateway as
the hosted page, answered as FluidPay's transaction object. A decline is HTTP 200 with
`data.response` "declined", as the vendor answers it."""

import hashlib

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.core.money import from_minor_units, to_minor_units
from apps.invoices.models import Invoice
from apps.payments.gateways.base import ach_clean, card_clean
from apps.payments.models import Payment
from apps.payments.services import payment_charge, payment_record

from .. import schema
from ..errors import BadRequest, django_errors
from ..inputs import FluidPayPayInputSerializer
from ..outputs import transaction_data
from .invoices import ID_PARAMETER, FluidPayView, invoices, success

CARD_FIELDS = {"card_number": "number", "expiry": "expiration_date", "cvc": "cvc"}
# The payment service's field names as this request calls them.
PAY_FIELDS = {"tip": "tip_amount", "method": "payment_method"}


def _idempotency_key(request, invoice: Invoice) -> str | None:
    """The payment row's one-time key for the caller's Idempotency-Key.

    apps.api.common.idempotency replays answers per (credential, key); this key is the
    second line behind it (a retry after a 5xx, or after the replay window): it is
    scoped to the credential and the invoice, so another caller, or another invoice,
    using the same header value never receives someone else's transaction."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    scope = f"{type(request.auth).__name__}:{request.auth.pk}:{invoice.pk}:{key}"
    return "fluidpay:" + hashlib.sha256(scope.encode()).hexdigest()


def _transaction(request, payment, invoice_id) -> Response:
    return success(
        transaction_data(
            payment,
            invoices(request.user).get(pk=invoice_id),
            idempotency_key=request.headers.get("Idempotency-Key", "").strip(),
        )
    )


class InvoicePayView(FluidPayView):
    @extend_schema(
        operation_id="fluidpay_invoice_pay",
        tags=["FluidPay"],
        parameters=[ID_PARAMETER],
        request=FluidPayPayInputSerializer,
        responses={200: schema.TRANSACTION_ENVELOPE, **schema.FAILURES},
        summary="Charge the invoice by card or ACH",
        description=(
            'A decline is HTTP 200 with `data.response` "declined" (the vendor\'s '
            "way). Sandbox: 4000000000000002 declines; with an approving card, "
            "amounts ending .01 decline (200), .02 insufficient funds (202), .03 "
            "expired card (223), .50 processor error (300). This mapping is Remit's "
            "own, not FluidPay's. A charge the payer's rules refuse (partial payment "
            "below the minimum or not allowed, a tip not allowed or above the amount, "
            "a method the invoice does not take, a void or paid invoice) is a 400 "
            "`failed` naming the field, and charges nothing: the hosted page gives "
            "the same answer."
        ),
    )
    def post(self, request, invoice_id):
        invoice = self.invoice(invoice_id)
        data = self.body(FluidPayPayInputSerializer)
        method = data.get("payment_method") or {}
        amount = data.get("amount", to_minor_units(invoice.balance, invoice.currency))
        amount = from_minor_units(amount, invoice.currency)
        tip = from_minor_units(data.get("tip_amount", 0), invoice.currency)
        if not method.get("card") and not method.get("ach"):
            if method.get("customer") or method.get("token"):
                raise BadRequest(
                    "payment_method: stored customers and tokens are not supported; "
                    "send card or ach."
                )
            if invoice.awaiting_mail_since is None:
                raise BadRequest(
                    "payment_method: This field is required; send card or ach."
                )
            payment = payment_record(
                invoice=invoice,
                amount=amount,
                tip=tip,
                method=Payment.Method.MAIL,
                by=request.user,
                source=Payment.Source.API,
                idempotency_key=_idempotency_key(request, invoice),
            )
            return _transaction(request, payment, invoice.pk)
        card = ach = None
        try:
            if method.get("card"):
                details = method["card"]
                card = card_clean(
                    number=details["number"],
                    expiry=details["expiration_date"],
                    cvc=details.get("cvc", ""),
                )
            else:
                details = method["ach"]
                ach = ach_clean(
                    routing_number=details["routing_number"],
                    account_number=details["account_number"],
                    account_type=details["account_type"],
                )
        except ValidationError as exc:
            prefix = (
                "payment_method.card"
                if card is None and method.get("card")
                else "payment_method.ach"
            )
            raise BadRequest(
                django_errors(exc, prefix=prefix, names=CARD_FIELDS)
            ) from None
        try:
            result = payment_charge(
                invoice=invoice,
                amount=amount,
                tip=tip,
                card=card,
                ach=ach,
                idempotency_key=_idempotency_key(request, invoice),
                source=Payment.Source.API,
                by=request.user,
            )
        except ValidationError as exc:  # refused by the payer's rules: nothing charged
            raise BadRequest(django_errors(exc, names=PAY_FIELDS)) from None
        return _transaction(request, result.payment, invoice.pk)
