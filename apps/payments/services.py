"""Recording and charging payments. Each locks the invoice row before it reads the
balance: two payments racing for the last dollar queue, and the second is refused."""

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.money import ZERO, format_money, money, parse_decimal
from apps.invoices.models import Invoice, InvoiceEvent
from apps.invoices.services import (
    invoice_charge_failed_record,
    invoice_event_record,
    invoice_lock,
    invoice_payment_apply,
    invoice_payment_reverse,
    invoice_send,
)

from .gateways import (
    AchDetails,
    CardDetails,
    ChargeOutcome,
    GatewayError,
    gateway_for,
    gateway_named,
)
from .models import Payment

logger = logging.getLogger(__name__)


def _amount(value, currency: str, field: str) -> Decimal:
    try:
        return money(parse_decimal(value), currency)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


def _check_amounts(
    invoice: Invoice, amount: Decimal, tip: Decimal, *, as_customer: bool
) -> None:
    if invoice.deleted_at is not None or invoice.status == Invoice.Status.VOID:
        raise ValidationError("This invoice is void and can no longer be paid.")
    if invoice.status == Invoice.Status.PAID or invoice.balance <= ZERO:
        raise ValidationError("This invoice is already paid in full.")
    errors = {}
    if amount <= ZERO:
        errors["amount"] = "The amount must be more than zero."
    elif amount > invoice.balance:
        errors["amount"] = (
            "The amount cannot be more than the balance due "
            f"({format_money(invoice.balance, invoice.currency)})."
        )
    elif (
        as_customer and not invoice.allow_partial_payment and amount != invoice.balance
    ):
        errors["amount"] = "This invoice must be paid in full."
    if tip < ZERO:
        errors["tip"] = "A tip cannot be negative."
    elif tip > ZERO and as_customer and not invoice.allow_tipping:
        errors["tip"] = "This invoice does not accept tips."
    if errors:
        raise ValidationError(errors)


def _existing(idempotency_key: str | None) -> Payment | None:
    if not idempotency_key:
        return None
    return (
        Payment.objects.filter(idempotency_key=idempotency_key)
        .select_related("invoice")
        .first()
    )


@transaction.atomic
def payment_record(
    *,
    invoice: Invoice,
    amount,
    method: str,
    tip=ZERO,
    paid_at: dt.date | None = None,
    reference: str = "",
    note: str = "",
    by=None,
    source: str = Payment.Source.STAFF,
    idempotency_key: str | None = None,
    custom: dict | None = None,
) -> Payment:
    """Record a payment received outside a gateway (check, cash, mail, bank, other).

    A draft is sent first: receiving money for it means the customer has it.
    """
    if method not in Payment.Method.values or method == Payment.Method.CREDIT_MEMO:
        raise ValidationError(
            {
                "method": (
                    f"'{method}' is not a payment method; "
                    "use card, ach, mail, cash, check or other."
                )
            }
        )
    invoice = invoice_lock(invoice_id=invoice.pk)
    if (existing := _existing(idempotency_key)) is not None:
        return existing
    if invoice.status == Invoice.Status.DRAFT and invoice.deleted_at is None:
        invoice = invoice_send(invoice=invoice, by=by)
    amount = _amount(amount, invoice.currency, "amount")
    tip = _amount(tip or ZERO, invoice.currency, "tip")
    _check_amounts(invoice, amount, tip, as_customer=False)
    payment = Payment(
        invoice=invoice,
        client_id=invoice.client_id,
        amount=amount,
        tip=tip,
        currency=invoice.currency,
        method=method,
        status=Payment.Status.SUCCEEDED,
        source=source,
        paid_at=paid_at or timezone.localdate(),
        reference=reference,
        note=note,
        idempotency_key=idempotency_key or None,
        custom=custom or {},
        created_by=by,
    )
    payment.full_clean(exclude=["invoice", "client", "created_by", "credit_memo"])
    payment.save()
    invoice_payment_apply(invoice=invoice, amount=amount, tip=tip)
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.PAYMENT,
        actor=by,
        data={
            "payment": payment.pk,
            "amount": str(amount),
            "tip": str(tip),
            "method": method,
        },
    )
    transaction.on_commit(lambda: _after_payment(payment.pk))
    return payment


@dataclass(frozen=True)
class ChargeResult:
    payment: Payment
    replayed: bool = (
        False  # the same one-time key was charged before: nothing new happened
    )

    @property
    def approved(self) -> bool:
        return self.payment.status == Payment.Status.SUCCEEDED


