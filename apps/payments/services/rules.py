"""The rules that decide whether money may move, in one place for every door.

`payment_charge_check` is the payer's rulebook: the hosted page, FluidPay `pay` and
any later door that charges a card or bank account for the payer get the same
decision for the same request. `payment_record_check` is the staff rulebook for
money received outside the gateway (check, cash, mail, other, a credit memo).

Both are pure: they read the invoice they are given (lock it first when the answer
must hold) and raise `ValidationError` keyed by the field at fault (`amount`, `tip`,
`method`, `balance_seen`, or `__all__` for the invoice itself). Messages speak to the
person who made the request and say what to do instead.

Drafts: neither check refuses one. A draft reached through a door that can see it
(FluidPay, the staff pages; the hosted page never shows drafts) is judged on its
total, and the service that moves the money sends it first, because taking money
for an invoice means the customer has it. That is one decision for every door.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.core.money import ZERO, format_money, money, parse_decimal
from apps.invoices.models import Invoice, PaymentMethod

from ..models import Payment
from ..selectors import payment_unsettled_total

# Methods a payer can be charged by, through the gateway.
CHARGE_METHODS = (PaymentMethod.CARD, PaymentMethod.ACH)
# Methods staff record for money received outside the gateway.
RECORD_METHODS = tuple(Payment.Method.values)


def _as_money(value, currency: str, field: str, *, required: str) -> Decimal:
    if value is None or value == "":
        raise ValidationError({field: required})
    try:
        return money(parse_decimal(value), currency)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


def _or_zero(value):
    return ZERO if value is None or value == "" else value


def _in_currency(value: Decimal, currency: str) -> str:
    return f"{money(value, currency)} {currency}"


def _method_label(method: str) -> str:
    names = {PaymentMethod.CARD: "card", PaymentMethod.ACH: "bank transfer (ACH)"}
    return names.get(method, f"'{method}'")


def _invoice_open_errors(invoice: Invoice) -> None:
    """The invoice itself must be able to take money (drafts can: see above)."""
    if invoice.type == Invoice.Type.CREDIT_MEMO:
        raise ValidationError(
            {
                "__all__": (
                    "A credit note is credit owed to the customer and cannot be "
                    "paid; apply it to an invoice or refund it."
                )
            }
        )
    if invoice.deleted_at is not None or invoice.status == Invoice.Status.VOID:
        raise ValidationError(
            {"__all__": "This invoice is void and can no longer be paid."}
        )
    if invoice.status == Invoice.Status.PAID or invoice.balance <= ZERO:
        raise ValidationError({"__all__": "This invoice is already paid in full."})


def payment_minimum(*, invoice: Invoice) -> Decimal:
    """The smallest partial payment: one currency unit, or the balance if less."""
    return money(min(Decimal(1), invoice.balance), invoice.currency)


def payment_charge_check(
    *,
    invoice: Invoice,
    amount,
    tip=ZERO,
    method: str,
    balance_seen=None,
    unsettled: Decimal | None = None,
) -> tuple[Decimal, Decimal]:
    """Decide whether the payer may be charged `amount` plus `tip` by `method`.

    The rules: the invoice is open (not void, deleted or paid); the amount is more
    than zero and at most the balance; less than the balance only where the invoice
    allows partial payment, and then at least `payment_minimum`; a tip only where
    tipping is allowed, never negative and never more than the amount it rides on;
    `balance_seen` (the balance the payer was shown, when the door knows it) equals
    today's balance where the invoice takes payment in full only (the payer agreed
    to pay exactly what was shown; with partial payment the payer chose an amount,
    and the balance rule above still holds); `method` is card or ach and one the
    invoice accepts. Money not yet settled (`processing` and `pending` attempts,
    `unsettled`, read from the payments when not given) is held back: the amount
    is at most the balance less it, and an invoice paid in full only takes no
    new payment while one is unsettled.

    Returns (amount, tip) rounded to the invoice's currency. Raises ValidationError
    keyed by field; a stale `balance_seen` is reported alone, since the other
    answers would be about a balance the payer has not seen yet.
    """
    _invoice_open_errors(invoice)
    currency = invoice.currency
    balance = money(invoice.balance, currency)
    if unsettled is None:
        unsettled = payment_unsettled_total(invoice=invoice)
    if unsettled > ZERO:
        available = max(balance - unsettled, ZERO)
        if available == ZERO or not invoice.allow_partial_payment:
            raise ValidationError(
                {
                    "amount": (
                        f"A payment of {_in_currency(unsettled, currency)} on this "
                        "invoice is still being confirmed; no further payment is "
                        "needed until it settles."
                    )
                }
            )
    else:
        available = balance
    if balance_seen is not None and not invoice.allow_partial_payment:
        seen = _as_money(balance_seen, currency, "balance_seen", required="")
        if seen != balance:
            raise ValidationError(
                {
                    "balance_seen": (
                        "The balance of this invoice changed to "
                        f"{_in_currency(balance, currency)} since the page was "
                        "opened. Check the new amount, then pay again."
                    )
                }
            )
    errors = {}
    if method not in CHARGE_METHODS or method not in (invoice.payment_methods or []):
        errors["method"] = (
            f"This invoice cannot be paid by {_method_label(method)}; "
            "choose another payment method."
        )
    try:
        amount = _as_money(
            amount, currency, "amount", required="Enter the amount to pay."
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
        amount = None
    if amount is not None:
        minimum = payment_minimum(invoice=invoice)
        if amount <= ZERO:
            errors["amount"] = "The amount must be more than zero."
        elif amount > balance:
            errors["amount"] = (
                "The amount cannot be more than the balance "
                f"({_in_currency(balance, currency)})."
            )
        elif amount > available:
            errors["amount"] = (
                "The amount cannot be more than the balance less the payments "
                f"still being confirmed ({_in_currency(available, currency)})."
            )
        elif amount != balance and not invoice.allow_partial_payment:
            errors["amount"] = (
                f"This invoice must be paid in full: {_in_currency(balance, currency)}."
            )
        elif amount < minimum:
            errors["amount"] = (
                f"The amount must be at least {_in_currency(minimum, currency)}."
            )
    positive = amount if amount is not None and amount > ZERO else None
    tip = _tip_errors(invoice, tip, positive, errors)
    if errors:
        raise ValidationError(errors)
    return amount, tip


def _tip_errors(invoice: Invoice, tip, amount: Decimal | None, errors: dict):
    try:
        tip = _as_money(_or_zero(tip), invoice.currency, "tip", required="")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return ZERO
    if tip < ZERO:
        errors["tip"] = "A tip cannot be negative."
    elif tip > ZERO and not invoice.allow_tipping:
        errors["tip"] = "This invoice does not accept tips; remove the tip."
    elif amount is not None and tip > amount:  # most likely a typo: >100% tip
        errors["tip"] = (
            "A tip cannot be more than the amount paid "
            f"({_in_currency(amount, invoice.currency)}); check the tip amount."
        )
    return tip


def payment_record_check(
    *, invoice: Invoice, amount, tip=ZERO, method: str
) -> tuple[Decimal, Decimal]:
    """Decide whether staff may record money received outside the gateway.

    Staff rules: the invoice is open; the amount is more than zero and at most the
    balance (any part of it: staff record what arrived); a tip is never negative;
    the method is one Remit knows. The invoice's own payment options (partial
    payment, tipping, accepted methods) are offers to the payer, not limits on what
    staff receive. Returns (amount, tip) rounded to the invoice's currency.
    """
    if method not in RECORD_METHODS:
        raise ValidationError(
            {
                "method": (
                    f"'{method}' is not a payment method; "
                    "use card, ach, mail, cash, check or other."
                )
            }
        )
    _invoice_open_errors(invoice)
    currency = invoice.currency
    errors = {}
    try:
        amount = _as_money(amount, currency, "amount", required="Enter the amount.")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if amount <= ZERO:
            errors["amount"] = "The amount must be more than zero."
        elif amount > invoice.balance:
            errors["amount"] = (
                "The amount cannot be more than the balance due "
                f"({format_money(invoice.balance, currency)})."
            )
    try:
        tip = _as_money(_or_zero(tip), currency, "tip", required="")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if tip < ZERO:
            errors["tip"] = "A tip cannot be negative."
    if errors:
        raise ValidationError(errors)
    return amount, tip
