import pytest

from apps.accounts.services import api_key_create, api_key_revoke
from apps.invoices.models import Invoice
from apps.invoices.services import invoice_mark_awaiting_mail, invoice_void
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory

from .helpers import create, invoice_body

pytestmark = pytest.mark.django_db
DECLINE = {"number": "4000000000000002", "expiration_date": "12/30", "cvc": "123"}


def test_mark_as_paid_records_the_balance(fp):
    data = create(fp)
    response = fp.post(f"invoice/{data['id']}/mark-as-paid")
    assert response.status_code == 200
    got = response.json()["data"]
    assert (got["status"], got["amount_paid"], got["amount_due"]) == ("paid", 100, 0)
    payment = Payment.objects.get()
    assert (payment.method, payment.source, payment.amount) == ("other", "api", 1)
    assert fp.post(f"invoice/{data['id']}/mark-as-paid").status_code == 400


def test_mark_as_paid_after_choosing_mail_records_a_mailed_payment(fp):
    data = create(fp)
    invoice_mark_awaiting_mail(invoice=Invoice.objects.get(pk=int(data["id"])))
    assert fp.get(f"invoice/{data['id']}").json()["data"]["status"] == "paying_via_mail"
    fp.post(f"invoice/{data['id']}/mark-as-paid")
    assert Payment.objects.get().method == "mail"


def test_reactivate_reopens_a_rejected_invoice_and_clears_a_decline(fp):
    void = create(fp)
    invoice_void(invoice=Invoice.objects.get(pk=int(void["id"])))
    response = fp.post(f"invoice/{void['id']}/reactivate")
    assert (
        response.status_code == 200 and response.json()["data"]["status"] == "pending"
    )
    declined = create(fp)
    fp.post(f"invoice/{declined['id']}/pay", {"payment_method": {"card": DECLINE}})
    assert fp.get(f"invoice/{declined['id']}").json()["data"]["status"] == "declined"
    assert (
        fp.post(f"invoice/{declined['id']}/reactivate").json()["data"]["status"]
        == "pending"
    )
    paid = create(fp)
    fp.post(f"invoice/{paid['id']}/mark-as-paid")
    assert fp.post(f"invoice/{paid['id']}/reactivate").status_code == 400


