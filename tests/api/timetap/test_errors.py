import pytest
from rest_framework.test import APIClient

from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory

from .helpers import LIVE, TEST, body, signed_in

pytestmark = pytest.mark.django_db


def _is_envelope(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    data = body(response)
    assert (
        set(data) == {"errorMessage", "errorCode"}
        and data["errorCode"] == code
        and data["errorMessage"]
    )


def test_unknown_path_is_json_404_on_both_hosts():
    api = signed_in()
    for base in (LIVE, TEST):
        _is_envelope(api.get(base + "appointments"), 404, "NOT_FOUND")
        _is_envelope(
            api.post(base + "no/such/thing", {}, format="json"), 404, "NOT_FOUND"
        )


def test_wrong_method_is_json_405():
    api = signed_in()
    _is_envelope(api.delete(LIVE + "invoices/status/OPEN"), 405, "METHOD_NOT_ALLOWED")
    _is_envelope(api.get(LIVE + "invoices"), 405, "METHOD_NOT_ALLOWED")


def test_malformed_json_is_400():
    response = signed_in().post(
        LIVE + "invoices", data="{not json", content_type="application/json"
    )
    _is_envelope(response, 400, "BAD_REQUEST")


def test_unauthenticated_is_401_even_for_html_accept():
    response = APIClient().get(
        LIVE + "clients", HTTP_ACCEPT="text/html", HTTP_AUTHORIZATION="Bearer nope"
    )
    _is_envelope(response, 401, "UNAUTHORIZED")


def test_html_accept_still_answers_json():
    response = signed_in().get(LIVE + "clients", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/json"
    )


def test_trailing_slash_is_optional():
    invoice = InvoiceFactory(company_profile=CompanyProfileFactory(), sent=True)
    api = signed_in()
    assert body(api.get(LIVE + f"invoices/{invoice.pk}/"))["invoiceId"] == invoice.pk
    assert api.get(LIVE + "invoices/status/OPEN/").status_code == 200


def test_server_error_is_json_500(monkeypatch):
    from apps.api.timetap import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "client_list", broken)
    response = signed_in().get(LIVE + "clients/count")
    _is_envelope(response, 500, "INTERNAL_ERROR")
    assert "boom" not in body(response)["errorMessage"]


def test_deeply_nested_json_is_400_not_500():
    response = signed_in().post(
        LIVE + "invoices", data="[" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
    assert body(response)["errorCode"] == "BAD_REQUEST"
    assert "nested too deeply" in body(response)["errorMessage"]


def test_nan_in_json_is_400():
    response = signed_in().post(
        LIVE + "invoices", data='{"businessId": NaN}', content_type="application/json"
    )
    assert response.status_code == 400
    assert body(response)["errorCode"] == "BAD_REQUEST"
