import datetime as dt
import io
import json
from decimal import Decimal

from django.test import override_settings

from apps.api.timetap.inputs import TimeTapJSONParser
from apps.api.timetap.renderers import (
    date_from_epoch_ms,
    decimal_text,
    epoch_ms,
    timetap_dumps,
)


def test_decimals_are_json_numbers_written_from_their_digits():
    data = {
        "a": Decimal("100.0000"),
        "b": [Decimal("12.10"), Decimal("-3"), Decimal("0E-4")],
    }
    assert timetap_dumps(data) == '{"a":100.0,"b":[12.1,-3.0,0.0]}'
    assert decimal_text(Decimal("12345678901234567.1234")) == "12345678901234567.1234"
    assert decimal_text(Decimal("0.1") + Decimal("0.2")) == "0.3"


def test_user_text_can_never_turn_into_a_number():
    sneaky = {"comments": "\x00" + "0" * 16 + "12.5", "quote": 'say "hi"'}
    assert timetap_dumps(sneaky) == json.dumps(sneaky, separators=(",", ":"))
    assert json.loads(timetap_dumps(sneaky)) == sneaky


def test_epoch_ms_round_trips_dates_in_the_business_time_zone():
    assert epoch_ms(dt.date(1970, 1, 2)) == 86_400_000
    assert date_from_epoch_ms(86_400_000) == dt.date(1970, 1, 2)
    assert date_from_epoch_ms("2026-06-01") == dt.date(2026, 6, 1)
    with override_settings(TIME_ZONE="America/New_York"):
        ms = epoch_ms(dt.date(2026, 6, 1))
        assert ms == 1780286400000  # midnight in New York is 04:00 UTC
        assert date_from_epoch_ms(ms) == dt.date(2026, 6, 1)
    aware = dt.datetime(2026, 6, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)
    assert epoch_ms(aware) == 1780315200123


def test_parser_reads_fractions_as_decimals_never_floats():
    raw = b'{"rate": 1234567890123456.78, "quantity": 0.1, "n": 3, "x": [{"r": 6.25}]}'
    data = TimeTapJSONParser().parse(io.BytesIO(raw))
    assert data["rate"] == Decimal("1234567890123456.78")  # a float keeps ~16 digits
    assert type(data["quantity"]) is Decimal and data["quantity"] == Decimal("0.1")
    assert data["n"] == 3 and type(data["n"]) is int
    assert data["x"][0]["r"] == Decimal("6.25")
