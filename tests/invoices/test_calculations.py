"""Worked money vectors for calculations.py. No database: the arithmetic is pure.

Policy under test (see the module docstring): each line rounds half-up to the
currency's minor unit, then lines are summed; taxes round per line.
"""

from decimal import Decimal as D

from apps.invoices.calculations import (
    DocumentAdjustments,
    LineInput,
    adjustment_with_flat_tax,
    balance_due,
    document_discount,
    document_tax,
    document_totals,
    flat_tax,
    flat_tax_shown,
    line_amounts,
    own_discount,
    paid_net_of_credit_memos,
    tip_for_percent,
)


def line(qty, price, **kw) -> LineInput:
    return LineInput(quantity=D(qty), unit_price=D(price), **kw)


def test_usd_lines_round_each_then_sum():
    # 0.333 -> 0.33 per line; 3 x 0.33 = 0.99 (rounding the sum 0.999 would give 1.00).
    totals = document_totals([line("1", "0.333")] * 3, currency="USD")
    assert [a.subtotal for a in totals.lines] == [D("0.33")] * 3
    assert totals.subtotal == D("0.99")
    assert totals.total == D("0.99")


def test_usd_half_cent_rounds_up():
    # 1.005 is exactly half a cent above 1.00:
    # half-up gives 1.01 (banker's would give 1.00).
    assert document_totals([line("1", "1.005")], currency="USD").total == D("1.01")


def test_jpy_has_no_minor_unit():
    # 100.5 yen -> 101 per line, x3 = 303;
    # tax 10% of 101 = 10.1 -> 10 per line, x3 = 30.
    totals = document_totals([line("1", "100.5", tax_rate=D("10"))] * 3, currency="JPY")
    assert totals.subtotal == D("303")
    assert totals.tax == D("30")
    assert totals.total == D("333")


def test_kwd_has_three_decimals():
    # 1.2345 -> 1.235 (half-up at the 4th place); tax 5% of 1.235 = 0.06175 -> 0.062.
    totals = document_totals([line("1", "1.2345", tax_rate=D("5"))], currency="KWD")
    assert totals.subtotal == D("1.235")
    assert totals.tax == D("0.062")
    assert totals.total == D("1.297")


def test_line_percent_discount_before_tax():
    # 200.00, 15% off = 30.00; tax 10% of 170.00 = 17.00; total 187.00.
    amounts = line_amounts(
        line(
            "1",
            "200",
            discount_type="percent",
            discount_value=D("15"),
            tax_rate=D("10"),
        ),
        "USD",
    )
    assert (amounts.subtotal, amounts.discount, amounts.tax_1, amounts.total) == (
        D("200.00"),
        D("30.00"),
        D("17.00"),
        D("187.00"),
    )


def test_line_flat_discount_rounds_and_is_capped_at_the_line():
    # Flat 12.345 rounds to 12.35; 100.00 - 12.35 = 87.65.
    kept = line_amounts(
        line("2", "50", discount_type="flat", discount_value=D("12.345")), "USD"
    )
    assert (kept.discount, kept.total) == (D("12.35"), D("87.65"))
    # Flat 120 on a 100.00 line is capped at 100.00: the line costs nothing, never less.
    capped = line_amounts(
        line("2", "50", discount_type="flat", discount_value=D("120")), "USD"
    )
    assert (capped.discount, capped.total) == (D("100.00"), D("0.00"))


def test_document_flat_discount_shared_with_remainder_on_last_line():
    # 10.00 shared by three 10.00 lines: 3.33, 3.33 and the remainder 3.34 (sum 10.00).
    # Tax 10% per line on 6.67, 6.67, 6.66 = 0.667, 0.667, 0.666 -> 0.67 each = 2.01.
    # Total 30.00 - 10.00 + 2.01 = 22.01.
    totals = document_totals(
        [line("1", "10", tax_rate=D("10"))] * 3,
        currency="USD",
        adjustments=DocumentAdjustments(discount_type="flat", discount_value=D("10")),
    )
    assert [a.discount for a in totals.lines] == [D("3.33"), D("3.33"), D("3.34")]
    assert sum(a.discount for a in totals.lines) == totals.discount == D("10.00")
    assert [a.tax_1 for a in totals.lines] == [D("0.67")] * 3
    assert totals.total == D("22.01")


