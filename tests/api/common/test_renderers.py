import datetime as dt
import json
from decimal import Decimal

import pytest

from apps.api.common.renderers import DecimalJSONRenderer, decimal_json_dumps


def _plain(value: Decimal) -> str:
    return format(value, "f")


def test_decimals_keep_their_own_digits():
    data = {"big": Decimal("12345678901234567.1234"), "tenth": Decimal("0.1")}
    text = decimal_json_dumps(data, decimal_text=_plain)
    assert text == '{"big":12345678901234567.1234,"tenth":0.1}'
    assert json.loads(text, parse_float=Decimal) == data


def test_user_text_cannot_forge_a_number():
    sneaky = ["\x00deadbeefdeadbeef12", "\\u0000", '"12"']
    text = decimal_json_dumps(sneaky, decimal_text=_plain)
    assert json.loads(text) == sneaky


def test_other_values_go_through_the_dialects_default_or_are_refused():
    day = dt.date(2024, 5, 1)
    assert decimal_json_dumps({"d": day}, decimal_text=_plain, default=str) == (
        '{"d":"2024-05-01"}'
    )
    with pytest.raises(TypeError, match="date"):
        decimal_json_dumps({"d": day}, decimal_text=_plain)


def test_ascii_is_the_dialects_choice():
    assert decimal_json_dumps("é", decimal_text=_plain) == '"\\u00e9"'
    assert decimal_json_dumps("é", decimal_text=_plain, ensure_ascii=False) == '"é"'


def test_renderer_uses_the_dialects_dumps_and_leaves_empty_answers_empty():
    class Renderer(DecimalJSONRenderer):
        dumps = staticmethod(lambda data: decimal_json_dumps(data, decimal_text=_plain))

    assert Renderer().render({"a": Decimal("1.50")}) == b'{"a":1.50}'
    assert Renderer().render(None) == b""
