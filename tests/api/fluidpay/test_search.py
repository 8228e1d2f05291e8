from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.invoices.models import Invoice
from apps.invoices.services import invoice_mark_awaiting_mail, invoice_void
from tests.factories.payments import PaymentFactory

from .helpers import create, item

pytestmark = pytest.mark.django_db


def search(fp, body=None):
    response = fp.post("invoices/search", body or {})
    assert response.status_code == 200, response.content
    payload = response.json()
    return payload["total_count"], [row["id"] for row in payload["data"]]


def test_search_defaults_newest_first_limit_ten(fp):
    ids = [create(fp)["id"] for _ in range(12)]
    total, found = search(fp)
    assert total == 12
    assert found == list(reversed(ids))[:10]
    assert fp.post("invoices/search", {}).json()["status"] == "success"


def test_search_limit_offset_and_total_count(fp):
    ids = [create(fp)["id"] for _ in range(5)]
    total, found = search(fp, {"limit": 2, "offset": 1})
    assert (total, found) == (5, [ids[3], ids[2]])
    total, found = search(fp, {"limit": 2, "offset": 10})
    assert (total, found) == (5, [])
    response = fp.post("invoices/search", {"limit": 101})
    assert response.status_code == 400
    assert response.json()["msg"].startswith("bad request error: limit: ")


def test_search_by_id_and_invoice_number(fp):
    a = create(fp, invoice_number="ALPHA-1")
    b = create(fp, invoice_number="BETA-1")
    assert search(fp, {"id": {"operator": "=", "value": a["id"]}}) == (1, [a["id"]])
    assert search(fp, {"id": {"operator": "!=", "value": a["id"]}}) == (1, [b["id"]])
    assert search(fp, {"invoice_number": {"operator": "%", "value": "beta"}}) == (
        1,
        [b["id"]],
    )
    assert search(fp, {"invoice_number": {"operator": "=", "value": "ALPHA-1"}}) == (
        1,
        [a["id"]],
    )
    assert search(fp, {"invoice_number": "ALPHA-1"}) == (
        1,
        [a["id"]],
    )  # bare value means "="


def test_search_by_customer_id(fp):
    a = create(fp)
    b = create(fp, bill_to={"company": "Other Co", "email": "o@other.example"})
    assert search(
        fp, {"customer_id": {"operator": "=", "value": b["customer_id"]}}
    ) == (1, [b["id"]])
    assert search(
        fp, {"customer_id": {"operator": "!=", "value": b["customer_id"]}}
    ) == (1, [a["id"]])


def test_search_by_amount_due_in_each_currencys_minor_units(fp):
    small = create(fp, items=[item(unit_price=1000)])
    big = create(fp, items=[item(unit_price=9000)])
    yen = create(fp, currency="JPY", items=[item(unit_price=5000)])
    assert search(fp, {"amount_due": {"operator": ">", "value": 5000}}) == (
        1,
        [big["id"]],
    )
    assert search(fp, {"amount_due": {"operator": "<", "value": 5000}}) == (
        1,
        [small["id"]],
    )
    assert search(fp, {"amount_due": {"operator": "=", "value": 5000}}) == (
        1,
        [yen["id"]],
    )
    assert search(fp, {"amount_due": {"operator": "!=", "value": 5000}})[0] == 2
    assert (
        fp.post(
            "invoices/search", {"amount_due": {"operator": "%", "value": 5}}
        ).status_code
        == 400
    )


def test_search_by_date_due_range(fp):
    early = create(fp, date_due="2099-01-10T00:00:00Z")
    create(fp, date_due="2099-03-10T00:00:00Z")
    body = {
        "date_due": {
            "start_date": "2099-01-01T00:00:00Z",
            "end_date": "2099-02-01T00:00:00Z",
        }
    }
    assert search(fp, body) == (1, [early["id"]])