def test_document_percent_discount_shares_sum_exactly():
    # 15% of 100.00 = 15.00; first share 15 x 33.33 / 100 = 4.9995 -> 5.00; last 10.00.
    totals = document_totals(
        [line("1", "33.33"), line("1", "66.67")],
        currency="USD",
        adjustments=DocumentAdjustments(
            discount_type="percent", discount_value=D("15")
        ),
    )
    assert [a.discount for a in totals.lines] == [D("5.00"), D("10.00")]
    assert totals.discount == D("15.00")
    assert totals.total == D("85.00")


def test_compound_second_tax_applies_on_net_plus_first_tax():
    # 100.00 net: GST 5% = 5.00; QST 9.975% compound on 105.00 = 10.47375 -> 10.47.
    compound = line_amounts(
        line("1", "100", tax_rate=D("5"), tax_rate_2=D("9.975"), tax_2_compound=True),
        "USD",
    )
    assert (compound.tax_1, compound.tax_2, compound.total) == (
        D("5.00"),
        D("10.47"),
        D("115.47"),
    )
    # Not compound: 9.975% of 100.00 = 9.975 -> 9.98.
    simple = line_amounts(
        line("1", "100", tax_rate=D("5"), tax_rate_2=D("9.975")), "USD"
    )
    assert (simple.tax_2, simple.total) == (D("9.98"), D("114.98"))


def test_document_tax_percent_on_the_discounted_subtotal():
    # (50.00 + 49.99) x 7.5% = 7.49925 -> 7.50, rounded once for the document.
    totals = document_totals(
        [line("1", "50"), line("1", "49.99")],
        currency="USD",
        adjustments=DocumentAdjustments(tax_percent=D("7.5")),
    )
    assert totals.tax == D("7.50")
    assert totals.total == D("107.49")
    # With 10.00 off first: 89.99 x 7.5% = 6.74925 -> 6.75.
    discounted = document_totals(
        [line("1", "50"), line("1", "49.99")],
        currency="USD",
        adjustments=DocumentAdjustments(
            tax_percent=D("7.5"), discount_type="flat", discount_value=D("10")
        ),
    )
    assert discounted.tax == D("6.75")


def test_shipping_and_adjustments_are_added_after_tax():
    # 100.00 + 8.25% tax = 108.25; + shipping 12.50; adjustment -3.335 rounds half away
    # from zero to -3.34: 108.25 + 12.50 - 3.34 = 117.41.
    totals = document_totals(
        [line("1", "100", tax_rate=D("8.25"))],
        currency="USD",
        adjustments=DocumentAdjustments(shipping=D("12.5"), adjustment=D("-3.335")),
    )
    assert (totals.tax, totals.shipping, totals.adjustment) == (
        D("8.25"),
        D("12.50"),
        D("-3.34"),
    )
    assert totals.total == D("117.41")


def test_negative_adjustment_reduces_the_total():
    # 100.00 - 25.50 = 74.50.
    totals = document_totals(
        [line("1", "100")],
        currency="USD",
        adjustments=DocumentAdjustments(adjustment=D("-25.50")),
    )
    assert totals.total == D("74.50")


def test_tax_rounds_per_line_not_on_the_sum():
    # Ten lines of 0.125: each subtotal rounds to 0.13 (sum 1.30). Tax 10% per line is
    # 0.013 -> 0.01, ten times = 0.10. Taxing the sum would give 1.30 x 10% = 0.13.
    totals = document_totals(
        [line("1", "0.125", tax_rate=D("10"))] * 10, currency="USD"
    )
    assert totals.subtotal == D("1.30")
    assert totals.tax == D("0.10")
    assert totals.total == D("1.40")


def test_quantity_times_price_rounds_once_per_line():
    # 3 x 33.335 = 100.005 -> 100.01 (not 3 x 33.34 = 100.02).
    assert line_amounts(line("3", "33.335"), "USD").subtotal == D("100.01")


def test_no_lines_means_zero():
    totals = document_totals(
        [],
        currency="USD",
        adjustments=DocumentAdjustments(discount_type="flat", discount_value=D("5")),
    )
    assert (totals.subtotal, totals.discount, totals.total) == (0, 0, 0)


