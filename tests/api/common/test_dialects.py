"""The dialect registry: every mounted dialect is registered, and looked up by path."""

import pytest
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver

from apps.api.common.dialects import (
    Dialect,
    dialect_for_path,
    dialect_list,
    dialect_register,
)


def _api_mounts() -> list[tuple[str, str]]:
    """(path prefix, dialect package) for every dialect config/urls.py mounts."""
    mounts = []
    for entry in get_resolver("config.urls").url_patterns:
        module = getattr(entry, "urlconf_name", None)
        name = getattr(module, "__name__", "")
        if isinstance(entry, URLResolver) and name.startswith("apps.api."):
            mounts.append(("/" + str(entry.pattern), name.split(".")[2]))
    return mounts


def test_every_mounted_dialect_is_registered_under_its_prefix():
    mounts = _api_mounts()
    assert {package for _, package in mounts} == {
        "fusioninvoice",
        "fusebill",
        "fluidpay",
        "timetap",
    }
    for prefix, package in mounts:
        dialect = dialect_for_path(prefix + "anything")
        assert dialect is not None and dialect.name == package, prefix
    registered = {p for d in dialect_list() for p in d.prefixes}
    assert registered == {prefix for prefix, _ in mounts}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/invoices", "fusioninvoice"),
        ("/FuseBill/V1/Invoices/", "fusebill"),
        ("/fluidpay/api/invoice", "fluidpay"),
        ("/timetap/test/invoices", "timetap"),
        ("/invoices/3/", None),
        ("/api/v2/invoices", None),
    ],
)
def test_dialect_for_path_matches_prefixes_case_insensitively(path, name):
    dialect = dialect_for_path(path)
    assert (dialect.name if dialect else None) == name


def test_a_dialect_cannot_take_another_dialects_prefix():
    with pytest.raises(ValueError, match="fusebill"):
        dialect_register(
            Dialect(name="other", prefixes=("/fusebill/v1/",), error_body=dict)
        )
    assert dialect_for_path("/fusebill/v1/x").name == "fusebill"


def test_a_prefix_must_be_lower_case_between_slashes():
    with pytest.raises(ValueError, match="lower-case"):
        Dialect(name="other", prefixes=("/Other/v1",), error_body=dict)


def test_each_dialect_builds_its_error_envelope_and_identity():
    request = RequestFactory().post("/", HTTP_AUTHORIZATION="Basic k")
    for dialect in dialect_list():
        body = dialect.error_body(422, "Use a new key.", "IDEMPOTENCY_KEY_REUSED")
        assert "Use a new key." in str(body), dialect.name
        assert dialect.credential_identity(request) == "Basic k", dialect.name
