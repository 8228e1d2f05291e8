"""The hosted invoice page: what a customer sees, downloads and pays.

No signing in. It lives in `payments` because it takes payments (and `invoices`
never imports `payments`); its URL names stay `public_invoices:*`.

Every lookup goes through `invoice_get_public` (drafts and deleted invoices do not
exist here) and answers one identical 404 for anything it does not find.
"""

import hmac
import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from apps.accounts.roles import is_active_staff
from apps.core.http import content_disposition
from apps.core.ratelimit import client_address, rate_limit_hit
from apps.invoices.models import Invoice, PaymentMethod
from apps.invoices.pdf import invoice_document_context, invoice_pdf_render
from apps.invoices.selectors import invoice_get_public
from apps.invoices.services import invoice_mark_awaiting_mail, invoice_mark_viewed

from .models import Payment
from .public_forms import ONE_TIME_KEY_RE, SENSITIVE_FIELDS, PublicPayForm
from .selectors import (
    payment_get_by_idempotency_key,
    payment_get_by_reference,
    payment_hosted_page_payments,
    payment_unsettled_total,
)
from .services import payment_attempt_refresh, payment_charge, payment_intent_start

# The public pages' policy, widened for Stripe.js and its frames (Stripe's
# documented CSP for the Payment Element); only on the page that shows it.
STRIPE_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' https://js.stripe.com",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: https://*.stripe.com",
        "font-src 'self'",
        "connect-src 'self' https://api.stripe.com",
        "frame-src https://js.stripe.com https://hooks.stripe.com",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_HASH_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_DUMMY_HASH = "x" * 32

DECLINE_MESSAGES = {
    200: "Your card was declined. Try another card or contact your bank.",
    202: (
        "Your card was declined for insufficient funds. "
        "Try another card or contact your bank."
    ),
    220: "This card cannot be used here. Try another card.",
    223: "Your card has expired. Try another card.",
}
ACH_DECLINE = (
    "Your bank declined the payment. Check the account details, or try a card."
)
CONFIRMING = (
    "We are confirming your payment with the payment processor. This page will "
    "show it as paid once it is confirmed; please do not pay again in the meantime."
)
ACH_PENDING = (
    "Thank you: your bank payment is pending. Bank transfers take a few business "
    "days to settle; the invoice shows it as paid once it has."
)
FAILED = (
    "We could not complete the payment because the payment processor did not answer. "
    "You have not been charged; please try again in a few minutes."
)


def _find(public_hash: str) -> Invoice | None:
    """The invoice for a hash, or None. The final comparison is constant-time."""
    if not _HASH_RE.match(public_hash or ""):
        return None
    invoice = invoice_get_public(public_hash=public_hash)
    stored = invoice.public_hash if invoice is not None else _DUMMY_HASH
    if (
        not hmac.compare_digest(stored.encode(), public_hash.encode())
        or invoice is None
    ):
        return None
    return invoice


def _not_found(request) -> HttpResponse:
    return render(request, "invoices/public/not_found.html", status=404)


def _rate_limited(request, invoice: Invoice, scope: str, factor: int = 1) -> bool:
    """Count an attempt per invoice link and per client address; True when over."""
    window = settings.REMIT_PAY_RATE_LIMIT_WINDOW
    by_hash = rate_limit_hit(
        scope=f"{scope}:hash",
        identity=invoice.public_hash,
        limit=settings.REMIT_PAY_RATE_LIMIT_PER_HASH * factor,
        window=window,
    )
    by_ip = rate_limit_hit(
        scope=f"{scope}:ip",
        identity=client_address(request),
        limit=settings.REMIT_PAY_RATE_LIMIT_PER_IP * factor,
        window=window,
    )
    return by_hash or by_ip


def _too_many(request) -> HttpResponse:
    response = render(request, "invoices/public/rate_limited.html", status=429)
    response["Retry-After"] = str(settings.REMIT_PAY_RATE_LIMIT_WINDOW)
    return response


def _is_staff(request) -> bool:
    return is_active_staff(getattr(request, "user", None))


def _new_form(invoice: Invoice, data=None, unsettled=None) -> PublicPayForm:
    """A fresh, unbound pay form with a new one-time key. Given the last POST, it
    keeps the customer's choices (method, amount, tip, names) but never the secrets,
    and, unbound, shows no "required" errors for the card fields it left empty."""
    initial = {"one_time_key": secrets.token_urlsafe(24)}  # one charge per render
    if data is not None:
        kept = set(PublicPayForm.base_fields) - set(SENSITIVE_FIELDS) - set(initial)
        kept.discard("balance_seen")  # the form shows the current balance
        initial.update({name: data[name] for name in kept if name in data})
    if unsettled is None:
        unsettled = payment_unsettled_total(invoice=invoice)
    return PublicPayForm(invoice=invoice, initial=initial, unsettled=unsettled)


