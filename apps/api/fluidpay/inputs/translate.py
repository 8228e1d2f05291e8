"""FluidPay request data (already type-checked by `shapes`) to the arguments of
the domain's services. No rule of its own: the services decide; this only maps names
and turns cents into Decimal amounts in the invoice currency.

Choices where FluidPay and the domain differ (documented in tests too):
- `bill_to` becomes the invoice's Client: by `customer_id` (a client id) or
  `bill_to.id`, else the live client with the same name and email, else a new client.
- `payable_to` `{id}` picks a company profile; inline values are echoed, the default
  profile invoices.
- `tax` is the invoice's whole tax. With `tax_percent` "0", the part of `tax` beyond the
  line taxes is a flat tax, added to the document adjustment (the `adjustment` shown
  excludes it), so totals stay the domain's and a body read back from GET changes
  nothing. With a `tax_percent` above 0, `tax` is ignored (the vendor's rule).
- `discount_credited` is the document's flat discount.
- `amount_paid`, `service_fees_paid`, `surcharge_paid` are read-only: payments set them,
  and a body may only repeat their current values (else 400).
- Vendor-only fields (item `status`, `commodity_code`, `freight_amount`, `send_via`...)
  are kept in `invoice.extra["fluidpay"]` and echoed; they do not change any amount.
"""

from decimal import Decimal

from apps.clients.selectors import client_list
from apps.clients.services import client_create
from apps.companies.selectors import company_profile_list
from apps.core.money import ZERO, from_minor_units, is_known_currency, to_minor_units
from apps.core.text import is_digits
from apps.invoices import calculations

from ..errors import BadRequest

ECHO_FIELDS = (
    "company_name",
    "company_logo_url",
    "customer_number",
    "card_processor_id",
    "ach_processor_id",
    "send_via",
    "email_to",
    "save_customer_vault",
    "advanced_fields",
    "enable_tax",
    "enable_shipping",
    "require_shipping_details",
    "require_billing_details_on_payment_only",
)
ITEM_ECHO_FIELDS = (
    "status",
    "type",
    "commodity_code",
    "alternate_tax_identifier",
    "taxable",
)
ADDRESS_CLIENT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "fax",
    "address_line_1",
    "address_line_2",
    "city",
    "state",
    "postal_code",
    "country",
)


def fp_extra(invoice) -> dict:
    return dict((invoice.extra or {}).get("fluidpay") or {})


def _money(cents: int, currency: str) -> Decimal:
    return from_minor_units(cents, currency)


def _rate_text(value: Decimal) -> str:
    return f"{value:.3f}"


def items_from(
    items: list[dict], currency: str, *, creating: bool
) -> tuple[list[dict], dict]:
    """Domain item dicts, and the FluidPay-only values keyed by item position."""
    domain, extras, errors = [], {}, []
    for index, item in enumerate(items):
        if creating and "status" not in item:
            errors.append(
                f"items[{index}].status: This field is required; use pending or paid."
            )
        name = (
            item.get("name")
            or item.get("description")
            or item.get("product_code")
            or "Item"
        )
        line = {
            "name": name[:200],
            "description": item.get("description", ""),
            "quantity": item["quantity"],
            "unit_price": _money(item["unit_price"], currency),
            "product_code": item.get("product_code", ""),
            "unit_of_measure": item.get("unit_of_measure", ""),
        }
        extra = {k: item[k] for k in ITEM_ECHO_FIELDS if k in item}
        extra.setdefault("status", "pending")
        local = item.get("local_tax_rate", ZERO)
        national = item.get("national_tax_rate", ZERO)
        if local or national:
            # Local and national rates are the domain's two (non-compound) line taxes.
            line["tax_rate"], line["tax_rate_2"] = local, national
            extra["split_tax"] = True
        elif "tax_rate" in item:
            line["tax_rate"] = item["tax_rate"]
        if item.get("discount_amount"):
            line["discount_type"] = "flat"
            line["discount_value"] = _money(item["discount_amount"], currency)
        for key in ("freight_amount",):
            if key in item:
                extra[key] = item[key]
        if "quantity_shipped" in item:
            extra["quantity_shipped"] = str(item["quantity_shipped"])
        domain.append(line)
        extras[str(index + 1)] = extra  # the services number positions from 1
    if errors:
        raise BadRequest("; ".join(errors))
    return domain, extras


