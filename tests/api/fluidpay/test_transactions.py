"""FluidPay `GET transaction/{id}` and `POST transaction/search` over Remit's
payments: the pay answer's shape, and the way from an invoice to its transactions
(`order_id`/`po_number`) and back (`invoice_id`). CSRF checks are on."""

from decimal import Decimal

import pytest
from django.test import Client

from apps.accounts.roles import VIEWER
from apps.accounts.services import api_key_create
from apps.api.fluidpay.statuses import TRANSACTION_STATUS_WORDS
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory

from .conftest import FluidPayClient
from .helpers import create, item

pytestmark = pytest.mark.django_db
VISA = {"number": "4111111111111111", "expiration_date": "12/30", "cvc": "123"}


def caller(user=None, *, read_only: bool = False) -> FluidPayClient:
    issued = api_key_create(user=user or UserFactory(), read_only=read_only)
    return FluidPayClient(Client(enforce_csrf_checks=True), issued.key)


@pytest.fixture
def fp(db):
    CompanyProfileFactory(name="ACME Inc.")
    return caller()


def pay(fp, invoice_id, amount=None, **extra) -> dict:
    body = {"payment_method": {"card": VISA}, **extra}
    if amount is not None:
        body["amount"] = amount
    response = fp.post(f"invoice/{invoice_id}/pay", body)
    assert response.status_code == 200, response.content
    return response.json()["data"]


def search(fp, criteria, status=200) -> dict:
    response = fp.post("transaction/search", criteria)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(answer) -> list[str]:
    return [tx["id"] for tx in answer["data"]]


def test_get_transaction_answers_the_pay_shape(fp):
    invoice = create(fp, invoice_number="ORDER-7", items=[item(unit_price=2500)])
    paid = pay(fp, invoice["id"])
    response = fp.get(f"transaction/{paid['id']}")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["msg"]) == ("success", "success")
    assert body["data"] == {**paid, "updated_at": body["data"]["updated_at"]}
    assert fp.get(f"transaction/{paid['id']}/").json()["data"]["id"] == paid["id"]


def test_from_invoice_to_transactions_and_back(fp):
    named = create(
        fp,
        invoice_number="ORDER-9",
        items=[item(unit_price=2500)],
        allow_partial_payment=True,
    )
    plain = create(fp, items=[item(unit_price=1000)])
    first = pay(fp, named["id"], amount=1000)
    second = pay(fp, named["id"], amount=1500)
    other = pay(fp, plain["id"])
    # Invoice -> transactions: the invoice_number it was given, else its id.
    by_number = search(fp, {"order_id": {"operator": "=", "value": "ORDER-9"}})
    assert ids(by_number) == [second["id"], first["id"]]
    assert by_number["total_count"] == 2
    assert ids(search(fp, {"po_number": plain["id"]})) == [other["id"]]
    # invoice "named" has an invoice_number, so its id is not its order_id
    assert ids(search(fp, {"order_id": named["id"]})) == []
    # Transaction -> invoice.
    tx = fp.get(f"transaction/{first['id']}").json()["data"]
    assert tx["invoice_id"] == named["id"] and tx["order_id"] == "ORDER-9"
    back = fp.get(f"invoice/{tx['invoice_id']}").json()["data"]
    assert (back["invoice_number"], back["status"]) == ("ORDER-9", "paid")
    rest = search(fp, {"order_id": {"operator": "!=", "value": "ORDER-9"}})
    assert ids(rest) == [other["id"]]


def test_declined_attempts_are_transactions_and_status_filters_as_shown(fp):
    invoice = create(fp, items=[item(unit_price=6000)], allow_partial_payment=True)
    declined = pay(fp, invoice["id"], amount=1001)  # .01: the sandbox declines
    approved = pay(fp, invoice["id"], amount=6000)
    assert declined["status"] == "declined" and approved["status"] == (
        "pending_settlement"
    )
    for word in TRANSACTION_STATUS_WORDS:
        found = search(fp, {"status": word})["data"]
        assert all(tx["status"] == word for tx in found), word
    assert ids(search(fp, {"status": "declined"})) == [declined["id"]]
    assert ids(search(fp, {"status": {"operator": "!=", "value": "declined"}})) == [
        approved["id"]
    ]
    assert fp.get(f"transaction/{declined['id']}").json()["data"]["response"] == (
        "declined"
    )


