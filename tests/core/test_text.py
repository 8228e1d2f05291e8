import pytest

from apps.core.text import is_digits


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0042", True),
        ("7", True),
        ("", False),
        ("²", False),
        ("١٢", False),
        ("12a", False),
        ("-1", False),
        (" 1", False),
        (12, False),
        (None, False),
    ],
)
def test_is_digits_means_ascii_0_to_9(value, expected):
    assert is_digits(value) is expected
