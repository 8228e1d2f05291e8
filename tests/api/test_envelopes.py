"""Every request under a dialect's prefix answers JSON in that dialect's envelope,
whatever its method, path, headers or body: an unknown path 404, a known path with a
wrong method 405, unreadable input 400 or 413, never HTML and never a server error.
CSRF checks are on, as for a real client."""

import json

import pytest
from django.test import Client

from apps.accounts.services import api_key_create, session_token_create
from apps.api.common.envelope import MAX_JSON_DEPTH, json_depth
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory

pytestmark = pytest.mark.django_db

PREFIX = {
    "fusioninvoice": "/api/v1/",
    "fusebill": "/fusebill/v1/",
    "fluidpay": "/fluidpay/api/",
    "timetap": "/timetap/live/",
    "timetap-test": "/timetap/test/",
}


def _fusioninvoice(body: dict, status: int) -> bool:
    return bool({"message", "error", "errors"} & set(body))


def _fusebill(body: dict, status: int) -> bool:
    errors = body.get("Errors")
    return (
        body.get("HttpStatusCode") == status
        and "ErrorId" in body
        and isinstance(errors, list)
        and all({"Key", "Value"} <= set(e) for e in errors)
    )


def _fluidpay(body: dict, status: int) -> bool:
    return body.get("status") == "failed" and isinstance(body.get("msg"), str)


def _timetap(body: dict, status: int) -> bool:
    return isinstance(body.get("errorMessage"), str) and isinstance(
        body.get("errorCode"), str
    )


ENVELOPE = {
    "fusioninvoice": _fusioninvoice,
    "fusebill": _fusebill,
    "fluidpay": _fluidpay,
    "timetap": _timetap,
    "timetap-test": _timetap,
}

DEEP = "[" * 1000 + "]" * 1000
HUGE = json.dumps({"notes": "x" * 2_500_000})
NUL_JSON = '{"name": "a\\u0000b"}'
# A body of each kind, posted as JSON unless the case says otherwise.
UNKNOWN = [
    ("get", "no/such/thing", None),
    ("post", "no/such/thing", "{}"),
    ("put", "no/such/thing", "{}"),
    ("patch", "no/such/thing", "{}"),
    ("delete", "no/such/thing", None),
]
BAD_INPUT = [
    # (method, path, body, extra request kwargs, expected status)
    ("get", "invoices?filter=a%00b", None, {}, 400),
    ("get", "invoices/%00", None, {}, 400),
    ("get", "invoices", None, {"HTTP_X_TRACE": "a\x00b"}, 400),
    ("post", "invoices", NUL_JSON, {}, 400),
    ("post", "invoices", DEEP, {}, 400),
    ("post", "invoices", HUGE, {}, 413),
]
WRONG_METHOD = {
    "fusioninvoice": [("delete", "invoices/store"), ("put", "login")],
    "fusebill": [("delete", "Invoices"), ("post", "Invoices/1")],
    "fluidpay": [("get", "invoices/search"), ("patch", "invoice")],
    "timetap": [("patch", "invoices"), ("post", "clients")],
    "timetap-test": [("delete", "clients/count")],
}
# Malformed JSON and a content type the endpoint does not read, on a write endpoint.
WRITE_PATH = {
    "fusioninvoice": "invoices/store",
    "fluidpay": "invoice",
    "timetap": "invoices",
    "timetap-test": "invoices",
}


def _cases():
    for dialect in PREFIX:
        for method, path, body in UNKNOWN:
            yield pytest.param(
                dialect, method, path, body, {}, 404, id=f"{dialect}-{method}-unknown"
            )
        for method, path, body, extra, status in BAD_INPUT:
            yield pytest.param(
                dialect,
                method,
                path,
                body,
                extra,
                status,
                id=f"{dialect}-{method}-{path[:12]}-{status}-{len(body or '')}",
            )
        for method, path in WRONG_METHOD[dialect]:
            yield pytest.param(
                dialect,
                method,
                path,
                "{}" if method != "get" else None,
                {},
                405,
                id=f"{dialect}-{method}-{path}-405",
            )
        if dialect in WRITE_PATH:
            path = WRITE_PATH[dialect]
            yield pytest.param(
                dialect, "post", path, '{"a": ', {}, 400, id=f"{dialect}-malformed"
            )
            yield pytest.param(
                dialect,
                "post",
                path,
                "<a/>",
                {"content_type": "application/xml"},
                (400, 415),
                id=f"{dialect}-xml",
            )


@pytest.fixture
def headers(db):
    CompanyProfileFactory()
    issued = api_key_create(user=UserFactory())
    session = session_token_create(api_key=issued.api_key)
    return {
        "fusioninvoice": f"Bearer {issued.key}",
        "fusebill": f"Basic {issued.key}",
        "fluidpay": issued.key,
        "timetap": f"Bearer {session}",
        "timetap-test": f"Bearer {session}",
    }


