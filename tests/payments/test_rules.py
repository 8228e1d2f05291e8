"""The payer's rules (`payment_charge_check`) and the staff rules
(`payment_record_check`), each rule by name. Pure decisions: nothing is written."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.invoices.services import invoice_delete, invoice_void
from apps.payments.services import (
    payment_charge_check,
    payment_minimum,
    payment_record,
    payment_record_check,
)
from tests.factories.invoices import InvoiceFactory, item_data

pytestmark = pytest.mark.django_db


def _invoice(**options):
    """A sent invoice for 100.00 USD, card/ach/mail accepted."""
    return InvoiceFactory(sent=True, currency="USD", **options)


def _refused(**kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        payment_charge_check(**kwargs)
    return exc.value.message_dict


def _charge(invoice, amount="100.00", tip="0", method="card", **kwargs):
    return dict(invoice=invoice, amount=amount, tip=tip, method=method, **kwargs)


def test_payment_charge_check_accepts_the_balance_and_rounds_to_cents():
    invoice = _invoice(allow_tipping=True)
    amount, tip = payment_charge_check(**_charge(invoice, "100.004", tip="15.005"))
    assert (amount, tip) == (Decimal("100.00"), Decimal("15.01"))


def test_payment_charge_check_refuses_a_void_invoice():
    invoice = invoice_void(invoice=_invoice())
    errors = _refused(**_charge(invoice))
    assert errors == {"__all__": ["This invoice is void and can no longer be paid."]}


def test_payment_charge_check_refuses_a_deleted_invoice():
    invoice = InvoiceFactory(currency="USD")
    invoice_delete(invoice=invoice)
    invoice.refresh_from_db()
    assert "void" in _refused(**_charge(invoice))["__all__"][0]


def test_payment_charge_check_refuses_a_paid_invoice():
    invoice = _invoice()
    payment_record(invoice=invoice, amount=Decimal("100.00"), method="cash")
    invoice.refresh_from_db()
    errors = _refused(**_charge(invoice, "1.00"))
    assert errors == {"__all__": ["This invoice is already paid in full."]}


def test_payment_charge_check_takes_a_draft_on_its_total():
    """Drafts are not refused: the service sends one before charging (module doc)."""
    draft = InvoiceFactory(currency="USD")
    assert payment_charge_check(**_charge(draft)) == (Decimal("100.00"), Decimal("0"))


@pytest.mark.parametrize("amount", ["0", "-5.00"])
def test_payment_charge_check_refuses_nothing_or_less(amount):
    errors = _refused(**_charge(_invoice(allow_partial_payment=True), amount))
    assert errors == {"amount": ["The amount must be more than zero."]}


def test_payment_charge_check_refuses_an_amount_that_is_not_a_number():
    assert "amount" in _refused(**_charge(_invoice(), "ten"))


def test_payment_charge_check_asks_for_a_missing_amount():
    errors = _refused(**_charge(_invoice(allow_partial_payment=True), None))
    assert errors == {"amount": ["Enter the amount to pay."]}


def test_payment_charge_check_refuses_over_payment():
    errors = _refused(**_charge(_invoice(allow_partial_payment=True), "100.01"))
    assert errors == {
        "amount": ["The amount cannot be more than the balance (100.00 USD)."]
    }


def test_payment_charge_check_refuses_a_part_where_partial_payment_is_off():
    errors = _refused(**_charge(_invoice(), "40.00"))
    assert errors == {"amount": ["This invoice must be paid in full: 100.00 USD."]}


def test_payment_charge_check_minimum_partial_is_one_unit():
    invoice = _invoice(allow_partial_payment=True)
    assert payment_minimum(invoice=invoice) == Decimal("1.00")
    errors = _refused(**_charge(invoice, "0.99"))
    assert errors == {"amount": ["The amount must be at least 1.00 USD."]}
    assert payment_charge_check(**_charge(invoice, "1.00"))[0] == Decimal("1.00")


def test_payment_charge_check_minimum_is_the_balance_when_less_than_one_unit():
    invoice = _invoice(allow_partial_payment=True)
    payment_record(invoice=invoice, amount=Decimal("99.50"), method="cash")
    invoice.refresh_from_db()
    assert payment_minimum(invoice=invoice) == Decimal("0.50")
    assert payment_charge_check(**_charge(invoice, "0.50"))[0] == Decimal("0.50")
    assert "at least 0.50 USD" in _refused(**_charge(invoice, "0.49"))["amount"][0]


def test_payment_charge_check_minimum_in_a_zero_decimal_currency():
    invoice = InvoiceFactory(
        sent=True,
        currency="JPY",
        allow_partial_payment=True,
        items=[item_data(quantity=Decimal("1"), unit_price=Decimal("1000"))],
    )
    assert payment_minimum(invoice=invoice) == Decimal("1")
    assert payment_charge_check(**_charge(invoice, "1"))[0] == Decimal("1")


def test_payment_charge_check_refuses_a_tip_where_tipping_is_off():
    errors = _refused(**_charge(_invoice(), tip="5.00"))
    assert errors == {"tip": ["This invoice does not accept tips; remove the tip."]}


def test_payment_charge_check_refuses_a_negative_tip():
    errors = _refused(**_charge(_invoice(allow_tipping=True), tip="-1.00"))
    assert errors == {"tip": ["A tip cannot be negative."]}


def test_payment_charge_check_tip_may_equal_but_not_pass_the_amount():
    invoice = _invoice(allow_tipping=True, allow_partial_payment=True)
    assert payment_charge_check(**_charge(invoice, "25.00", tip="25.00"))[1] == Decimal(
        "25.00"
    )
    errors = _refused(**_charge(invoice, "25.00", tip="25.01"))
    assert errors == {
        "tip": [
            "A tip cannot be more than the amount paid (25.00 USD); "
            "check the tip amount."
        ]
    }


def test_payment_charge_check_reports_amount_and_tip_together():
    """Issue 8's FluidPay example: 0.25 plus a 5.00 tip on 100.00."""
    invoice = _invoice(allow_tipping=True, allow_partial_payment=True)
    errors = _refused(**_charge(invoice, "0.25", tip="5.00"))
    assert set(errors) == {"amount", "tip"}