def payment_charge(
    *,
    invoice: Invoice,
    amount,
    tip=ZERO,
    card: CardDetails | None = None,
    ach: AchDetails | None = None,
    idempotency_key: str | None = None,
    source: str = Payment.Source.HOSTED_PAGE,
    as_customer: bool = True,
    by=None,
) -> ChargeResult:
    """Charge a card or bank account through the configured gateway.

    The invoice stays locked while the gateway answers, so concurrent charges cannot
    take it past its balance. A declined or failed charge is kept as a payment row
    with no effect on the balance.
    """
    if (card is None) == (ach is None):
        raise ValidationError("Give either card or bank account details.")
    method = Payment.Method.CARD if card else Payment.Method.ACH
    try:
        with transaction.atomic():
            invoice = invoice_lock(invoice_id=invoice.pk)
            if (existing := _existing(idempotency_key)) is not None:
                return ChargeResult(payment=existing, replayed=True)
            if invoice.status == Invoice.Status.DRAFT and invoice.deleted_at is None:
                invoice = invoice_send(invoice=invoice, by=by)  # as payment_record does
            amount = _amount(amount, invoice.currency, "amount")
            tip = _amount(tip or ZERO, invoice.currency, "tip")
            _check_amounts(invoice, amount, tip, as_customer=as_customer)
            if (
                as_customer
                and invoice.payment_methods
                and method not in invoice.payment_methods
            ):
                raise ValidationError(
                    {"method": "This invoice does not accept this payment method."}
                )
            gateway_name, outcome = _gateway_charge(
                method, card, ach, amount + tip, invoice
            )
            payment = Payment(
                invoice=invoice,
                client_id=invoice.client_id,
                amount=amount,
                tip=tip,
                currency=invoice.currency,
                method=method,
                source=source,
                paid_at=timezone.localdate(),
                gateway=gateway_name,
                transaction_id=outcome.transaction_id,
                reference=outcome.transaction_id,
                response_code=outcome.response_code,
                response_text=outcome.response_text[:200],
                card_brand=outcome.card_brand if card else "",
                card_last4=outcome.last4 if card else "",
                account_last4=outcome.last4 if ach else "",
                idempotency_key=idempotency_key or None,
                created_by=by,
                status=Payment.Status.SUCCEEDED
                if outcome.approved
                else Payment.Status.DECLINED
                if outcome.is_decline
                else Payment.Status.FAILED,
            )
            payment.save()
            if outcome.approved:
                invoice_payment_apply(invoice=invoice, amount=amount, tip=tip)
                invoice_event_record(
                    invoice=invoice,
                    kind=InvoiceEvent.Kind.PAYMENT,
                    data={
                        "payment": payment.pk,
                        "amount": str(amount),
                        "tip": str(tip),
                        "method": method,
                    },
                )
                transaction.on_commit(lambda: _after_payment(payment.pk))
            else:
                invoice_charge_failed_record(invoice=invoice)
                invoice_event_record(
                    invoice=invoice,
                    kind=InvoiceEvent.Kind.PAYMENT_FAILED,
                    data={"payment": payment.pk, "code": outcome.response_code},
                )
            return ChargeResult(payment=payment)
    except IntegrityError:
        # Another request with the same one-time key committed first.
        existing = _existing(idempotency_key)
        if existing is None:
            raise
        return ChargeResult(payment=existing, replayed=True)


def _gateway_charge(
    method, card, ach, total: Decimal, invoice: Invoice
) -> tuple[str, ChargeOutcome]:
    """Charge through the configured gateway: (its name, the outcome). A gateway that
    cannot be loaded or reached is a failed attempt (301), never an error page."""
    name = (
        settings.REMIT_CARD_GATEWAY if card is not None else settings.REMIT_ACH_GATEWAY
    )
    try:
        gateway = gateway_for(method)
        name = gateway.name
        if card is not None:
            outcome = gateway.charge_card(
                card=card,
                amount=total,
                currency=invoice.currency,
                reference=invoice.number,
            )
        else:
            outcome = gateway.charge_ach(
                ach=ach,
                amount=total,
                currency=invoice.currency,
                reference=invoice.number,
            )
    except GatewayError as exc:
        logger.warning("Gateway %s failed for invoice %s: %s", name, invoice.pk, exc)
        outcome = ChargeOutcome(
            approved=False, response_code=301, response_text=str(exc)
        )
    return name[:30], outcome


@transaction.atomic
def payment_refund(*, payment: Payment, by=None) -> Payment:
    invoice = invoice_lock(invoice_id=payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != Payment.Status.SUCCEEDED:
        raise ValidationError("Only a succeeded payment can be refunded.")
    refund_id = (
        _gateway_refund(payment) if payment.gateway and payment.transaction_id else ""
    )
    payment.status = Payment.Status.REFUNDED
    payment.save(update_fields=["status", "updated_at"])
    invoice_payment_reverse(invoice=invoice, amount=payment.amount, tip=payment.tip)
    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.PAYMENT_REFUNDED,
        actor=by,
        data={
            "payment": payment.pk,
            "amount": str(payment.amount),
            "refund_transaction": refund_id,
        },
    )
    return payment


def _gateway_refund(payment: Payment) -> str:
    """Give a gateway charge back through the gateway that took it (amount and tip);
    a refusal changes nothing here. Returns the refund's transaction id."""
    try:
        outcome = gateway_named(payment.gateway).refund(
            transaction_id=payment.transaction_id,
            amount=payment.amount + payment.tip,
            currency=payment.currency,
        )
    except GatewayError as exc:
        logger.warning(
            "Refund of payment %s failed at %s: %s", payment.pk, payment.gateway, exc
        )
        raise ValidationError(
            "The payment gateway could not be reached; nothing was refunded. Try again."
        ) from None
    if not outcome.approved:
        raise ValidationError(
            "The payment gateway refused the refund "
            f"({outcome.response_code}: {outcome.response_text}); "
            "nothing was changed."
        )
    return outcome.transaction_id


