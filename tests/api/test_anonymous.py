"""Every API route, in every dialect, refuses a call without credentials, in its
vendor's envelope. The routes are read from the URLconf, so a route added later is
covered without editing this file; only the sign-in endpoints are exempt."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

DIALECTS = {
    "api/v1/": {"error": "Unauthenticated."},
    "fusebill/v1/": None,  # checked by `_is_fusebill_401`
    "fluidpay/api/": {"status": "failed", "msg": "unauthorized"},
    "timetap/live/": None,  # checked by `_is_timetap_401`
    "timetap/test/": None,
}
# The routes that hand out credentials answer anonymous callers by design.
SIGN_IN = {"api/v1/login", "timetap/live/sessionToken", "timetap/test/sessionToken"}
SAMPLE = {"int": "1", "str": "abc", "slug": "abc", "path": "abc"}
METHODS = ("get", "post", "put", "patch", "delete")


def _sample_path(route: str) -> str:
    return re.sub(
        r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "1"), route
    )


def _view_methods(callback) -> list[str]:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is None:
        return []  # a plain function: the dialects' catch-all 404s
    return [m for m in METHODS if hasattr(view_class, m)]


def _routes() -> list[tuple[str, str]]:
    found = []
    for top in get_resolver().url_patterns:
        prefix = str(top.pattern)
        if prefix not in DIALECTS or not isinstance(top, URLResolver):
            continue
        for pattern in top.url_patterns:
            route = str(pattern.pattern)
            if not isinstance(pattern, URLPattern) or route.startswith("^"):
                continue  # regex catch-alls are the "no such path" answers
            path = prefix + _sample_path(route)
            if path.rstrip("/") in SIGN_IN:
                continue
            found += [
                (method, "/" + path) for method in _view_methods(pattern.callback)
            ]
    return sorted(set(found))


ROUTES = _routes()


def test_every_dialect_contributes_routes():
    """The walk above sees each dialect's endpoints (guards against an empty list)."""
    counts = {
        prefix: sum(path.startswith("/" + prefix) for _, path in ROUTES)
        for prefix in DIALECTS
    }
    assert counts["api/v1/"] >= 30
    assert counts["fusebill/v1/"] >= 5
    assert counts["fluidpay/api/"] >= 9
    assert (
        counts["timetap/live/"] >= 12
        and counts["timetap/live/"] == counts["timetap/test/"]
    )


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_refuses_an_anonymous_call(method, path):
    response = getattr(APIClient(), method)(path, {}, format="json")
    assert response.status_code == 401, (
        method,
        path,
        response.status_code,
        response.content[:200],
    )
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    prefix = next(p for p in DIALECTS if path.startswith("/" + p))
    if prefix.startswith("fusebill"):
        assert body["HttpStatusCode"] == 401 and body["Errors"], body
    elif prefix.startswith("timetap"):
        assert body["errorCode"] == "UNAUTHORIZED" and body["errorMessage"], body
    else:
        assert body == DIALECTS[prefix]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_every_route_refuses_a_wrong_credential(method, path):
    """A credential that is there but wrong is refused too, whatever its style."""
    for header in (
        "Bearer rmt_not-a-key",
        "Basic rmt_not-a-key",
        "rmt_not-a-key",
        "Bearer 1|" + "a" * 40,
    ):
        response = getattr(APIClient(), method)(
            path, {}, format="json", HTTP_AUTHORIZATION=header
        )
        assert response.status_code == 401, (method, path, header, response.status_code)


@pytest.mark.django_db
def test_ids_and_tokens_in_other_scripts_digits_are_refused_not_a_server_error():
    """str.isdigit() accepts "²"; int() does not. Found by a seeded schemathesis run."""
    from apps.accounts.services import api_key_create
    from tests.factories.accounts import UserFactory

    key = api_key_create(user=UserFactory()).key
    client = APIClient()
    response = client.get("/fluidpay/api/invoice/²", HTTP_AUTHORIZATION=key)
    assert response.status_code == 404 and response.json()["status"] == "failed"
    response = client.get("/api/v1/invoices", HTTP_AUTHORIZATION="Bearer ²|secret")
    assert response.status_code == 401
