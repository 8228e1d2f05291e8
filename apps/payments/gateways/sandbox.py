"""The built-in sandbox gateway: deterministic, offline, for trying and testing.

Our own mapping after FluidPay's sandbox (not FluidPay's processor configuration):
- the approving test cards approve (response code 100);
- 4000000000000002 always declines (200);
- with an approving card or any ACH account, the cents of the amount decide:
  .01 declined (200), .02 insufficient funds (202), .03 expired card (223),
  .50 processor error (300), .04 the processor takes the charge but its answer is
  lost (GatewayError: the outcome is unknown until `lookup` finds it approved);
- any other card number, including real ones, is refused (220);
- ACH debits are approved `pending`; looking one up (reconciliation does) settles
  it, except an account number ending 0002, which comes back returned with R01;
- a refund of a sandbox transaction is approved, up to what is left of it.

Like a real processor, the sandbox remembers every charge and refund by its
idempotency key, in its own table (`SandboxCharge`): the same key again answers the
first outcome and charges nothing new, even after the worker that asked was killed.
"""

import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from ..models import SandboxCharge
from .base import AchDetails, CardDetails, ChargeOutcome, GatewayError, card_brand

APPROVING_CARDS = frozenset(
    {
        "4111111111111111",
        "4000056655665556",
        "5555555555554444",
        "2223003122003222",
        "5200828282828210",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "30569309025904",
        "3530111333300000",
    }
)
DECLINING_CARD = "4000000000000002"
AMOUNT_TRIGGERS = {
    "01": (200, "Declined"),
    "02": (202, "Insufficient funds"),
    "03": (223, "Expired card"),
    "50": (300, "Processor error"),
}
TIMEOUT_CENTS = "04"
RETURNED_ACCOUNT_SUFFIX = "0002"


def _cents(amount: Decimal) -> str:
    return f"{amount:.2f}"[-2:]


def _new_id() -> str:
    return "sbx_" + secrets.token_hex(10)


def _as_outcome(row: SandboxCharge) -> ChargeOutcome:
    returned = row.ach_state == "returned"
    return ChargeOutcome(
        approved=row.approved and not returned,
        response_code=row.response_code,
        response_text=row.response_text,
        transaction_id=row.transaction_id,
        card_brand=row.card_brand,
        last4=row.last4,
        pending=row.ach_state == "pending",
        return_code=row.return_code,
    )


def _remember(**fields) -> tuple[SandboxCharge, bool]:
    """Store an entry under its key once; (the stored entry, whether it is new)."""
    try:
        with transaction.atomic():
            return SandboxCharge.objects.create(**fields), True
    except IntegrityError:
        return SandboxCharge.objects.get(
            idempotency_key=fields["idempotency_key"]
        ), False


class SandboxGateway:
    name = "sandbox"
    takes_raw_cards = True

    def _charge(
        self, *, key, method, amount, currency, brand, last4, code, text, ach_state=""
    ) -> ChargeOutcome:
        row, new = _remember(
            idempotency_key=key,
            kind=SandboxCharge.Kind.CHARGE,
            transaction_id=_new_id(),
            method=method,
            amount=amount,
            currency=currency,
            approved=code == 100,
            response_code=code,
            response_text=text,
            card_brand=brand,
            last4=last4,
            ach_state=ach_state if code == 100 else "",
        )
        if new and _cents(amount) == TIMEOUT_CENTS:
            raise GatewayError("The payment gateway did not answer in time.")
        return _as_outcome(row)

    def charge_card(
        self,
        *,
        card: CardDetails,
        amount: Decimal,
        currency: str,
        reference: str,
        idempotency_key: str,
    ) -> ChargeOutcome:
        brand, last4 = card_brand(card.number), card.number[-4:]
        if card.number == DECLINING_CARD:
            code, text = 200, "Declined"
        elif card.number not in APPROVING_CARDS:
            # Refused before it reaches the processor: nothing to remember.
            return ChargeOutcome(
                False,
                220,
                "Only test card numbers work in sandbox mode",
                "",
                brand,
                last4,
            )
        else:
            code, text = AMOUNT_TRIGGERS.get(_cents(amount), (100, "Approved"))
        return self._charge(
            key=idempotency_key,
            method="card",
            amount=amount,
            currency=currency,
            brand=brand,
            last4=last4,
            code=code,
            text=text,
        )

    def charge_ach(
        self,
        *,
        ach: AchDetails,
        amount: Decimal,
        currency: str,
        reference: str,
        idempotency_key: str,
    ) -> ChargeOutcome:
        code, text = AMOUNT_TRIGGERS.get(_cents(amount), (100, "Pending settlement"))
        return self._charge(
            key=idempotency_key,
            method="ach",
            amount=amount,
            currency=currency,
            brand="",
            last4=ach.account_number[-4:],
            code=code,
            text=text,
            ach_state="pending",
        )

    def lookup(
        self, *, idempotency_key: str, transaction_id: str = ""
    ) -> ChargeOutcome | None:
        """The charge under this key; a pending ACH debit settles (or, for an
        account ending 0002, comes back R01) when it is looked up."""
        with transaction.atomic():
            row = (
                SandboxCharge.objects.select_for_update()
                .filter(idempotency_key=idempotency_key, kind=SandboxCharge.Kind.CHARGE)
                .first()
            )
            if row is None:
                return None
            if row.ach_state == "pending":
                if row.last4 == RETURNED_ACCOUNT_SUFFIX:
                    row.ach_state, row.return_code = "returned", "R01"
                    row.response_text = "Returned: insufficient funds (R01)"
                else:
                    row.ach_state, row.response_text = "settled", "Settled"
                row.save(update_fields=["ach_state", "return_code", "response_text"])
            return _as_outcome(row)

    def refund(
        self,
        *,
        transaction_id: str,
        amount: Decimal,
        currency: str,
        idempotency_key: str,
    ) -> ChargeOutcome:
        """Refunds of the sandbox's own transactions approve, up to what is left
        of the charge; others are unknown (300)."""
        if not transaction_id.startswith("sbx_"):
            return ChargeOutcome(False, 300, "No such sandbox transaction")
        done = SandboxCharge.objects.filter(idempotency_key=idempotency_key).first()
        if done is not None:
            return _as_outcome(done)
        charge = SandboxCharge.objects.filter(transaction_id=transaction_id).first()
        if charge is not None:
            refunded = SandboxCharge.objects.filter(
                parent_transaction_id=transaction_id, approved=True
            ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
            if amount > charge.amount - refunded:
                return ChargeOutcome(False, 300, "Refund exceeds what is left")
        row, _ = _remember(
            idempotency_key=idempotency_key,
            kind=SandboxCharge.Kind.REFUND,
            transaction_id=_new_id(),
            parent_transaction_id=transaction_id,
            amount=amount,
            currency=currency,
            approved=True,
            response_code=100,
            response_text="Refunded",
        )
        return _as_outcome(row)
