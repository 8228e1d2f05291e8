"""The `query` grammar, as a pure function: no database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Q

from apps.api.fusebill.query import (
    CUSTOMER_INVOICE_FIELDS,
    INVOICE_FIELDS,
    NOTHING,
    QueryError,
    parse_query,
)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def parse(text: str, fields=CUSTOMER_INVOICE_FIELDS) -> Q:
    return parse_query(text, fields)


def test_parse_query_empty_or_missing_filters_nothing():
    assert parse(None) == Q()
    assert parse("") == Q()
    assert parse("  ") == Q()


def test_parse_query_string_is_case_insensitive_equality():
    assert parse("poNumber:PO-1") == Q(po_number__iexact="PO-1")


def test_parse_query_names_match_case_insensitively():
    assert parse("PONUMBER:PO-1") == Q(po_number__iexact="PO-1")


def test_parse_query_word_null_is_a_string():
    assert parse("poNumber:null") == Q(po_number__iexact="null")


@pytest.mark.parametrize(
    ("value", "pattern"),
    [("555*", "^555.*$"), ("*555*", "^.*555.*$"), ("*a.b*c", "^.*a\\.b.*c$")],
)
def test_parse_query_wildcards_become_anchored_regexes(value, pattern):
    assert parse(f"poNumber:{value}") == Q(po_number__iregex=pattern)


def test_parse_query_empty_literal_matches_null_or_blank():
    assert parse("poNumber:[empty]") == Q(po_number__isnull=True) | Q(po_number="")
    assert parse("postedTimestamp:[EMPTY]") == Q(sent_at__isnull=True)


def test_parse_query_sets_on_ids():
    assert parse("invoiceNumber:1,2,3") == Q(sequence__in=[1, 2, 3])
    assert parse("id:7") == Q(id=7)
    assert parse("customerId:4,5", INVOICE_FIELDS) == Q(client_id__in=[4, 5])


def test_parse_query_sets_on_enums_or_their_members():
    q = parse("Customer.Status:Active,Cancelled", INVOICE_FIELDS)
    active = Q(client__is_active=True, client__deleted_at__isnull=True)
    assert q == active | ~active
    assert parse("Customer.Status:active", INVOICE_FIELDS) == active


def test_parse_query_comma_in_a_string_is_literal():
    assert parse("poNumber:A,B") == Q(po_number__iexact="A,B")


def test_parse_query_date_range_upper_bound_exclusive():
    q = parse("createdTimestamp:2018-01-01|2019-01-01")
    assert q == Q(created_at__gte=utc(2018, 1, 1)) & Q(created_at__lt=utc(2019, 1, 1))


def test_parse_query_date_range_open_ends_and_times():
    assert parse("postedTimestamp:2018-01-01|") == Q(sent_at__gte=utc(2018, 1, 1))
    assert parse("postedTimestamp:|2019-01-01T10:30:00") == Q(
        sent_at__lt=utc(2019, 1, 1, 10, 30)
    )


def test_parse_query_bare_date_is_that_day():
    assert parse("postedTimestamp:2018-03-04") == Q(sent_at__gte=utc(2018, 3, 4)) & Q(
        sent_at__lt=utc(2018, 3, 5)
    )


def test_parse_query_effective_date_reads_a_date_column_as_midnight():
    # midnight bounds are the dates themselves; a bound inside a day moves on a day
    assert parse("effectiveTimestamp:2018-01-01|2019-01-01") == Q(
        invoice_date__gte=dt.date(2018, 1, 1)
    ) & Q(invoice_date__lt=dt.date(2019, 1, 1))
    assert parse("effectiveTimestamp:2018-01-01T08:00:00|2018-02-01T08:00:00") == Q(
        invoice_date__gte=dt.date(2018, 1, 2)
    ) & Q(invoice_date__lt=dt.date(2018, 2, 2))


def test_parse_query_decimal_range_inclusive():
    q = parse("closingArBalance:50.00|180.00")
    assert q == Q(closing_ar_balance__gte=Decimal("50.00")) & Q(
        closing_ar_balance__lte=Decimal("180.00")
    )
    assert parse("openingArBalance:|180") == Q(opening_ar_balance__lte=Decimal("180"))
    assert parse("openingArBalance:50.5|") == Q(opening_ar_balance__gte=Decimal("50.5"))


def test_parse_query_semicolon_ands_pairs():
    q = parse("poNumber:PO*;invoiceNumber:3;")
    assert q == Q(po_number__iregex="^PO.*$") & Q(sequence=3)


def test_parse_query_constant_fields_match_all_or_nothing():
    assert parse("quickBooksId:[empty]") == Q()
    assert parse("quickBooksId:12") == NOTHING
    assert parse("totalInstallments:1") == Q()
    assert parse("netsuiteId:ABC") == NOTHING
    assert parse("Customer.CurrentMrr:0|10", INVOICE_FIELDS) == Q()
    assert parse("Customer.CurrentMrr:5|", INVOICE_FIELDS) == NOTHING


def test_parse_query_customer_fields_only_on_the_all_invoices_list():
    assert parse("Customer.CustomerReference.Reference1:R-1", INVOICE_FIELDS) == Q(
        client__reference__iexact="R-1"
    )
    with pytest.raises(QueryError):
        parse("customerId:1")


@pytest.mark.parametrize(
    "text",
    [
        "poNumber",  # no colon
        "bogus:1",  # unknown name
        "poNumber:",  # no value
        ":x",
        "invoiceNumber:abc",
        "invoiceNumber:1*",
        "totalInstallments:1,2",  # sets only on ids and enums
        "createdTimestamp:2018-13-01|",
        "createdTimestamp:|",
        "createdTimestamp:2018-01-01|2019-01-01|2020-01-01",
        "createdTimestamp:yesterday",
        "closingArBalance:abc|",
        "closingArBalance:1e5|",
        "Customer.Status:Happy",
    ],
)
def test_parse_query_rejects_malformed_queries(text):
    fields = INVOICE_FIELDS
    with pytest.raises(QueryError):
        parse(text, fields)