def _page(
    request,
    invoice: Invoice,
    *,
    form=None,
    status: int = 200,
    error: str = "",
    notice: str = "",
) -> HttpResponse:
    shown = payment_hosted_page_payments(invoice=invoice)  # one query
    unsettled, held = shown.unsettled, shown.held
    # Money being confirmed holds its amount back (payment_charge_check decides;
    # the page only leaves out a form whose every answer would be a refusal).
    payable = (
        invoice.is_payable
        and invoice.balance > held
        and (not held or invoice.allow_partial_payment)
    )
    online_methods = [
        m
        for m in (PaymentMethod.CARD, PaymentMethod.ACH)
        if m in invoice.payment_methods
    ]
    if payable and online_methods and form is None:
        form = _new_form(invoice, unsettled=held)
    context = {
        **invoice_document_context(invoice=invoice),
        "payments": shown.receipts,
        "form": form if payable and online_methods else None,
        "pay_error": error,
        "pay_notice": notice,
        "unsettled": unsettled,
        "can_mail": payable and PaymentMethod.MAIL in invoice.payment_methods,
    }
    return render(
        request, "invoices/public/invoice_detail.html", context, status=status
    )


class InvoicePublicDetailView(View):
    http_method_names = ["get", "head"]

    def get(self, request, public_hash):
        invoice = _find(public_hash)
        if invoice is None:
            return _not_found(request)
        if request.method == "GET" and not _is_staff(request):
            # HEAD comes from link checkers and mail scanners, not from the customer.
            invoice_mark_viewed(invoice=invoice)
        return _page(request, invoice)


class InvoicePublicPdfView(View):
    http_method_names = ["get", "head"]

    def get(self, request, public_hash):
        invoice = _find(public_hash)
        if invoice is None:
            return _not_found(request)
        if _rate_limited(
            request, invoice, "pdf", factor=6
        ):  # renders cost CPU; downloads are rarer than views
            return _too_many(request)
        response = HttpResponse(
            invoice_pdf_render(invoice=invoice), content_type="application/pdf"
        )
        response["Content-Disposition"] = content_disposition(
            invoice.number, inline=True
        )
        return response


GIVEN_BACK = (
    "This invoice was paid or closed while your payment was being made, so your "
    "payment has been refunded in full."
)
RETURNED = "Your bank returned this payment; please pay again, or use a card."


def _charge_message(payment: Payment) -> str:
    if payment.status == Payment.Status.FAILED:
        return FAILED
    if payment.status == Payment.Status.REFUNDED:
        return GIVEN_BACK
    if payment.status == Payment.Status.RETURNED:
        return RETURNED
    if payment.method == Payment.Method.ACH:
        return ACH_DECLINE
    return DECLINE_MESSAGES.get(payment.response_code, DECLINE_MESSAGES[200])


@method_decorator(sensitive_post_parameters(*SENSITIVE_FIELDS), name="dispatch")
class InvoicePublicPayView(View):
    http_method_names = ["post"]

    def post(self, request, public_hash):
        invoice = _find(public_hash)
        if invoice is None:
            return _not_found(request)
        if _rate_limited(request, invoice, "pay"):
            return _too_many(request)
        key = request.POST.get("one_time_key", "")
        if ONE_TIME_KEY_RE.match(key):
            # A double click, refresh or retry of a form already charged: same answer.
            done = payment_get_by_idempotency_key(key=_idempotency_key(invoice, key))
            # (Stripe's form shown but not confirmed yet: it is shown again below.)
            if (
                done is not None
                and done.invoice_id == invoice.pk
                and not done.awaiting_payer
            ):
                return _answer(request, invoice, done)
        form = PublicPayForm(request.POST, invoice=invoice)
        if not form.is_valid():
            return _page(
                request, invoice, form=_rebind(form, invoice, request.POST), status=400
            )
        data = form.cleaned_data
        if data["method"] in form.gateway_form_methods:
            return self._gateway_form(request, invoice, form, data)
        try:
            result = payment_charge(
                invoice=invoice,
                amount=data["amount"],
                tip=data["tip"],
                card=data["card"],
                ach=data["ach"],
                balance_seen=data["balance_seen"],
                idempotency_key=_idempotency_key(invoice, data["one_time_key"]),
                source=Payment.Source.HOSTED_PAGE,
            )
        except ValidationError as exc:  # refused by the payer's rules: not charged
            invoice.refresh_from_db()
            if not invoice.is_payable:  # void or paid since: the page has no form
                return _page(request, invoice, status=400, error=" ".join(exc.messages))
            _add_service_errors(form, exc)
            return _page(
                request, invoice, form=_rebind(form, invoice, request.POST), status=400
            )
        return _answer(request, invoice, result.payment)

    def _gateway_form(self, request, invoice, form, data) -> HttpResponse:
        """Stripe: the attempt and its PaymentIntent, then Stripe's own form."""
        key = _idempotency_key(invoice, data["one_time_key"])
        try:
            started = payment_intent_start(
                invoice=invoice,
                amount=data["amount"],
                tip=data["tip"],
                method=data["method"],
                balance_seen=data["balance_seen"],
                idempotency_key=key,
            )
        except ValidationError as exc:
            invoice.refresh_from_db()
            _add_service_errors(form, exc)
            return _page(
                request, invoice, form=_rebind(form, invoice, request.POST), status=400
            )
        if not started.client_secret:  # settled already: same answer as a retry
            return _answer(request, invoice, started.payment)
        return_url = request.build_absolute_uri(
            reverse(
                "public_invoices:pay_return",
                kwargs={"public_hash": invoice.public_hash},
            )
            + f"?key={data['one_time_key']}"
        )
        context = {
            **invoice_document_context(invoice=invoice),
            "payment": started.payment,
            "charged": started.payment.amount + started.payment.tip,
            "client_secret": started.client_secret,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "return_url": return_url,
        }
        response = render(request, "payments/stripe_confirm.html", context)
        response["Content-Security-Policy"] = STRIPE_CSP
        return response