def test_search_by_derived_status(fp):
    pending = create(fp)
    partial = create(fp)
    PaymentFactory(
        invoice=Invoice.objects.get(pk=int(partial["id"])), amount=Decimal("0.50")
    )
    paid = create(fp)
    fp.post(f"invoice/{paid['id']}/mark-as-paid")
    mail = create(fp)
    invoice_mark_awaiting_mail(invoice=Invoice.objects.get(pk=int(mail["id"])))
    void = create(fp)
    invoice_void(invoice=Invoice.objects.get(pk=int(void["id"])))
    declined = create(fp)
    card = {"number": "4000000000000002", "expiration_date": "12/30", "cvc": "123"}
    fp.post(f"invoice/{declined['id']}/pay", {"payment_method": {"card": card}})
    failed = create(fp, items=[item(unit_price=1050)])  # .50: processor error
    card = {"number": "4111111111111111", "expiration_date": "12/30", "cvc": "123"}
    fp.post(f"invoice/{failed['id']}/pay", {"payment_method": {"card": card}})
    expected = {
        "failed": failed,
        "pending": pending,
        "partially_paid": partial,
        "paid": paid,
        "paying_via_mail": mail,
        "rejected": void,
        "declined": declined,
    }
    for status, invoice in expected.items():
        assert search(fp, {"status": {"operator": "=", "value": status}}) == (
            1,
            [invoice["id"]],
        ), status
        assert fp.get(f"invoice/{invoice['id']}").json()["data"]["status"] == status
    assert search(fp, {"status": {"operator": "=", "value": "authorized"}}) == (0, [])
    assert search(fp, {"status": {"operator": "!=", "value": "paid"}})[0] == 6
    assert (
        fp.post(
            "invoices/search", {"status": {"operator": "=", "value": "open"}}
        ).status_code
        == 400
    )


def test_search_criteria_are_anded(fp):
    a = create(fp, invoice_number="AND-1", items=[item(unit_price=9000)])
    create(fp, invoice_number="AND-2", items=[item(unit_price=100)])
    body = {
        "invoice_number": {"operator": "%", "value": "AND"},
        "amount_due": {"operator": ">", "value": 1000},
    }
    assert search(fp, body) == (1, [a["id"]])


DECLINE = {"number": "4000000000000002", "expiration_date": "12/30", "cvc": "123"}


def _grow_to(fp, count: int) -> None:
    """Invoices of every kind a page shows: two items, own clients, some paid and
    some declined (the declined ones need the last charge's code)."""
    for n in range(Invoice.objects.count(), count):
        bill_to = {"company": f"Client {n % 7}", "email": f"c{n % 7}@x.example"}
        data = create(fp, bill_to=bill_to, items=[item(), item(name="Second")])
        if n % 3 == 1:
            fp.post(f"invoice/{data['id']}/mark-as-paid")
        elif n % 3 == 2:
            fp.post(f"invoice/{data['id']}/pay", {"payment_method": {"card": DECLINE}})


def _queries(fp, count: int, body: dict) -> tuple[int, int]:
    _grow_to(fp, count)
    with CaptureQueriesContext(connection) as ctx:
        total, found = search(fp, {"limit": 100, **body})
    assert total == len(found) == count
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "body",
    [{}, {"status": {"operator": "!=", "value": "authorized"}}],
    ids=["no-criteria", "status-criterion"],
)
def test_search_query_count_is_flat_from_5_to_100_rows(fp, body):
    few = _queries(fp, 5, body)
    # key lookup, count, page, items, last charge codes of the declined ones
    assert few <= 5
    assert _queries(fp, 100, body) == few


def test_limit_zero_means_the_default(fp):
    for _ in range(11):
        create(fp)
    total, found = search(fp, {"limit": 0, "offset": 0})
    assert (total, len(found)) == (11, 10)


def test_null_criteria_and_paging_are_absent(fp):
    ids = [create(fp)["id"] for _ in range(3)]
    body = {
        "id": {"operator": "=", "value": None},
        "status": None,
        "invoice_number": {"operator": None, "value": None},
        "limit": None,
        "offset": None,
    }
    assert search(fp, body) == (3, list(reversed(ids)))


def test_search_refusals_are_400_envelopes(fp):
    for body, field in [
        ({"offset": -1}, "offset"),
        ({"limit": -1}, "limit"),
        ({"id": {"operator": "~", "value": "1"}}, "id.operator"),
        ({"status": {"operator": "%", "value": "paid"}}, "status.operator"),
        ({"date_due": {"start_date": "yesterday"}}, "date_due.start_date"),
        ({"amount_due": {"operator": ">", "value": "lots"}}, "amount_due.value"),
    ]:
        response = fp.post("invoices/search", body)
        assert response.status_code == 400, body
        assert response.json()["status"] == "failed"
        assert response.json()["msg"].startswith(f"bad request error: {field}"), body