def test_resend_emails_the_customer(fp, mailoutbox, django_capture_on_commit_callbacks):
    data = create(fp, email_to="ap@doe.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = fp.post(f"invoice/{data['id']}/resend")
    assert response.json() == {"status": "success", "msg": "queued", "data": None}
    assert response.status_code == 200
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ap@doe.example"]
    assert data["public_hash"] in mailoutbox[0].body
    got = fp.get(f"invoice/{data['id']}").json()["data"]
    assert got["last_sent_at"] >= data["last_sent_at"]


def test_create_with_send_via_email_emails_the_bill_to_address(
    fp, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        create(fp, send_via="email")
    assert [m.to for m in mailoutbox] == [["jane@doe.example"]]


def test_resend_without_any_address_is_400(fp):
    data = create(fp, bill_to={"company": "No Mail Ltd"})
    response = fp.post(f"invoice/{data['id']}/resend")
    assert response.status_code == 400
    assert response.json()["msg"].startswith("bad request error: email_to: ")


@pytest.mark.parametrize(
    "header", ["", "nope", "Bearer nope", "pub_abcdef", "Basic abc"]
)
def test_bad_or_missing_key_is_401_envelope(fp, header):
    response = fp.get("invoice/1", key=header)
    assert response.status_code == 401
    assert response.json() == {"status": "failed", "msg": "unauthorized"}


def test_bearer_key_is_accepted(fp):
    data = create(fp)
    assert fp.get(f"invoice/{data['id']}", key=f"Bearer {fp.key}").status_code == 200


def test_revoked_key_and_inactive_user_are_refused(fp):
    issued = api_key_create(user=UserFactory())
    api_key_revoke(api_key=issued.api_key)
    assert fp.get("invoice/1", key=issued.key).status_code == 401
    user = UserFactory()
    other = api_key_create(user=user)
    user.is_active = False
    user.save()
    assert fp.get("invoice/1", key=other.key).status_code == 401


@pytest.mark.parametrize(
    "path", ["invoice/999999", "invoice/abc", "invoice/999999/pay", "nothing/here"]
)
def test_not_found_is_404_envelope(fp, path):
    response = fp.post(path, {}) if path.endswith("pay") else fp.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "failed", "msg": "not found"}


def test_broken_json_and_non_object_bodies_are_400(fp):
    response = fp.post("invoice", "{not json")
    assert response.status_code == 400
    assert response.json()["status"] == "failed"
    assert response.json()["msg"].startswith("bad request error: ")
    response = fp.post("invoice", [invoice_body()])
    assert response.status_code == 400
    assert response.json() == {
        "status": "failed",
        "msg": "bad request error: the body must be a JSON object.",
    }


def test_trailing_slash_is_accepted(fp):
    response = fp.post("invoice/", invoice_body())
    assert response.status_code == 200
    invoice_id = response.json()["data"]["id"]
    assert fp.get(f"invoice/{invoice_id}/").json()["data"]["id"] == invoice_id
    assert fp.post("invoices/search/", {}).json()["total_count"] == 1
    assert fp.get("nothing/").status_code == 404


def test_wrong_method_is_405_envelope(fp):
    response = fp.call("patch", "invoice/1", {})
    assert response.status_code == 405
    assert response.json() == {"status": "failed", "msg": "method not allowed"}


def test_internal_error_is_500_envelope(fp, monkeypatch):
    from apps.api.fluidpay.views import invoices as views

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(views, "invoice_data", boom)
    create_response = fp.post("invoice", invoice_body())
    assert create_response.status_code == 500
    assert create_response.json() == {"status": "failed", "msg": "internal error"}


def test_schema_documents_the_fluidpay_endpoints():
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    patterns = [path("fluidpay/api/", include("apps.api.fluidpay.urls"))]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    paths = schema["paths"]
    assert {"post"} <= set(paths["/fluidpay/api/invoice"])
    assert {"get", "post", "delete"} <= set(paths["/fluidpay/api/invoice/{invoice_id}"])
    for action in ("pay", "resend", "mark-as-paid", "reactivate"):
        assert "post" in paths[f"/fluidpay/api/invoice/{{invoice_id}}/{action}"], action
    assert "post" in paths["/fluidpay/api/invoices/search"]
    components = schema["components"]
    status = components["schemas"]["FluidPayInvoice"]["properties"]["status"]
    enum = components["schemas"][status["$ref"].rsplit("/", 1)[1]]["enum"]
    assert enum == [
        "pending",
        "paid",
        "partially_paid",
        "authorized",
        "paying_via_mail",
        "declined",
        "failed",
        "rejected",
    ]
    assert "fluidpayApiKey" in components["securitySchemes"]


def test_actions_accept_an_empty_body(fp, client):
    data = create(fp)
    response = client.post(
        f"/fluidpay/api/invoice/{data['id']}/mark-as-paid", HTTP_AUTHORIZATION=fp.key
    )
    assert response.status_code == 200
    assert response.json()["data"]["status"] == "paid"


def test_failed_create_leaves_no_client_behind(fp):
    from apps.clients.models import Client

    body = invoice_body(invoice_number="DUP-1")
    assert fp.post("invoice", body).status_code == 200
    clients = Client.objects.count()
    again = invoice_body(invoice_number="DUP-1", bill_to={"company": "Brand New Co"})
    response = fp.post("invoice", again)
    assert response.status_code == 400
    assert response.json()["msg"].startswith("bad request error: invoice_number: ")
    assert Client.objects.count() == clients


def test_served_openapi_schema_has_the_fluidpay_dialect(client):
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/fluidpay/api/invoice": {"post"},
        "/fluidpay/api/invoice/{invoice_id}": {"get", "post", "delete"},
        "/fluidpay/api/invoices/search": {"post"},
        "/fluidpay/api/invoice/{invoice_id}/resend": {"post"},
        "/fluidpay/api/invoice/{invoice_id}/pay": {"post"},
        "/fluidpay/api/invoice/{invoice_id}/mark-as-paid": {"post"},
        "/fluidpay/api/invoice/{invoice_id}/reactivate": {"post"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
    security = paths["/fluidpay/api/invoice"]["post"]["security"]
    assert {"fluidpayApiKey": []} in security