def test_payment_charge_check_refuses_a_stale_balance_alone():
    invoice = _invoice(allow_tipping=True)
    errors = _refused(**_charge(invoice, tip="500", balance_seen="80.00"))
    assert errors == {
        "balance_seen": [
            "The balance of this invoice changed to 100.00 USD since the page was "
            "opened. Check the new amount, then pay again."
        ]
    }
    assert payment_charge_check(**_charge(invoice, balance_seen="100.00"))


def test_payment_charge_check_balance_seen_does_not_bind_a_chosen_partial_amount():
    invoice = _invoice(allow_partial_payment=True)
    assert payment_charge_check(**_charge(invoice, "40.00", balance_seen="140.00"))


@pytest.mark.parametrize("method", ["card", "ach"])
def test_payment_charge_check_refuses_a_method_the_invoice_does_not_take(method):
    invoice = _invoice(payment_methods=["mail"])
    errors = _refused(**_charge(invoice, method=method))
    assert list(errors) == ["method"]
    assert errors["method"][0].startswith("This invoice cannot be paid by ")


@pytest.mark.parametrize("method", ["mail", "cash", "bitcoin"])
def test_payment_charge_check_charges_only_card_or_ach(method):
    invoice = _invoice(payment_methods=["card", "ach", "mail"])
    assert list(_refused(**_charge(invoice, method=method))) == ["method"]


def test_payment_record_check_lets_staff_record_any_part_and_any_method():
    """Partial payment, tipping and accepted methods are offers to the payer."""
    invoice = _invoice(payment_methods=["card"])
    assert payment_record_check(
        invoice=invoice, amount="0.10", tip="3", method="check"
    ) == (Decimal("0.10"), Decimal("3.00"))


@pytest.mark.parametrize(
    ("amount", "tip", "method", "field"),
    [
        ("100.01", "0", "cash", "amount"),
        ("0", "0", "cash", "amount"),
        ("10", "-1", "cash", "tip"),
        ("10", "0", "bitcoin", "method"),
    ],
)
def test_payment_record_check_staff_rules(amount, tip, method, field):
    with pytest.raises(ValidationError) as exc:
        payment_record_check(invoice=_invoice(), amount=amount, tip=tip, method=method)
    assert list(exc.value.message_dict) == [field]


def test_payment_record_check_refuses_a_void_invoice():
    invoice = invoice_void(invoice=_invoice())
    with pytest.raises(ValidationError, match="void"):
        payment_record_check(invoice=invoice, amount="1", method="cash")
