"""One status change, every door that can express it, one decision.

Each scenario puts an invoice in a status through the real services, then asks for
the same change through each door that has words for it: the staff pages (a signed-
in session posting its CSRF token), FusionInvoice `PUT invoices/{id}` with `status`,
TimeTap `PUT invoices` with a "Manual" status, and FluidPay's reactivate, update with
`reactivate`, delete and mark-as-paid. Every door must give the scenario's decision:
the domain status it expects, or a refusal in the door's own envelope that changes
nothing. Fusebill is read-only, so it has no door here.

Every request goes through real credentials (a login session, an API key, a signed
TimeTap session token) and `Client(enforce_csrf_checks=True)`.
"""

import json
import time
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from apps.accounts.services import api_key_create, timetap_signature
from apps.invoices.models import Invoice
from apps.invoices.services import invoice_void, invoice_write_off
from tests.api.fluidpay.helpers import invoice_body
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db
S = Invoice.Status
REFUSED = "refused"


@pytest.fixture(autouse=True)
def _clear_throttles():
    cache.clear()


# The starting points, each reached through the real services (totals 100.00).


def draft() -> Invoice:
    return InvoiceFactory()


def sent() -> Invoice:
    return InvoiceFactory(sent=True)


def partially_paid() -> Invoice:
    invoice = sent()
    PaymentFactory(invoice=invoice, amount=Decimal("40.00"))
    return invoice


def paid() -> Invoice:
    invoice = sent()
    PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    return invoice


def written_off() -> Invoice:
    """Settled without money: paid in status, no payments."""
    return invoice_write_off(invoice=sent())


def void() -> Invoice:
    return invoice_void(invoice=sent())


# The doors. Each sends one request and answers True (accepted) or False (refused in
# its own envelope); anything else (a 5xx, a 404, a malformed envelope) fails.