def _client_by_id(value: str, field: str, *, by):
    if not is_digits(str(value)):
        raise BadRequest(f"{field}: '{value}' is not a customer id.")
    client = client_list(user=by).filter(pk=int(value)).first()
    if client is None:
        raise BadRequest(f"{field}: no customer with id {value}.")
    return client


def client_from(data: dict, *, currency: str, by):
    """The Client a create or update body bills, or None when it names none."""
    bill_to = data.get("bill_to") or {}
    if data.get("customer_id"):
        return _client_by_id(data["customer_id"], "customer_id", by=by)
    if bill_to.get("id"):
        return _client_by_id(bill_to["id"], "bill_to.id", by=by)
    if not bill_to:
        return None
    person = " ".join(
        p for p in (bill_to.get("first_name", ""), bill_to.get("last_name", "")) if p
    )
    name = (bill_to.get("company") or person or bill_to.get("email") or "").strip()
    if not name:
        raise BadRequest("bill_to: give a company, a first and last name, or an email.")
    email = bill_to.get("email", "")
    found = client_list(user=by).filter(name=name, email__iexact=email).first()
    if found is not None:
        return found
    fields = {k: bill_to[k] for k in ADDRESS_CLIENT_FIELDS if bill_to.get(k)}
    return client_create(
        by=by,
        name=name,
        currency=currency,
        reference=data.get("customer_number", ""),
        **fields,
    )


def company_profile_from(data: dict):
    payable_to = data.get("payable_to") or {}
    if not payable_to.get("id"):
        return None
    value = payable_to["id"]
    profile = (
        company_profile_list().filter(pk=int(value)).first()
        if is_digits(str(value))
        else None
    )
    if profile is None:
        raise BadRequest(f"payable_to.id: no address with id {value}.")
    return profile


def paid_amounts_check(data: dict, *, invoice=None) -> None:
    """`amount_paid`, `service_fees_paid` and `surcharge_paid` are what payments have
    set; a body may carry them (a GET answer sent back) only with those values."""
    paid = to_minor_units(invoice.amount_paid, invoice.currency) if invoice else 0
    current = {"amount_paid": paid, "service_fees_paid": 0, "surcharge_paid": 0}
    for name, value in current.items():
        if name in data and data[name] != value:
            raise BadRequest(
                f"{name}: Remit records payments itself ({value} so far); "
                "charge with pay or record a payment with mark-as-paid."
            )


