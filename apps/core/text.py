"""Small text checks shared by the forms, the gateways and the API dialects."""


def is_digits(value: object) -> bool:
    """True for a non-empty string of ASCII 0-9 only. `str.isdigit()` also accepts
    "²" and other scripts' digits, which `int()` refuses or which no id contains."""
    return isinstance(value, str) and value.isascii() and value.isdigit()