def test_balance_due_is_never_negative_and_tip_rounds():
    assert balance_due(total=D("100.00"), paid=D("60.00"), written_off=D("10.00")) == D(
        "30.00"
    )
    assert balance_due(total=D("100.00"), paid=D("100.00"), written_off=D("5.00")) == D(
        "0"
    )
    # 18% of 47.30 = 8.514 -> 8.51.
    assert tip_for_percent(amount=D("47.30"), percent=D("18"), currency="USD") == D(
        "8.51"
    )


# ------------------------------------------------- parts of a stored result, for doors


def test_own_discount_is_the_line_discount_without_the_document_share():
    # 200.00 less 15% = 30.00 own; a 10.00 document discount adds a share on top.
    lines = [line("1", "200", discount_type="percent", discount_value=D("15"))]
    totals = document_totals(
        lines,
        currency="USD",
        adjustments=DocumentAdjustments(discount_type="flat", discount_value=D("10")),
    )
    assert own_discount(lines[0], "USD") == D("30.00")
    assert totals.lines[0].discount == D("40.00")


def test_own_flat_discount_is_rounded_and_capped_at_the_line():
    assert own_discount(
        line("1", "5", discount_type="flat", discount_value=D("7.555")), "USD"
    ) == D("5.00")
    assert own_discount(
        line("1", "50", discount_type="flat", discount_value=D("7.555")), "USD"
    ) == D("7.56")


def test_own_discount_on_a_negative_line_is_zero_as_stored():
    # FluidPay's renderer used min(value, subtotal): -10.00 for this line, while the
    # stored discount (and the total) used 0.
    negative = line("1", "-10", discount_type="flat", discount_value=D("3"))
    assert own_discount(negative, "USD") == D("0")
    assert line_amounts(negative, "USD").discount == D("0")


def test_document_discount_is_what_the_lines_share():
    lines = [
        line("1", "100", discount_type="flat", discount_value=D("10")),
        line("3", "33.333", discount_type="percent", discount_value=D("5")),
    ]
    adjustments = DocumentAdjustments(discount_type="percent", discount_value=D("12.5"))
    totals = document_totals(lines, currency="USD", adjustments=adjustments)
    own = sum((own_discount(x, "USD") for x in lines), D("0"))
    got = document_discount(lines, currency="USD", adjustments=adjustments)
    # own: 10.00 + 5% of 100.00 = 15.00; 12.5% of (90.00 + 95.00) = 23.125 -> 23.13
    assert got == totals.discount - own == D("23.13")


def test_document_flat_discount_is_capped_at_the_lines():
    adjustments = DocumentAdjustments(discount_type="flat", discount_value=D("500"))
    lines = [line("2", "100")]
    assert document_discount(lines, currency="USD", adjustments=adjustments) == D(
        "200.00"
    )


def test_document_tax_is_the_part_of_tax_beyond_the_lines():
    lines = [line("1", "99.99", tax_rate=D("7")), line("2", "0.35")]
    adjustments = DocumentAdjustments(
        discount_type="flat", discount_value=D("1"), tax_percent=D("8.25")
    )
    totals = document_totals(lines, currency="USD", adjustments=adjustments)
    got = document_tax(
        subtotal=totals.subtotal,
        discount=totals.discount,
        tax_percent=D("8.25"),
        currency="USD",
    )
    # (99.99 + 0.70 - 1.00) x 8.25% = 8.224425 -> 8.22, beside the line taxes.
    assert got == totals.document_tax == D("8.22")
    assert totals.tax == totals.line_tax + got


def test_flat_tax_is_the_whole_tax_beyond_the_line_taxes_never_negative():
    assert flat_tax(whole_tax=D("12.50"), line_tax=D("2.50")) == D("10.00")
    assert flat_tax(whole_tax=D("1.00"), line_tax=D("2.50")) == D("0")


def test_flat_tax_moves_from_the_adjustment_to_the_tax_when_shown():
    stored = adjustment_with_flat_tax(adjustment=D("-3.00"), flat=D("10.00"))
    shown = flat_tax_shown(tax_total=D("2.50"), adjustment=stored, flat=D("10.00"))
    assert (stored, shown.tax, shown.adjustment) == (
        D("7.00"),
        D("12.50"),
        D("-3.00"),
    )


def test_paid_net_of_credit_memos():
    assert paid_net_of_credit_memos(
        amount_paid=D("150.00"), credit_memos=D("25.00")
    ) == D("125.00")
