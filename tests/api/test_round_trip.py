"""One invoice through every surface, over real HTTP with Django's test client and
no mocks: created by FluidPay, extended by FusionInvoice, paid twice on the hosted
page (the real pay form POST, the sandbox gateway), and read back by FluidPay,
Fusebill, TimeTap and FusionInvoice with the same amounts, status and public hash.

Fusebill has no hosted page, so it shows no hash; it is matched by id.
"""

import json
import re
import time
from decimal import Decimal

import pytest
from django.test import Client

from apps.accounts.services import api_key_create, timetap_signature
from apps.invoices.models import Invoice
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory
from tests.public.helpers import pay, url

pytestmark = pytest.mark.django_db


def _json(response):
    assert response.status_code in (200, 201), (
        response.status_code,
        response.content[:500],
    )
    return json.loads(response.content, parse_float=Decimal)


class Surfaces:
    """Reads of one invoice through each dialect, each with its own credential style."""

    def __init__(self, client, issued, invoice_id):
        self.client, self.issued, self.id = client, issued, invoice_id

    def fluidpay(self):
        response = self.client.get(
            f"/fluidpay/api/invoice/{self.id}", HTTP_AUTHORIZATION=self.issued.key
        )
        return _json(response)["data"]

    def fusebill(self):
        response = self.client.get(
            f"/fusebill/v1/Invoices/{self.id}",
            HTTP_AUTHORIZATION=f"Basic {self.issued.key}",
        )
        return _json(response)

    def timetap(self):
        params = {
            "apiKey": self.issued.timetap_api_key,
            "timestamp": str(time.time()),
            "signature": timetap_signature(
                self.issued.timetap_api_key, self.issued.timetap_private_key
            ),
        }
        token = _json(self.client.get("/timetap/live/sessionToken", params))
        response = self.client.get(
            f"/timetap/live/invoices/{self.id}",
            HTTP_AUTHORIZATION=f"Bearer {token['sessionToken']}",
        )
        return _json(response)

    def fusioninvoice(self):
        response = self.client.get(
            f"/api/v1/invoices/{self.id}",
            HTTP_AUTHORIZATION=f"Bearer {self.issued.key}",
        )
        return _json(response)["data"]


def _hosted_balance(client, path: str) -> str:
    html = client.get(path).content.decode()
    return re.search(r'id="doc-balance">([^<]+)<', html).group(1)


def _pay_on_hosted_page(invoice_id: str, amount: str) -> None:
    browser = Client()  # the customer: no credential, no session
    invoice = Invoice.objects.get(pk=int(invoice_id))
    response = pay(browser, invoice, amount=amount)
    assert response.status_code == 302, response.content[:500]
    assert response["Location"].startswith(f"/invoice/{invoice.public_hash}/")
    assert browser.get(response["Location"]).status_code == 200  # the receipt


def _assert_everywhere(read: Surfaces, *, paid: int, due: int, public_hash: str):
    """`paid` and `due` in cents; the total is 150.00 USD throughout."""
    fp = read.fluidpay()
    assert (fp["subtotal"], fp["total"], fp["amount_paid"], fp["amount_due"]) == (
        15000,
        15000,
        paid,
        due,
    )
    assert fp["status"] == ("paid" if due == 0 else "partially_paid")
    assert fp["public_hash"] == fp["public_url"] == public_hash
    # The customer's address (REMIT_PUBLIC_BASE_URL), not the API caller's host.
    assert fp["hosted_url"] == f"http://127.0.0.1:8000/invoice/{public_hash}"
    assert [(i["name"], i["amount"], i["status"]) for i in fp["items"]] == [
        ("Widget", 10000, "pending"),
        ("Setup", 5000, "pending"),
    ]

    fb = read.fusebill()
    assert fb["id"] == int(read.id)
    assert (fb["subtotal"], fb["invoiceAmount"]) == (150, 150)
    assert (fb["totalPayments"], fb["outstandingBalance"]) == (
        Decimal(paid) / 100,
        Decimal(due) / 100,
    )
    assert [c["amount"] for c in fb["charges"]] == [100, 50]
    assert fb["paymentSchedules"][0]["status"] == ("Paid" if due == 0 else "Due")

    tt = read.timetap()
    assert tt["invoiceHash"] == public_hash
    assert (tt["subtotalAmount"], tt["totalAmount"]) == (150, 150)
    assert (tt["paidAmount"], tt["balanceAmount"]) == (
        Decimal(paid) / 100,
        Decimal(due) / 100,
    )
    assert (tt["status"], tt["subStatus"]) == (
        ("CLOSED", "Paid") if due == 0 else ("OPEN", "Partial Payment")
    )
    assert [i["amount"] for i in tt["invoiceItem"]] == [100, 50]

    fi = read.fusioninvoice()
    assert (fi["status"], fi["url_key"]) == ("sent", public_hash)
    amount = fi["amount"]
    assert (Decimal(amount["subtotal"]), Decimal(amount["total"])) == (150, 150)
    assert (Decimal(amount["paid"]), Decimal(amount["balance"])) == (
        Decimal(paid) / 100,
        Decimal(due) / 100,
    )


def test_round_trip_across_the_four_dialects(client):
    CompanyProfileFactory()
    issued = api_key_create(user=UserFactory())
    body = {
        "currency": "USD",
        "date_due": "2099-02-13T06:00:00.000Z",
        "bill_to": {
            "company": "Round Trip Ltd",
            "email": "rt@example.com",
            "country": "US",
        },
        "items": [
            {"status": "pending", "name": "Widget", "unit_price": 10000, "quantity": 1}
        ],
        "tax_percent": "0.000",
        "payment_methods": ["card", "ach"],
        "allow_partial_payment": True,
        "send_via": "none",
    }
    created = _json(
        client.post(
            "/fluidpay/api/invoice",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=issued.key,
        )
    )["data"]
    invoice_id, public_hash = created["id"], created["public_hash"]
    assert (created["total"], created["amount_due"], created["status"]) == (
        10000,
        10000,
        "pending",
    )
    hosted_path = created["hosted_url"].removeprefix("http://127.0.0.1:8000")
    assert hosted_path == f"/invoice/{public_hash}"
    assert hosted_path == url("detail", Invoice.objects.get(pk=int(invoice_id)))
    assert _hosted_balance(Client(), hosted_path) == "$100.00"

    added = client.put(
        "/api/v1/invoices/items/add",
        json.dumps(
            {
                "invoice_id": int(invoice_id),
                "name": "Setup",
                "quantity": 2,
                "price": "25",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issued.key}",
    )
    fi = _json(added)["data"]
    assert Decimal(fi["amount"]["total"]) == Decimal("150")
    assert fi["url_key"] == public_hash

    read = Surfaces(client, issued, invoice_id)
    _pay_on_hosted_page(invoice_id, "60.00")
    assert _hosted_balance(Client(), hosted_path) == "$90.00"
    _assert_everywhere(read, paid=6000, due=9000, public_hash=public_hash)

    _pay_on_hosted_page(invoice_id, "90.00")
    _assert_everywhere(read, paid=15000, due=0, public_hash=public_hash)

    payments = list(Payment.objects.filter(invoice_id=int(invoice_id)).order_by("id"))
    assert [(p.amount, p.source, p.gateway, p.card_last4) for p in payments] == [
        (Decimal("60.00"), Payment.Source.HOSTED_PAGE, "sandbox", "1111"),
        (Decimal("90.00"), Payment.Source.HOSTED_PAGE, "sandbox", "1111"),
    ]
    stored = json.dumps(list(Payment.objects.values()), default=str)
    assert "4111111111111111" not in stored  # brand and last four only