def call(method, path, body=None, **kwargs) -> "HttpResponse":  # noqa: F821
    client = Client(enforce_csrf_checks=True)
    if body is not None:
        kwargs.setdefault("content_type", "application/json")
        kwargs["data"] = body
    return getattr(client, method)(path, **kwargs)


def assert_envelope(response, dialect: str, status) -> dict:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, (
        response.status_code,
        response.content[:300],
    )
    assert response["Content-Type"].startswith("application/json"), response[
        "Content-Type"
    ]
    body = json.loads(response.content)
    assert isinstance(body, dict) and ENVELOPE[dialect](body, response.status_code), (
        body
    )
    return body


@pytest.mark.parametrize(
    ("dialect", "method", "path", "body", "extra", "status"), list(_cases())
)
def test_every_answer_is_the_dialects_json_envelope(
    headers, dialect, method, path, body, extra, status
):
    response = call(
        method,
        PREFIX[dialect] + path,
        body,
        HTTP_AUTHORIZATION=headers[dialect],
        **extra,
    )
    assert_envelope(response, dialect, status)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("dialect", ["fusebill", "fluidpay", "timetap"])
def test_an_unknown_path_without_credentials_is_json_not_the_csrf_page(dialect, method):
    """The issue's first finding: Django's HTML CSRF page on unrouted writes."""
    paths = {
        "fusebill": "invoices/writeoff/nothing",
        "fluidpay": "transaction/nothing/search",
        "timetap": "anything",
    }
    response = call(method, PREFIX[dialect] + paths[dialect], "{}")
    assert_envelope(response, dialect, 404)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("invoices/search/", 200),
        ("invoice/", 400),
        ("nothing/", 404),
        ("invoice/x/pay/", 404),
    ],
)
def test_fluidpay_paths_with_a_trailing_slash_answer_json_under_csrf_checks(
    headers, path, status
):
    response = call(
        "post", PREFIX["fluidpay"] + path, "{}", HTTP_AUTHORIZATION=headers["fluidpay"]
    )
    assert response["Content-Type"].startswith("application/json")
    assert response.status_code == status, response.content[:300]
    if status >= 400:
        assert_envelope(response, "fluidpay", status)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (DEEP, 400),
        ('{"email": "a\\u0000@x.io", "password": "p"}', 400),
        ('{"email": ', 400),
        (HUGE, 413),
    ],
)
def test_the_unauthenticated_fusioninvoice_login_refuses_unreadable_bodies(
    body, status
):
    response = call("post", "/api/v1/login", body)
    assert_envelope(response, "fusioninvoice", status)


def test_an_html_error_from_outside_a_dialect_handler_is_wrapped(headers, settings):
    """The net under the dialects: a CSRF refusal (an HTML 403 from Django) on a view
    that forgot `csrf_exempt` comes back in the envelope."""
    settings.ROOT_URLCONF = "tests.api.common.urls_envelope"
    response = call("post", "/fluidpay/api/plain", "{}")
    body = assert_envelope(response, "fluidpay", 403)
    assert body == {"status": "failed", "msg": "Forbidden."}


def test_a_nul_byte_in_a_multipart_form_field_is_400(headers):
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/clients/store",
        {"name": "a\x00b"},
        HTTP_AUTHORIZATION=headers["fusioninvoice"],
    )
    body = assert_envelope(response, "fusioninvoice", 400)
    assert body == {"success": False, "message": "The body contains a NUL byte."}


def test_a_server_error_outside_a_dialect_handler_is_the_envelope_500(settings):
    settings.ROOT_URLCONF = "tests.api.common.urls_envelope"
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(
        "/timetap/live/broken", "{}", content_type="application/json"
    )
    body = assert_envelope(response, "timetap", 500)
    assert body["errorCode"] == "INTERNAL_ERROR" and "bug" not in body["errorMessage"]


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth(b'{"a": [1, {"b": "[[[[{{{{"}]}') == 3
    assert json_depth(b'"\\"[[["') == 0
    assert json_depth(("[" * (MAX_JSON_DEPTH + 1)).encode()) == MAX_JSON_DEPTH + 1


def test_an_escaped_backslash_before_u0000_is_not_a_nul(headers):
    body = json.dumps({"name": "C:\\u0000"})  # the text backslash-u0000, no NUL
    assert "\\\\u0000" in body
    response = call(
        "post",
        "/fluidpay/api/invoices/search",
        body,
        HTTP_AUTHORIZATION=headers["fluidpay"],
    )
    assert response.status_code != 400 or "NUL" not in response.json()["msg"]


def test_admin_list_filters_with_a_nul_byte_are_not_a_server_error(admin_client):
    response = admin_client.get(
        "/admin/invoices/invoice/", {"q": "a\x00b", "status__exact": "\x00"}
    )
    assert response.status_code in (200, 302, 400)