class InvoicePublicPayReturnView(View):
    """Where Stripe sends the payer back: ask the gateway how the attempt stands
    (webhooks may not have arrived yet), then answer as for any charge."""

    http_method_names = ["get"]

    def get(self, request, public_hash):
        invoice = _find(public_hash)
        key = request.GET.get("key", "")
        if invoice is None or not ONE_TIME_KEY_RE.match(key):
            return _not_found(request)
        payment = payment_get_by_idempotency_key(key=_idempotency_key(invoice, key))
        if payment is None or payment.invoice_id != invoice.pk:
            return _not_found(request)
        return _answer(request, invoice, payment_attempt_refresh(payment=payment))


# The payment service's fields, as this form names them; the rest are non-field.
SERVICE_FIELDS = {"amount": "amount", "tip": "tip_custom", "method": "method"}


def _add_service_errors(form: PublicPayForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(SERVICE_FIELDS.get(field), errors)


def _idempotency_key(invoice: Invoice, key: str) -> str:
    return f"hosted:{invoice.pk}:{key}"


def _answer(request, invoice: Invoice, payment: Payment) -> HttpResponse:
    """The receipt for a succeeded charge; "we are confirming" for an unknown
    outcome, "pending" for ACH (202, never "not charged"); the page with what to
    do for any other."""
    if payment.status in (Payment.Status.PROCESSING, Payment.Status.PENDING):
        invoice.refresh_from_db()
        notice = (
            CONFIRMING if payment.status == Payment.Status.PROCESSING else ACH_PENDING
        )
        return _page(request, invoice, status=202, notice=notice)
    if payment.status == Payment.Status.SUCCEEDED:
        return redirect(
            reverse(
                "public_invoices:receipt",
                kwargs={
                    "public_hash": invoice.public_hash,
                    "reference": payment.transaction_id,
                },
            )
        )
    invoice.refresh_from_db()
    return _page(
        request,
        invoice,
        form=_new_form(invoice, request.POST),
        status=402,
        error=_charge_message(payment),
    )


def _rebind(form: PublicPayForm, invoice: Invoice, post) -> PublicPayForm:
    """Show the errors again with a fresh one-time key; secrets are never echoed."""
    fresh = _new_form(invoice, post)
    fresh._errors = form.errors  # keep the first check's errors; no second validation
    fresh.cleaned_data = {}
    return fresh


class InvoicePublicMailView(View):
    http_method_names = ["post"]

    def post(self, request, public_hash):
        invoice = _find(public_hash)
        if invoice is None:
            return _not_found(request)
        if _rate_limited(request, invoice, "pay"):
            return _too_many(request)
        try:
            invoice_mark_awaiting_mail(invoice=invoice)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, "Thank you. We will look out for your payment by mail."
            )
        return redirect(invoice.get_public_url())


class InvoicePublicReceiptView(View):
    http_method_names = ["get", "head"]

    def get(self, request, public_hash, reference):
        invoice = _find(public_hash)
        payment = (
            payment_get_by_reference(invoice=invoice, reference=reference)
            if invoice
            else None
        )
        if payment is None:
            return _not_found(request)
        context = {
            "invoice": invoice,
            "company": invoice.company_profile,
            "client": invoice.client,
            "payment": payment,
            "charged": payment.amount + payment.tip,
        }
        return render(request, "invoices/public/receipt.html", context)
