"""Money as exact JSON numbers, timestamps as naive UTC: no database."""

import datetime as dt
import json
from decimal import Decimal

from apps.api.fusebill.renderers import fusebill_dumps, number, timestamp


def test_number_drops_trailing_zeros_without_exponent():
    assert number(Decimal("264.0000")) == "264"
    assert number(Decimal("37.714285")) == "37.714285"
    assert number(Decimal("100")) == "100"
    assert number(Decimal("-0.0000")) == "0"
    assert number(Decimal("0.0000001")) == "0.0000001"


def test_dumps_writes_decimals_as_numbers_never_floats():
    text = fusebill_dumps(
        {"a": Decimal("0.1000"), "b": [Decimal("1E+2"), Decimal("-5.50")], "c": None}
    )
    assert text == '{"a":0.1,"b":[100,-5.5],"c":null}'
    assert json.loads(text, parse_float=Decimal)["a"] == Decimal("0.1")


def test_dumps_leaves_look_alike_user_text_a_string():
    tricky = "\x00" + "0" * 16 + "5"
    assert json.loads(fusebill_dumps({"notes": tricky})) == {"notes": tricky}


def test_timestamps_are_naive_utc_seconds():
    aware = dt.datetime(
        2017, 6, 12, 21, 48, 51, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2))
    )
    assert timestamp(aware) == "2017-06-12T19:48:51"
    assert timestamp(dt.date(2017, 6, 12)) == "2017-06-12T00:00:00"
    assert timestamp(None) is None
    assert fusebill_dumps({"t": aware}) == '{"t":"2017-06-12T19:48:51"}'
