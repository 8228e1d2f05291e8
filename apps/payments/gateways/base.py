"""The gateway interface and the card checks every gateway relies on."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.text import is_digits


class GatewayError(Exception):
    """The gateway could not be reached or answered nonsense (timeouts included).

    Raised by a charge, it means the outcome is unknown: the processor may have
    taken the money. The attempt stays `processing` until reconciliation asks the
    gateway by the attempt's idempotency key."""


@dataclass(frozen=True, repr=False)
class CardDetails:
    number: str
    exp_month: int
    exp_year: int  # four digits
    cvc: str
    name: str = ""

    def __repr__(self) -> str:  # never let a number or CVC reach a log
        return f"CardDetails(brand={card_brand(self.number)}, last4={self.number[-4:]})"


@dataclass(frozen=True, repr=False)
class AchDetails:
    routing_number: str
    account_number: str
    account_type: str  # checking or savings
    name: str = ""

    def __repr__(self) -> str:
        return f"AchDetails(last4={self.account_number[-4:]})"


@dataclass(frozen=True)
class ChargeOutcome:
    approved: bool
    response_code: (
        int  # FluidPay's scale: 100 approved, 2xx declined, 3xx processor error
    )
    response_text: str
    transaction_id: str = ""
    card_brand: str = ""
    last4: str = ""
    extra: dict = field(default_factory=dict)
    # ACH: approved but not settled yet (money may still come back)
    pending: bool = False
    # ACH: the debit came back after it was pending (e.g. "R01"); approved=False
    return_code: str = ""
    # the payer has not finished yet (Stripe: the Payment Element still has to
    # confirm the intent); `extra["client_secret"]` says how
    awaiting_payer: bool = False

    @property
    def is_decline(self) -> bool:
        return 200 <= self.response_code < 300


class Gateway(Protocol):
    """What Remit asks of a payment processor.

    Every call that can move money carries an `idempotency_key`: the processor
    answers a repeat of the same key with the first outcome and charges nothing
    new. A charge that raises `GatewayError` has an unknown outcome; `lookup` finds
    it later by the same key (None: the processor never took it)."""

    name: str
    # True if the gateway accepts card numbers posted to Remit (the sandbox);
    # False for processors whose own page takes the card (Stripe's Payment Element).
    takes_raw_cards: bool

    def charge_card(
        self,
        *,
        card: CardDetails,
        amount: Decimal,
        currency: str,
        reference: str,
        idempotency_key: str,
    ) -> ChargeOutcome: ...

    def charge_ach(
        self,
        *,
        ach: AchDetails,
        amount: Decimal,
        currency: str,
        reference: str,
        idempotency_key: str,
    ) -> ChargeOutcome: ...

    def lookup(
        self, *, idempotency_key: str, transaction_id: str = ""
    ) -> ChargeOutcome | None:
        """The charge made with this key as it stands now (a pending ACH debit may
        have settled or come back since), or None if the gateway never took it.
        `transaction_id`, when Remit already knows it, may be used instead."""
        ...

    def refund(
        self,
        *,
        transaction_id: str,
        amount: Decimal,
        currency: str,
        idempotency_key: str,
    ) -> ChargeOutcome:
        """Give back `amount` of an approved charge.

        approved=False if the gateway refuses.
        """
        ...


_BRANDS = [
    ("amex", re.compile(r"^3[47]\d{13}$")),
    ("diners", re.compile(r"^3(0[0-5]|[689]\d)\d{11,16}$")),
    ("jcb", re.compile(r"^35(2[89]|[3-8]\d)\d{12,15}$")),
    ("visa", re.compile(r"^4\d{12}(\d{3}){0,2}$")),
    (
        "mastercard",
        re.compile(
            r"^(5[1-5]\d{14}|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)\d{12})$"
        ),
    ),
    ("discover", re.compile(r"^(6011\d{12}|65\d{14}|64[4-9]\d{13}|622\d{13})$")),
]


def luhn_valid(number: str) -> bool:
    digits = [int(d) for d in number]
    checksum = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2 == 1:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        checksum += digit
    return checksum % 10 == 0


def card_brand(number: str) -> str:
    return next((brand for brand, pattern in _BRANDS if pattern.match(number)), "")


def card_clean(
    *, number: str, expiry: str, cvc: str, name: str = "", today: dt.date | None = None
) -> CardDetails:
    """Check a card before any gateway sees it. `expiry` is MM/YY or MM/YYYY."""
    number = re.sub(r"[\s-]", "", number or "")
    errors: dict[str, str] = {}
    if not is_digits(number) or not 12 <= len(number) <= 19 or not luhn_valid(number):
        errors["card_number"] = "This card number is not valid; check the digits."
    elif not card_brand(number):
        errors["card_number"] = (
            "This card brand is not accepted; "
            "use Visa, Mastercard, Amex, Discover, Diners or JCB."
        )
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", expiry or "")
    exp_month = exp_year = 0
    if not match or not 1 <= int(match.group(1)) <= 12:
        errors["expiry"] = "Enter the expiry date as MM/YY."
    else:
        exp_month, exp_year = int(match.group(1)), int(match.group(2))
        exp_year += 2000 if exp_year < 100 else 0
        today = today or timezone.localdate()
        if (exp_year, exp_month) < (today.year, today.month):
            errors["expiry"] = "This card has expired."
    brand = card_brand(number)
    cvc = (cvc or "").strip()
    if not is_digits(cvc) or len(cvc) != (4 if brand == "amex" else 3):
        errors["cvc"] = (
            "Enter the 4-digit security code."
            if brand == "amex"
            else "Enter the 3-digit security code."
        )
    if errors:
        raise ValidationError(errors)
    return CardDetails(
        number=number,
        exp_month=exp_month,
        exp_year=exp_year,
        cvc=cvc,
        name=name.strip(),
    )


def ach_clean(
    *, routing_number: str, account_number: str, account_type: str, name: str = ""
) -> AchDetails:
    routing_number = (routing_number or "").strip()
    account_number = (account_number or "").strip()
    errors: dict[str, str] = {}
    weights = [3, 7, 1] * 3
    if not (is_digits(routing_number) and len(routing_number) == 9) or (
        sum(int(d) * w for d, w in zip(routing_number, weights, strict=True)) % 10
    ):
        errors["routing_number"] = (
            "The routing number must be 9 digits with a valid check digit."
        )
    if not is_digits(account_number) or not 4 <= len(account_number) <= 17:
        errors["account_number"] = "The account number must be 4 to 17 digits."
    if account_type not in ("checking", "savings"):
        errors["account_type"] = "Choose checking or savings."
    if errors:
        raise ValidationError(errors)
    return AchDetails(
        routing_number=routing_number,
        account_number=account_number,
        account_type=account_type,
        name=name,
    )
