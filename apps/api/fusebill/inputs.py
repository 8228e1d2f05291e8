"""Request -> service arguments for Fusebill's two writes: `POST invoices/writeoff`
and `POST Invoices?draftInvoiceId=`. Shape and type checks only; whether the write
may happen is the domain's (`invoice_write_off`, `invoice_status_set`)."""

from decimal import Decimal, InvalidOperation

from apps.core.text import is_digits

from .errors import FusebillError

_MAX_ID = 2**63 - 1
_MAX_AMOUNT = Decimal(10) ** 16  # what a (20, 4) amount holds


def _id(value, name: str) -> int:
    # bool is an int in Python; JSON true is no id.
    if isinstance(value, bool):
        raise FusebillError(f"Bad request, {name} must be an integer id.")
    if isinstance(value, str) and is_digits(value.strip()) and len(value) < 20:
        value = int(value.strip())
    if not isinstance(value, int) or not 0 < value <= _MAX_ID:
        raise FusebillError(f"Bad request, {name} must be an integer id.")
    return value


def _body(data) -> dict:
    if data is None or data == "":
        return {}
    if not isinstance(data, dict):
        raise FusebillError("Bad request, the body must be a JSON object.")
    return data


def write_off_from(data) -> dict:
    """`{"invoiceId": 1, "amount": 2.0, "reference": "..."}` -> invoice id, amount
    (None: the whole balance) and reference."""
    data = _body(data)
    if data.get("invoiceId") is None:
        raise FusebillError("Bad request, invoiceId is required.")
    amount = data.get("amount")
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, int | float | str):
            raise FusebillError("Bad request, amount must be a number.")
        try:
            # str() keeps what the client wrote; a JSON number arrives as int/float.
            amount = Decimal(str(amount))
        except InvalidOperation:
            raise FusebillError("Bad request, amount must be a number.") from None
        if not amount.is_finite() or abs(amount) >= _MAX_AMOUNT:
            raise FusebillError("Bad request, amount must be a number below 1e16.")
    reference = data.get("reference")
    if reference is not None and not isinstance(reference, str):
        raise FusebillError("Bad request, reference must be a string.")
    return {
        "invoice_id": _id(data["invoiceId"], "invoiceId"),
        "amount": amount,
        "reference": reference or "",
    }


def draft_post_from(params, data) -> int:
    """The draft to post, from `?draftInvoiceId=`. Posting a subset of its charges
    (`draftChargeIds`) or a `preview` is refused: Remit posts whole drafts."""
    data = _body(data)
    raw = params.get("draftInvoiceId")
    if raw is None or not raw.strip():
        raise FusebillError("Bad request, draftInvoiceId is required.")
    if data.get("draftChargeIds"):
        raise FusebillError(
            "Bad request, draftChargeIds is not supported; Remit posts the whole "
            "draft. Remove the charges you do not want from the draft first."
        )
    if data.get("preview") not in (None, False, "false"):
        raise FusebillError("Bad request, preview is not supported.")
    return _id(raw, "draftInvoiceId")
