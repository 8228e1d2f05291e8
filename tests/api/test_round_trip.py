"""One invoice through every surface: created by FluidPay, extended by FusionInvoice,
paid on the hosted page, read back by Fusebill and TimeTap with the same amounts,
status and public hash."""

import json
import time
from decimal import Decimal

import pytest
from django.test import Client

from apps.accounts.services import api_key_create, timetap_signature
from apps.invoices.models import Invoice
from tests.factories.accounts import UserFactory
from tests.factories.companies import CompanyProfileFactory
from tests.public.helpers import pay

pytestmark = pytest.mark.django_db


def _json(response):
    assert response.status_code in (200, 201), (
        response.status_code,
        response.content[:500],
    )
    return json.loads(response.content, parse_float=Decimal)


def test_round_trip_across_the_four_dialects(client):
    CompanyProfileFactory()
    issued = api_key_create(user=UserFactory())
    key = issued.key
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
        "payment_methods": ["card", "ach"],
        "allow_partial_payment": True,
    }
    created = _json(
        client.post(
            "/fluidpay/api/invoice",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=key,
        )
    )["data"]
    invoice_id, public_hash = created["id"], created["public_hash"]

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
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    fi = _json(added)["data"]
    assert Decimal(fi["amount"]["total"]) == Decimal("150")
    assert fi["url_key"] == public_hash

    response = pay(Client(), Invoice.objects.get(pk=int(invoice_id)), amount="60.00")
    assert response.status_code in (200, 302), response.status_code

    fp = _json(
        client.get(f"/fluidpay/api/invoice/{invoice_id}", HTTP_AUTHORIZATION=key)
    )["data"]
    assert (fp["total"], fp["amount_paid"], fp["amount_due"], fp["status"]) == (
        15000,
        6000,
        9000,
        "partially_paid",
    )
    assert len(fp["items"]) == 2 and fp["items"][1]["status"] == "pending"

    fb = _json(
        client.get(
            f"/fusebill/v1/Invoices/{invoice_id}", HTTP_AUTHORIZATION=f"Basic {key}"
        )
    )
    assert (fb["invoiceAmount"], fb["totalPayments"], fb["outstandingBalance"]) == (
        150,
        60,
        90,
    )
    assert fb["paymentSchedules"][0]["status"] == "Due"

    params = {
        "apiKey": issued.timetap_api_key,
        "timestamp": str(time.time()),
        "signature": timetap_signature(
            issued.timetap_api_key, issued.timetap_private_key
        ),
    }
    token = _json(client.get("/timetap/live/sessionToken", params))["sessionToken"]
    tt = _json(
        client.get(
            f"/timetap/live/invoices/{invoice_id}", HTTP_AUTHORIZATION=f"Bearer {token}"
        )
    )
    assert tt["invoiceHash"] == public_hash
    assert (tt["status"], tt["subStatus"]) == ("OPEN", "Partial Payment")
    assert (tt["paidAmount"], tt["balanceAmount"]) == (60, 90)
    assert len(tt["invoiceItem"]) == 2

    fi = _json(
        client.get(f"/api/v1/invoices/{invoice_id}", HTTP_AUTHORIZATION=f"Bearer {key}")
    )["data"]
    assert (fi["status"], fi["url_key"]) == ("sent", public_hash)
    assert (Decimal(fi["amount"]["paid"]), Decimal(fi["amount"]["balance"])) == (60, 90)
