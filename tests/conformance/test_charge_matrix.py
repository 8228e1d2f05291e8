"""One decision per charge, whatever the door (issue 8).

Each scenario is one request in the domain's words (amount, tip, method, and what
happens between loading the page and paying). It is sent through every door that
can express it, over real HTTP with CSRF enforced:

- `hosted`: the hosted invoice page (GET for the CSRF token, the one-time key and
  the balance shown, then POST the pay form);
- `fluidpay`: `POST /fluidpay/api/invoice/{id}/pay` with a real API key (cents);
- `staff`: the staff "record a payment" page, where the rule is one staff share
  (an open invoice, nothing above the balance). Partial payment, tips and accepted
  methods are offers to the payer, not limits on what staff receive, so staff rows
  are absent there.

Every door must give the same decision: refused naming the same field (in its own
vocabulary), or accepted. A refusal changes nothing: no payment row, the balance
as it was, and the gateway never called.

Doors that cannot express a scenario: FluidPay `pay` has no field for the balance
the payer saw; the hosted page never shows a draft (see
`test_hosted_page_has_no_draft_to_pay`).
"""

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.services import api_key_create
from apps.core.money import to_minor_units
from apps.invoices.models import Invoice
from apps.invoices.services import invoice_item_add, invoice_void
from apps.payments.gateways.sandbox import SandboxGateway
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db

ACCEPTED = None  # the expected "field" of a request every door accepts
NON_FIELD = "__all__"
CARD = {
    "card_number": "4111111111111111",
    "card_expiry": "12/30",
    "card_cvc": "123",
    "card_name": "Ada Lovelace",
}


@dataclass(frozen=True)
class Scenario:
    options: dict  # the invoice's payment options (a sent invoice of 100.00 USD)
    amount: str | None = None  # None: not sent (the door's default: the balance)
    tip: str | None = None
    method: str = "card"  # every scenario pays by card
    between: str = ""  # what happens after the page is loaded: "void", "edit"
    draft: bool = False
    says: str = ""  # a phrase every door's refusal carries
    doors: tuple = ("hosted", "fluidpay")


def _void(invoice):
    invoice_void(invoice=invoice)


def _edit(invoice):
    """Staff add a 25.00 line after the payer loaded the page (balance 125.00)."""
    invoice_item_add(
        invoice=invoice, name="Rush fee", quantity=Decimal(1), unit_price=Decimal(25)
    )


PARTIAL = {"allow_partial_payment": True}
TIPS = {"allow_tipping": True}
BETWEEN = {"": lambda invoice: None, "void": _void, "edit": _edit}

# scenario -> (the request, the field every door names; ACCEPTED when none refuses)
MATRIX = {
    "partial below minimum": (
        Scenario(PARTIAL, amount="0.50", says="at least 1.00 USD"),
        "amount",
    ),
    "partial at the minimum": (Scenario(PARTIAL, amount="1.00"), ACCEPTED),
    "tip above amount": (
        Scenario(PARTIAL | TIPS, amount="10.00", tip="20.00", says="amount paid"),
        "tip",
    ),
    "tip equal to amount": (
        Scenario(PARTIAL | TIPS, amount="10.00", tip="10.00"),
        ACCEPTED,
    ),
    "tip where not allowed": (
        Scenario({}, tip="5.00", says="does not accept tips"),
        "tip",
    ),
    "partial where not allowed": (
        Scenario({}, amount="40.00", says="must be paid in full"),
        "amount",
    ),
    "stale balance": (
        Scenario({}, between="edit", says="changed to 125.00 USD", doors=("hosted",)),
        "balance_seen",
    ),
    "over-payment": (
        Scenario(
            PARTIAL,
            amount="100.01",
            says="cannot be more than the balance",
            doors=("hosted", "fluidpay", "staff"),
        ),
        "amount",
    ),
    "paying a void invoice": (
        Scenario(
            {},
            between="void",
            says="void and can no longer be paid",
            doors=("hosted", "fluidpay", "staff"),
        ),
        NON_FIELD,
    ),
    "paying a draft": (
        Scenario({}, draft=True, doors=("fluidpay", "staff")),
        ACCEPTED,
    ),
    "wrong method": (
        Scenario({"payment_methods": ["ach"]}, says="cannot be paid by card"),
        "method",
    ),
    "the balance in full": (
        Scenario({}, doors=("hosted", "fluidpay", "staff")),
        ACCEPTED,
    ),
}

# Each door's name for the service's fields.
DOOR_FIELDS = {
    "hosted": {"tip": "tip_custom", "balance_seen": NON_FIELD},
    "fluidpay": {"tip": "tip_amount", "method": "payment_method"},
    "staff": {},
}


@dataclass
class Answer:
    field: str | None  # None: accepted
    text: str = ""
    detail: dict = field(default_factory=dict)


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


def _form_answer(response) -> Answer:
    form = response.context["form"]
    errors = form.errors if form is not None else {}
    if not errors:
        return Answer(NON_FIELD, response.context.get("pay_error", ""))
    name = next(iter(errors))
    return Answer(name, " ".join(errors[name]), dict(errors))


