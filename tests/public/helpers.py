import re
from decimal import Decimal

from django.urls import reverse

from tests.factories.invoices import InvoiceFactory, item_data

APPROVING_CARD = {
    "card_number": "4111111111111111",
    "card_expiry": "12/30",
    "card_cvc": "123",
    "card_name": "Ada Lovelace",
}
DECLINING_CARD = {**APPROVING_CARD, "card_number": "4000000000000002"}


def payable_invoice(**kwargs):
    """A sent invoice for 100.00 USD (2 x 50.00) with the hosted page's options."""
    kwargs.setdefault("items", [item_data()])
    return InvoiceFactory(sent=True, **kwargs)


def url(name: str, invoice, **kwargs) -> str:
    return reverse(
        f"public_invoices:{name}", kwargs={"public_hash": invoice.public_hash, **kwargs}
    )


def hidden_fields(client, invoice) -> dict[str, str]:
    """The pay form's hidden fields (one-time key, balance shown) of a fresh render."""
    html = client.get(url("detail", invoice)).content.decode()
    found = re.findall(
        r'type="hidden" name="(one_time_key|balance_seen)" value="([^"]+)"', html
    )
    return dict(found)


def one_time_key(client, invoice) -> str:
    return hidden_fields(client, invoice)["one_time_key"]


def pay(client, invoice, *, key=None, method="card", **fields):
    hidden = hidden_fields(client, invoice)
    data = {
        "method": method,
        "one_time_key": key or hidden.get("one_time_key", ""),
        "tip_choice": "none",
    }
    if "balance_seen" in hidden:
        data["balance_seen"] = hidden["balance_seen"]
    if method == "card":
        data.update(APPROVING_CARD)
    data.update(fields)
    return client.post(url("pay", invoice), data)


def money(text: str) -> Decimal:
    return Decimal(text)