def invoice_fields_from(data: dict, *, invoice=None, by=None) -> dict:
    """Keyword arguments for invoice_create (invoice None) or invoice_update."""
    creating = invoice is None
    paid_amounts_check(data, invoice=invoice)
    currency = (data.get("currency") or (invoice.currency if invoice else "")).upper()
    if creating and not currency:
        raise BadRequest("currency: This field is required.")
    if not is_known_currency(currency):
        raise BadRequest(
            f"currency: '{currency}' is not a known currency code; "
            "use ISO 4217 such as USD."
        )
    if creating and "items" not in data:
        raise BadRequest("items: This field is required.")
    fields: dict = {"currency": currency}
    extra = fp_extra(invoice) if invoice else {}
    if "items" in data:
        fields["items"], extra["items"] = items_from(
            data["items"], currency, creating=creating
        )
    client = client_from(data, currency=currency, by=by)
    if client is not None:
        fields["client"] = client
    elif creating:
        raise BadRequest(
            'bill_to: This field is required; give an address or {"id": ...}, '
            "or a customer_id."
        )
    profile = company_profile_from(data)
    if profile is not None:
        fields["company_profile"] = profile
    if data.get("payable_to") and not data["payable_to"].get("id"):
        extra["payable_to"] = data["payable_to"]
    if data.get("bill_to") and not data["bill_to"].get("id"):
        extra["bill_to"] = data["bill_to"]
    if data.get("invoice_number"):
        fields["number"] = data["invoice_number"]
        extra["invoice_number"] = data["invoice_number"]  # set by the caller: order_id
    if "date_due" in data:
        fields["due_date"] = data[
            "date_due"
        ].date()  # the date as written, in its own offset
        extra["date_due"] = data["date_due"].isoformat()
    for name in ("message", "allow_partial_payment", "payment_methods"):
        if name in data:
            fields[name] = data[name]
    tipping = (data.get("settings") or {}).get(
        "allow_tipping", data.get("allow_tipping")
    )
    if tipping is not None:
        fields["allow_tipping"] = tipping
    if "shipping" in data:
        fields["shipping"] = _money(data["shipping"], currency)
    if "discount_credited" in data:
        fields["discount_type"] = "flat" if data["discount_credited"] else ""
        fields["discount_value"] = _money(data["discount_credited"], currency)
    _taxes(data, fields, extra, invoice=invoice, currency=currency)
    extra.update({k: data[k] for k in ECHO_FIELDS if k in data})
    fields["extra"] = {**((invoice.extra or {}) if invoice else {}), "fluidpay": extra}
    return fields


def _taxes(data: dict, fields: dict, extra: dict, *, invoice, currency: str) -> None:
    """tax_percent, a flat `tax`, and `adjustment` (which carries the flat tax)."""
    if not ({"tax_percent", "tax", "adjustment"} & set(data)):
        return
    old_flat = _money(int(extra.get("flat_tax", 0)), currency)
    tax_percent = data.get("tax_percent", invoice.tax_percent if invoice else ZERO)
    flat = old_flat
    if "tax" in data:
        # `tax` in answers is every tax (lines + flat), so a body read back from a GET
        # keeps its flat part.
        flat = calculations.flat_tax(
            whole_tax=_money(data["tax"], currency),
            line_tax=_line_tax(fields, invoice, currency),
        )
    flat = flat if tax_percent == ZERO else ZERO
    if "adjustment" in data:
        shown = _money(data["adjustment"], currency)
    else:
        shown = calculations.flat_tax_shown(
            tax_total=ZERO,
            adjustment=invoice.adjustment if invoice else ZERO,
            flat=old_flat,
        ).adjustment
    fields["tax_percent"] = tax_percent
    fields["adjustment"] = calculations.adjustment_with_flat_tax(
        adjustment=shown, flat=flat
    )
    extra["flat_tax"] = to_minor_units(flat, currency)


def _line_tax(fields: dict, invoice, currency: str) -> Decimal:
    """The line taxes the saved invoice will have."""
    if "items" in fields:
        lines = [
            calculations.LineInput(
                quantity=line["quantity"],
                unit_price=line["unit_price"],
                discount_type=line.get("discount_type", ""),
                discount_value=line.get("discount_value", ZERO),
                tax_rate=line.get("tax_rate", ZERO),
                tax_rate_2=line.get("tax_rate_2", ZERO),
            )
            for line in fields["items"]
        ]
    else:
        lines = list(invoice.items.all()) if invoice else []
    adjustments = calculations.DocumentAdjustments(
        discount_type=fields.get(
            "discount_type", invoice.discount_type if invoice else ""
        ),
        discount_value=fields.get(
            "discount_value", invoice.discount_value if invoice else ZERO
        ),
    )
    totals = calculations.document_totals(
        lines, currency=currency, adjustments=adjustments
    )
    return totals.line_tax