@transaction.atomic
def payment_delete(*, payment: Payment, by=None) -> None:
    """Soft delete; a succeeded payment's amount comes back off the invoice."""
    invoice = invoice_lock(invoice_id=payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.deleted_at is not None:
        return
    if payment.status == Payment.Status.SUCCEEDED:
        invoice_payment_reverse(invoice=invoice, amount=payment.amount, tip=payment.tip)
    payment.deleted_at = timezone.now()
    payment.save(update_fields=["deleted_at", "updated_at"])


@transaction.atomic
def payment_update(*, payment: Payment, by=None, **fields) -> Payment:
    """Change a payment's bookkeeping fields.

    The amount is fixed (refund and re-record).
    """
    allowed = {"paid_at", "reference", "note", "custom"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            f"These payment fields cannot be changed: {', '.join(sorted(unknown))}."
        )
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    for name, value in fields.items():
        setattr(payment, name, value)
    payment.full_clean(exclude=["invoice", "client", "created_by", "credit_memo"])
    payment.save()
    return payment


@transaction.atomic
def payment_custom_fields_set(*, payment: Payment, by=None, values: dict) -> Payment:
    """Merge custom values (`column_N`) into the payment's.

    The values are checked against their definitions.
    """
    from apps.core.custom_fields import custom_values_clean

    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    payment.custom = custom_values_clean(
        module="payments", values=dict(values), current=payment.custom
    )
    payment.save(update_fields=["custom", "updated_at"])
    return payment


@transaction.atomic
def payment_apply_credit_memo(
    *, invoice: Invoice, credit_memo: Invoice, amount, by=None
) -> Payment:
    """Settle part of `invoice` from a sent credit memo's unused balance.

    Records a payment with method credit_memo; the amount may not exceed either
    balance, and reduces both. Both rows are locked, lower id first, so two
    applications of one memo (or to one invoice) queue instead of racing.
    """
    if invoice.pk == credit_memo.pk:
        raise ValidationError(
            {"credit_memo": "An invoice cannot be settled from itself."}
        )
    locked = {
        pk: invoice_lock(invoice_id=pk) for pk in sorted([invoice.pk, credit_memo.pk])
    }
    invoice, credit_memo = locked[invoice.pk], locked[credit_memo.pk]
    errors = {}
    if invoice.type != Invoice.Type.INVOICE:
        errors["invoice"] = "Credit memos apply to invoices, not to other credit memos."
    if credit_memo.type != Invoice.Type.CREDIT_MEMO:
        errors["credit_memo"] = "This is not a credit memo."
    elif credit_memo.deleted_at is not None or credit_memo.status in (
        Invoice.Status.DRAFT,
        Invoice.Status.VOID,
    ):
        errors["credit_memo"] = "Only a sent credit memo can be applied; send it first."
    elif (
        credit_memo.client_id != invoice.client_id
        or credit_memo.currency != invoice.currency
    ):
        errors["credit_memo"] = (
            "The credit memo must belong to the same client and currency "
            "as the invoice."
        )
    if errors:
        raise ValidationError(errors)
    if invoice.status == Invoice.Status.DRAFT and invoice.deleted_at is None:
        invoice = invoice_send(invoice=invoice, by=by)
    amount = _amount(amount, invoice.currency, "amount")
    _check_amounts(invoice, amount, ZERO, as_customer=False)
    if amount > credit_memo.balance:
        raise ValidationError(
            {
                "amount": (
                    "The amount cannot be more than the credit memo's unused balance "
                    f"({format_money(credit_memo.balance, credit_memo.currency)})."
                )
            }
        )
    payment = Payment(
        invoice=invoice,
        client_id=invoice.client_id,
        amount=amount,
        currency=invoice.currency,
        method=Payment.Method.CREDIT_MEMO,
        status=Payment.Status.SUCCEEDED,
        source=Payment.Source.STAFF,
        paid_at=timezone.localdate(),
        reference=credit_memo.number,
        credit_memo=credit_memo,
        created_by=by,
    )
    payment.full_clean(exclude=["invoice", "client", "created_by", "credit_memo"])
    payment.save()
    invoice_payment_apply(invoice=invoice, amount=amount, tip=ZERO)
    invoice_payment_apply(invoice=credit_memo, amount=amount, tip=ZERO)
    for document in (invoice, credit_memo):
        invoice_event_record(
            invoice=document,
            kind=InvoiceEvent.Kind.PAYMENT,
            actor=by,
            data={
                "payment": payment.pk,
                "amount": str(amount),
                "method": "credit_memo",
                "credit_memo": credit_memo.pk,
                "invoice": invoice.pk,
            },
        )
    return payment


def _after_payment(payment_id: int) -> None:
    """Side effects once the payment is committed (receipts, staff notes): the
    notifications module registers them; none is required for the payment to stand."""
    from . import notifications

    notifications.payment_succeeded(payment_id=payment_id)
