"""The built-in sandbox gateway: deterministic, offline, for trying and testing.

Our own mapping after FluidPay's sandbox (not FluidPay's processor configuration):
- the approving test cards approve (response code 100);
- 4000000000000002 always declines (200);
- with an approving card or any ACH account, the cents of the amount decide:
  .01 declined (200), .02 insufficient funds (202), .03 expired card (223),
  .50 processor error (300), .04 the gateway times out;
- any other card number, including real ones, is refused (220);
- a refund of a sandbox transaction is approved.
"""

import secrets
from decimal import Decimal

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


def _cents(amount: Decimal) -> str:
    return f"{amount:.2f}"[-2:]


class SandboxGateway:
    name = "sandbox"

    def _outcome(self, amount: Decimal, brand: str, last4: str) -> ChargeOutcome:
        cents = _cents(amount)
        if cents == TIMEOUT_CENTS:
            raise GatewayError("The payment gateway did not answer in time.")
        code, text = AMOUNT_TRIGGERS.get(cents, (100, "Approved"))
        return ChargeOutcome(
            approved=code == 100,
            response_code=code,
            response_text=text,
            transaction_id="sbx_" + secrets.token_hex(10),
            card_brand=brand,
            last4=last4,
        )

    def charge_card(
        self, *, card: CardDetails, amount: Decimal, currency: str, reference: str
    ) -> ChargeOutcome:
        brand, last4 = card_brand(card.number), card.number[-4:]
        if card.number == DECLINING_CARD:
            return ChargeOutcome(
                False, 200, "Declined", "sbx_" + secrets.token_hex(10), brand, last4
            )
        if card.number not in APPROVING_CARDS:
            return ChargeOutcome(
                False,
                220,
                "Only test card numbers work in sandbox mode",
                "",
                brand,
                last4,
            )
        return self._outcome(amount, brand, last4)

    def charge_ach(
        self, *, ach: AchDetails, amount: Decimal, currency: str, reference: str
    ) -> ChargeOutcome:
        return self._outcome(amount, "", ach.account_number[-4:])

    def refund(
        self, *, transaction_id: str, amount: Decimal, currency: str
    ) -> ChargeOutcome:
        """Refunds of the sandbox's own transactions approve.

        Others are unknown (300).
        """
        if not transaction_id.startswith("sbx_"):
            return ChargeOutcome(False, 300, "No such sandbox transaction")
        return ChargeOutcome(True, 100, "Refunded", "sbx_" + secrets.token_hex(10))