def test_a_payment_without_gateway_id_is_found_by_its_own_id(fp):
    invoice = InvoiceFactory(sent=True)
    recorded = PaymentFactory(invoice=invoice, amount=Decimal("10.00"))
    assert recorded.transaction_id == ""
    tx = fp.get(f"transaction/{recorded.pk}").json()["data"]
    assert (tx["id"], tx["payment_method"], tx["amount"]) == (
        str(recorded.pk),
        Payment.Method.CHECK,
        1000,
    )
    assert tx["order_id"] == str(invoice.pk)
    assert ids(search(fp, {"transaction_id": str(recorded.pk)})) == [str(recorded.pk)]
    assert ids(search(fp, {"payment_method": "check"})) == [str(recorded.pk)]


def test_search_by_amount_customer_type_date_and_paging(fp):
    invoice = create(
        fp,
        items=[item(unit_price=3000)],
        settings={"allow_tipping": True},
        allow_partial_payment=True,
    )
    small = pay(fp, invoice["id"], amount=1000, tip_amount=500)  # charged 1500
    large = pay(fp, invoice["id"], amount=2000)
    assert small["amount"] == 1500
    assert ids(search(fp, {"amount": {"operator": "=", "value": 1500}})) == [
        small["id"]
    ]
    assert ids(search(fp, {"amount": {"operator": ">", "value": 1500}})) == [
        large["id"]
    ]
    customer = large["customer_id"]
    assert search(fp, {"customer_id": customer})["total_count"] == 2
    assert search(fp, {"customer_id": "999999"})["data"] == []
    assert search(fp, {"type": "sale"})["total_count"] == 2
    assert search(fp, {"type": "refund"})["data"] == []
    page = search(fp, {"limit": 1, "offset": 1})
    assert (ids(page), page["total_count"]) == ([small["id"]], 2)
    window = {"start_date": "2000-01-01T00:00:00Z", "end_date": "2001-01-01T00:00:00Z"}
    assert search(fp, {"created_at": window})["data"] == []
    assert (
        search(fp, {"created_at": {"start_date": "2000-01-01T00:00:00Z"}})[
            "total_count"
        ]
        == 2
    )


@pytest.mark.parametrize(
    "criteria",
    [
        {"user_id": "1"},
        {"status": "settled"},
        {"amount": {"operator": "%", "value": 1}},
        {"amount": {"operator": "=", "value": "lots"}},
        {"order_id": {"operator": "%", "value": "1"}},
        {"order_id": "a\x00b"},
        {"limit": 101},
        [],
    ],
)
def test_search_bad_criteria_are_400_failed(fp, criteria):
    body = search(fp, criteria, status=400)
    assert body["status"] == "failed" and body["msg"].startswith("bad request error")


def test_unknown_transaction_is_404_failed(fp):
    for tx_id in ("999999", "sbx_nope", "x" * 300):
        response = fp.get(f"transaction/{tx_id}")
        assert response.status_code == 404
        assert response.json() == {"status": "failed", "msg": "not found"}


def test_viewers_and_read_only_keys_may_read_and_search(fp):
    invoice = create(fp)
    paid = pay(fp, invoice["id"])
    for other in (
        caller(UserFactory(role=VIEWER)),
        caller(read_only=True),
    ):
        assert other.get(f"transaction/{paid['id']}").status_code == 200
        assert ids(search(other, {})) == [paid["id"]]


def test_search_needs_a_key(db):
    anonymous = FluidPayClient(Client(enforce_csrf_checks=True), "")
    response = anonymous.post("transaction/search", {})
    assert response.status_code == 401
    assert response.json()["status"] == "failed"