@dataclass
class Door:
    name: str
    action: str  # the door's own word for the change

    def __call__(self, invoice: Invoice, user) -> bool:
        return getattr(self, self.name)(invoice, user)

    def staff(self, invoice, user) -> bool:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        assert browser.get(invoice.get_absolute_url()).status_code == 200
        data = {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value}
        if self.action == "void":
            data["reason"] = "Conformance"
        response = browser.post(
            reverse(f"invoices:{self.action}", args=[invoice.pk]), data
        )
        assert response.status_code == 302, response.status_code
        levels = {m.level_tag for m in get_messages(response.wsgi_request)}
        assert levels in ({"success"}, {"error"}), levels
        return levels == {"success"}

    def fusioninvoice(self, invoice, user) -> bool:
        key = api_key_create(user=user).key
        response = Client(enforce_csrf_checks=True).put(
            f"/api/v1/invoices/{invoice.pk}",
            data=json.dumps({"status": self.action}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
        body = response.json()
        if response.status_code == 200:
            assert body["success"] is True
            return True
        assert response.status_code in (400, 422), response.content
        assert body.get("success") is False or "errors" in body
        return False

    def timetap(self, invoice, user) -> bool:
        issued = api_key_create(user=user)
        browser = Client(enforce_csrf_checks=True)
        token = browser.get(
            "/timetap/live/sessionToken",
            {
                "apiKey": issued.timetap_api_key,
                "timestamp": str(int(time.time())),
                "signature": timetap_signature(
                    issued.timetap_api_key, issued.timetap_private_key
                ),
            },
        ).json()["sessionToken"]
        row = {"invoiceId": invoice.pk, "status": self.action, "subStatus": "Manual"}
        response = browser.put(
            "/timetap/live/invoices",
            data=json.dumps(row),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        if response.status_code == 200:
            assert response.json()["status"] == self.action
            return True
        assert response.status_code == 400, response.content
        assert response.json()["errorMessage"]
        return False

    def fluidpay(self, invoice, user) -> bool:
        key = api_key_create(user=user).key
        method, path, body = {
            "reactivate": ("post", f"invoice/{invoice.pk}/reactivate", {}),
            "update-reactivate": (
                "post",
                f"invoice/{invoice.pk}",
                {"reactivate": True},
            ),
            "delete": ("delete", f"invoice/{invoice.pk}", None),
            "mark-as-paid": ("post", f"invoice/{invoice.pk}/mark-as-paid", {}),
        }[self.action]
        kwargs = {"HTTP_AUTHORIZATION": key}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(Client(enforce_csrf_checks=True), method)(
            f"/fluidpay/api/{path}", **kwargs
        )
        answer = response.json()
        if response.status_code == 200:
            assert answer["status"] == "success"
            return True
        assert response.status_code == 400, response.content
        assert answer["status"] == "failed" and answer["msg"]
        return False

    def __str__(self) -> str:
        return f"{self.name}:{self.action}"


STAFF_SEND = Door("staff", "send")
STAFF_VOID = Door("staff", "void")
STAFF_REOPEN = Door("staff", "reopen")
FI_SENT = Door("fusioninvoice", "sent")
FI_CANCELED = Door("fusioninvoice", "canceled")
FI_DRAFT = Door("fusioninvoice", "draft")
TT_OPEN = Door("timetap", "OPEN")
TT_VOID = Door("timetap", "VOID")
TT_CLOSED = Door("timetap", "CLOSED")
FP_REACTIVATE = Door("fluidpay", "reactivate")
FP_UPDATE_REACTIVATE = Door("fluidpay", "update-reactivate")
FP_DELETE = Door("fluidpay", "delete")
FP_MARK_PAID = Door("fluidpay", "mark-as-paid")

# scenario: (starting point, the decision every door must give, the doors)
SCENARIOS = {
    "send a draft": (draft, S.SENT, [STAFF_SEND, FI_SENT]),
    "void a draft": (draft, S.VOID, [STAFF_VOID, FI_CANCELED, TT_VOID]),
    "void a sent invoice": (sent, S.VOID, [STAFF_VOID, FI_CANCELED, TT_VOID]),
    "void a partly paid invoice": (
        partially_paid,
        REFUSED,
        [STAFF_VOID, FI_CANCELED, TT_VOID],
    ),
    "void a paid invoice": (
        paid,
        REFUSED,
        [STAFF_VOID, FI_CANCELED, TT_VOID, FP_DELETE],
    ),
    "void an invoice settled by write-off": (
        written_off,
        REFUSED,
        [STAFF_VOID, FI_CANCELED, TT_VOID],
    ),
    "reopen a void invoice": (
        void,
        S.SENT,
        [STAFF_REOPEN, FI_SENT, TT_OPEN, FP_REACTIVATE, FP_UPDATE_REACTIVATE],
    ),
    "reopen a paid invoice": (
        paid,
        REFUSED,
        [STAFF_REOPEN, TT_OPEN, FP_REACTIVATE, FP_UPDATE_REACTIVATE],
    ),
    "reopen a sent invoice": (sent, REFUSED, [STAFF_REOPEN]),
    "send a sent invoice back to draft": (sent, REFUSED, [FI_DRAFT]),
    "send a void invoice back to draft": (void, REFUSED, [FI_DRAFT]),
    "mark a void invoice paid": (void, REFUSED, [TT_CLOSED, FP_MARK_PAID]),
}
CASES = [
    pytest.param(start, decision, door, id=f"{name} via {door}")
    for name, (start, decision, doors) in SCENARIOS.items()
    for door in doors
]


def state(invoice: Invoice) -> tuple:
    invoice.refresh_from_db()
    return (
        invoice.status,
        invoice.updated_at,
        invoice.deleted_at,
        invoice.amount_paid,
        invoice.written_off,
        invoice.balance,
        invoice.events.count(),
        invoice.payments.count(),
    )


@pytest.mark.parametrize(("start", "decision", "door"), CASES)
def test_one_status_change_gets_one_decision_through_every_door(start, decision, door):
    user = UserFactory()
    invoice = start()
    before = state(invoice)
    accepted = door(invoice, user)
    if decision == REFUSED:
        assert not accepted, f"{door} accepted what the domain refuses"
        assert state(invoice) == before, f"{door} refused but changed the invoice"
    else:
        assert accepted, f"{door} refused what the domain allows"
        invoice.refresh_from_db()
        assert invoice.status == decision and invoice.deleted_at is None


# Back-dating on create: one rule (invoice_create's), every door that creates with a
# due date alone. TimeTap always sends an invoiceDate; the staff form always has one.


def test_an_invoice_created_with_only_a_past_due_date_is_dated_on_it_in_every_door():
    CompanyProfileFactory(name="ACME Inc.")
    key = api_key_create(user=UserFactory()).key
    browser = Client(enforce_csrf_checks=True)
    fusion = browser.post(
        "/api/v1/invoices/store",
        data=json.dumps({"client_id": ClientFactory().pk, "due_at": "2024-03-01"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert fusion.status_code == 201, fusion.content
    fluid = browser.post(
        "/fluidpay/api/invoice",
        data=json.dumps(invoice_body(date_due="2024-03-01T12:00:00Z")),
        content_type="application/json",
        HTTP_AUTHORIZATION=key,
    )
    assert fluid.status_code == 200, fluid.content
    dates = set(Invoice.objects.values_list("invoice_date", "due_date"))
    assert {(d.isoformat(), e.isoformat()) for d, e in dates} == {
        ("2024-03-01", "2024-03-01")
    }