def hosted(invoice: Invoice, scenario: Scenario) -> Answer:
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("public_invoices:detail", args=[invoice.public_hash]))
    assert page.status_code == 200
    html = page.content.decode()
    data = {
        "csrfmiddlewaretoken": _hidden(html, "csrfmiddlewaretoken"),
        "one_time_key": _hidden(html, "one_time_key"),
        "balance_seen": _hidden(html, "balance_seen"),
        "method": scenario.method,
        "tip_choice": "none" if scenario.tip is None else "custom",
        **CARD,
    }
    assert data["csrfmiddlewaretoken"] and data["one_time_key"]
    if scenario.amount is not None:
        data["amount"] = scenario.amount
    if scenario.tip is not None:
        data["tip_custom"] = scenario.tip
    BETWEEN[scenario.between](invoice)
    response = client.post(
        reverse("public_invoices:pay", args=[invoice.public_hash]), data
    )
    if response.status_code == 302:
        location = response["Location"]
        return Answer(None if "/receipt/" in location else f"redirect {location}")
    assert response.status_code == 400, response.status_code
    return _form_answer(response)


def fluidpay(invoice: Invoice, scenario: Scenario) -> Answer:
    key = api_key_create(user=UserFactory()).key
    card = {"number": CARD["card_number"], "expiration_date": "12/30", "cvc": "123"}
    body = {"payment_method": {scenario.method: card}}
    if scenario.amount is not None:
        body["amount"] = to_minor_units(Decimal(scenario.amount), invoice.currency)
    if scenario.tip is not None:
        body["tip_amount"] = to_minor_units(Decimal(scenario.tip), invoice.currency)
    BETWEEN[scenario.between](invoice)
    response = Client(enforce_csrf_checks=True).post(
        f"/fluidpay/api/invoice/{invoice.pk}/pay",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=key,
    )
    answer = response.json()
    if response.status_code == 200:
        data = answer["data"]
        return Answer(None if data["response"] == "approved" else data["response"])
    assert (response.status_code, answer["status"]) == (400, "failed")
    msg = answer["msg"].removeprefix("bad request error: ")
    head, _, rest = msg.partition(": ")
    if re.fullmatch(r"[a-z_.]+", head):
        return Answer(head, rest)
    return Answer(NON_FIELD, msg)


def staff(invoice: Invoice, scenario: Scenario) -> Answer:
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    url = reverse("invoices:pay", args=[invoice.pk])
    html = client.get(url).content.decode()
    data = {
        "csrfmiddlewaretoken": _hidden(html, "csrfmiddlewaretoken"),
        "idempotency_key": _hidden(html, "idempotency_key"),
        "amount": scenario.amount or str(invoice.balance),
        "tip": scenario.tip or "0",
        "method": "check",
    }
    BETWEEN[scenario.between](invoice)
    response = client.post(url, data)
    if response.status_code == 302:
        return Answer(None)
    assert response.status_code == 200, response.status_code
    return _form_answer(response)


DOORS = {"hosted": hosted, "fluidpay": fluidpay, "staff": staff}


@pytest.fixture
def gateway_calls(monkeypatch):
    calls = []
    for name in ("charge_card", "charge_ach"):
        real = getattr(SandboxGateway, name)

        def spy(self, *, _real=real, _name=name, **kwargs):
            calls.append((_name, kwargs["amount"]))
            return _real(self, **kwargs)

        monkeypatch.setattr(SandboxGateway, name, spy)
    return calls


@pytest.mark.parametrize(
    ("scenario", "door"),
    [
        pytest.param(name, door, id=f"{name} | {door}")
        for name, (scenario, _) in MATRIX.items()
        for door in scenario.doors
    ],
)
def test_one_decision_for_every_door(scenario, door, gateway_calls):
    request, expected = MATRIX[scenario]
    invoice = InvoiceFactory(sent=not request.draft, currency="USD", **request.options)
    answer = DOORS[door](invoice, request)
    invoice.refresh_from_db()
    if expected is ACCEPTED:
        assert answer.field is None, answer
        paid = Payment.objects.get(invoice=invoice, status=Payment.Status.SUCCEEDED)
        assert paid.amount == Decimal(request.amount or "100.00")
        assert invoice.status != Invoice.Status.DRAFT
        assert len(gateway_calls) == (0 if door == "staff" else 1)
        return
    assert answer.field == DOOR_FIELDS[door].get(expected, expected), answer
    assert request.says in answer.text, answer
    assert not Payment.objects.filter(invoice=invoice).exists()
    assert gateway_calls == []
    balance = Decimal("125.00") if request.between == "edit" else Decimal("100.00")
    assert (invoice.amount_paid, invoice.balance) == (Decimal("0"), balance)


def test_hosted_page_has_no_draft_to_pay(client, gateway_calls):
    """Drafts have no public page, so the hosted door cannot express "paying a
    draft"; the doors that can (FluidPay, staff) send it first and take the money."""
    draft = InvoiceFactory(currency="USD")
    detail = reverse("public_invoices:detail", args=[draft.public_hash])
    pay = reverse("public_invoices:pay", args=[draft.public_hash])
    assert client.get(detail).status_code == 404
    assert client.post(pay, {"method": "card", **CARD}).status_code == 404
    assert not Payment.objects.exists() and gateway_calls == []
