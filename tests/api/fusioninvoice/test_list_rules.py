"""FusionInvoice's list grammar on every module, from the vendor's documented examples:
contains, `!=`, OR by default, where_operator, related and custom keys always ANDed,
the named status filters, the paginator, include_custom_fields, s/o sorting, the
400 for an unknown field, and parameters from the query string or a JSON body."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.models import CustomField
from apps.invoices.models import Invoice
from apps.quotes.services import quote_set_status
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def _rows(response):
    assert response.status_code == 200, response.content
    data = response.json()["data"]
    return data["data"] if isinstance(data, dict) else data


def _ids(response):
    return sorted(row["id"] for row in _rows(response))


def _order(response):
    return [row["id"] for row in _rows(response)]


@pytest.fixture
def acme(db):
    return ClientFactory(name="Acme Services", city="Tallahassee")


@pytest.fixture
def beta(db):
    return ClientFactory(name="Beta Ltd", city="London")


@pytest.fixture
def docs(profile, acme, beta):
    return {
        "march": InvoiceFactory(
            client=acme, company_profile=profile, summary="March retainer", sent=True
        ),
        "april": InvoiceFactory(
            client=acme, company_profile=profile, summary="April retainer"
        ),
        "beta": InvoiceFactory(
            client=beta, company_profile=profile, summary="Beta March work"
        ),
    }


# ---------------------------------------------------------------- plain keys
def test_plain_key_is_case_insensitive_contains_on_every_module(
    api, docs, acme, beta, profile
):
    assert _ids(api.get("/api/v1/invoices?summary=MARCH")) == sorted(
        [docs["march"].pk, docs["beta"].pk]
    )
    assert _ids(api.get("/api/v1/clients?city=tallah")) == [acme.pk]
    quote = QuoteFactory(client=beta, company_profile=profile, summary="Roof repair")
    assert _ids(api.get("/api/v1/quotes?summary=roof")) == [quote.pk]
    payment = PaymentFactory(invoice=docs["march"], note="Cheque 1042")
    PaymentFactory(invoice=docs["march"], note="wire")
    assert _ids(api.get("/api/v1/payments?note=cheque")) == [payment.pk]


def test_not_equal_prefix_is_exact(api, docs):
    number = docs["march"].number
    assert _ids(api.get(f"/api/v1/invoices?number=!={number}")) == sorted(
        [docs["april"].pk, docs["beta"].pk]
    )
    # "!=" is exact: a part of the number excludes nothing.
    assert len(_ids(api.get(f"/api/v1/invoices?number=!={number[:-1]}"))) == 3


def test_keys_are_ored_unless_where_operator_is_and(api, docs):
    params = {"summary": "april", "number": docs["beta"].number}
    assert _ids(api.get("/api/v1/invoices", params)) == sorted(
        [docs["april"].pk, docs["beta"].pk]
    )
    assert _ids(api.get("/api/v1/invoices", {**params, "where_operator": "AND"})) == []
    both = {
        "summary": "march",
        "number": docs["beta"].number,
        "where_operator": "and",
    }  # any case
    assert _ids(api.get("/api/v1/invoices", both)) == [docs["beta"].pk]
    assert _ids(
        api.get("/api/v1/invoices", {**params, "where_operator": "OR"})
    ) == sorted([docs["april"].pk, docs["beta"].pk])


def test_related_and_custom_keys_are_always_anded(api, docs, acme):
    CustomField.objects.create(module="invoices", column_name="column_3", label="Owner")
    from apps.invoices.services import invoice_custom_fields_set

    invoice_custom_fields_set(invoice=docs["april"], values={"column_3": "Dirk"})
    invoice_custom_fields_set(invoice=docs["beta"], values={"column_3": "Dirk"})
    # OR between the plain keys, AND with the related key.
    params = {"summary": "april", "number": docs["beta"].number, "client->name": "acme"}
    assert _ids(api.get("/api/v1/invoices", params)) == [docs["april"].pk]
    dirk = sorted([docs["april"].pk, docs["beta"].pk])
    assert _ids(api.get("/api/v1/invoices", {"custom->column_3": "dirk"})) == dirk
    params = {"summary": "march", "custom->column_3": "DIRK", "where_operator": "OR"}
    assert _ids(api.get("/api/v1/invoices", params)) == [docs["beta"].pk]
    assert _ids(api.get("/api/v1/invoices", {"custom->column_3": "!=Dirk"})) == [
        docs["march"].pk
    ]


def test_related_fields_on_each_module(api, docs, acme, beta, profile, api_user):
    # The spec's own example value, then a matching one.
    assert _ids(
        api.get("/api/v1/invoices", {"client->name": "acme services"})
    ) == sorted([docs["march"].pk, docs["april"].pk])
    assert _ids(api.get("/api/v1/invoices", {"client->city": "london"})) == [
        docs["beta"].pk
    ]
    assert _ids(api.get("/api/v1/invoices", {"amount->balance": "100"})) == sorted(
        [docs["march"].pk, docs["april"].pk, docs["beta"].pk]
    )
    other = CompanyProfileFactory(name="Second Company")
    mine = InvoiceFactory(client=beta, company_profile=other, by=api_user)
    assert _ids(api.get("/api/v1/invoices", {"companyProfile->name": "second"})) == [
        mine.pk
    ]
    assert _ids(api.get("/api/v1/invoices", {"user->email": api_user.email})) == [
        mine.pk
    ]
    assert len(_ids(api.get("/api/v1/invoices", {"currency->code": "usd"}))) == 4
    quote = QuoteFactory(client=beta, company_profile=profile)
    assert _ids(api.get("/api/v1/quotes", {"client->name": "beta"})) == [quote.pk]
    payment = PaymentFactory(invoice=docs["march"])
    assert _ids(
        api.get("/api/v1/payments", {"invoice->number": docs["march"].number})
    ) == [payment.pk]
    assert _ids(
        api.get("/api/v1/payments", {"paymentInvoice->invoice_id": docs["march"].pk})
    ) == [payment.pk]
    assert _ids(api.get("/api/v1/clients", {"invoices->summary": "beta march"})) == [
        beta.pk
    ]


def test_a_to_many_relation_gives_each_row_once(api, profile, acme):
    invoice = InvoiceFactory(
        client=acme,
        company_profile=profile,
        items=[item_data(name="Consulting"), item_data(name="Consulting extra")],
    )
    assert _order(api.get("/api/v1/invoices", {"items->name": "consult"})) == [
        invoice.pk
    ]
    assert _order(api.get("/api/v1/clients", {"invoices->summary": ""})) == [acme.pk]


@pytest.mark.parametrize("path", ["clients", "invoices", "quotes", "payments"])
@pytest.mark.parametrize(
    "key", ["colour", "client->shoe", "custom->notacolumn", "nothing->name", "password"]
)
def test_unknown_field_is_400_on_every_module(api, path, key):
    response = api.get(f"/api/v1/{path}", {key: "x"})
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "message": "Please enter a valid field name",
    }


@pytest.mark.parametrize("path", ["clients", "invoices", "quotes", "payments"])
def test_reserved_keys_are_never_columns(api, path, docs):
    params = {
        "page": 2,
        "s": "id",
        "o": "desc",
        "where_operator": "AND",
        "paginated_response": 0,
        "include_custom_fields": 0,
        "per_page": 5,
        "search": "",
        "client": "",
        "active": 1,
    }
    response = api.get(f"/api/v1/{path}", params)
    assert response.status_code == 200, response.content


def test_typed_columns_never_fail(api, docs):
    """Numbers and booleans compare exactly.

    A value of the wrong type matches nothing.
    """
    assert _ids(api.get("/api/v1/invoices", {"id": docs["april"].pk})) == [
        docs["april"].pk
    ]
    assert _ids(api.get("/api/v1/invoices", {"id": "abc"})) == []
    assert _ids(api.get("/api/v1/invoices", {"client_id": "1e99"})) == []
    assert _ids(
        api.get(
            "/api/v1/invoices",
            {"invoice_date": docs["april"].invoice_date.isoformat()[:7]},
        )
    ) == _ids(api.get("/api/v1/invoices"))


# ---------------------------------------------------------------- named filters
def test_invoice_status_viewed_emailed_mailed_overdue(api, profile, acme):
    from apps.invoices.services import invoice_send, invoice_update

    viewed = InvoiceFactory(client=acme, company_profile=profile, sent=True)
    Invoice.objects.filter(pk=viewed.pk).update(viewed_at=timezone.now())
    emailed = InvoiceFactory(client=acme, company_profile=profile, sent=True)
    Invoice.objects.filter(pk=emailed.pk).update(emailed_at=timezone.now())
    mailed = InvoiceFactory(client=acme, company_profile=profile, sent=True)
    Invoice.objects.filter(pk=mailed.pk).update(awaiting_mail_since=timezone.now())
    # Back-dated while a draft: an issued invoice keeps its date (issue 9).
    late = InvoiceFactory(client=acme, company_profile=profile)
    past = timezone.localdate() - dt.timedelta(days=40)
    invoice_update(
        invoice=late, invoice_date=past, due_date=past + dt.timedelta(days=10)
    )
    invoice_send(invoice=late)
    InvoiceFactory(client=acme, company_profile=profile)  # a draft: in none of these
    assert _ids(api.get("/api/v1/invoices?status=viewed")) == [viewed.pk]
    assert _ids(api.get("/api/v1/invoices?status=emailed")) == [emailed.pk]
    assert _ids(api.get("/api/v1/invoices?status=mailed")) == [mailed.pk]
    assert _ids(api.get("/api/v1/invoices?status=overdue")) == [late.pk]
    assert _ids(api.get("/api/v1/invoices?status=OVERDUE")) == [late.pk]


def test_quote_status_filters(api, profile, acme):
    draft = QuoteFactory(client=acme, company_profile=profile)
    sent = quote_set_status(
        quote=QuoteFactory(client=acme, company_profile=profile), status="sent"
    )
    rejected = quote_set_status(
        quote=quote_set_status(
            quote=QuoteFactory(client=acme, company_profile=profile), status="sent"
        ),
        status="rejected",
    )
    assert _ids(api.get("/api/v1/quotes?status=draft")) == [draft.pk]
    assert _ids(api.get("/api/v1/quotes?status=sent")) == [sent.pk]
    assert _ids(api.get("/api/v1/quotes?status=rejected")) == [rejected.pk]
    assert _ids(api.get("/api/v1/quotes?status=viewed")) == []
    assert len(_ids(api.get("/api/v1/quotes?status=anything-else"))) == 3


def test_payment_search_and_client_filters(api, docs, beta):
    on_beta = PaymentFactory(
        invoice=InvoiceFactory(
            client=beta, company_profile=docs["march"].company_profile, sent=True
        ),
        reference="WIRE-77",
    )
    PaymentFactory(invoice=docs["march"])
    assert _ids(api.get("/api/v1/payments", {"search": "wire-77"})) == [on_beta.pk]
    assert _ids(api.get("/api/v1/payments", {"search": "beta ltd"})) == [on_beta.pk]
    assert _ids(api.get("/api/v1/payments", {"client": beta.pk})) == [on_beta.pk]
    assert _ids(api.get("/api/v1/payments", {"client": "abc"})) == []


def test_client_active_and_search(api, acme, beta):
    from apps.clients.services import client_update

    client_update(client=beta, is_active=False)
    assert _ids(api.get("/api/v1/clients?active=1")) == [acme.pk]
    assert _ids(api.get("/api/v1/clients?active=0")) == [beta.pk]
    assert _ids(api.get("/api/v1/clients?search=tallahassee")) == [acme.pk]


# ---------------------------------------------------------------- paginator
def test_paginated_invoices_keep_filters_and_page(api, profile, acme):
    for _ in range(17):
        InvoiceFactory(client=acme, company_profile=profile, summary="Batch")
    InvoiceFactory(client=acme, company_profile=profile, summary="Other")
    data = api.get(
        "/api/v1/invoices", {"paginated_response": 1, "summary": "batch", "page": 2}
    ).json()["data"]
    assert (
        data["current_page"],
        data["total"],
        data["last_page"],
        data["per_page"],
    ) == (2, 17, 2, 15)
    assert (data["from"], data["to"], len(data["data"])) == (16, 17, 2)
    assert data["path"] == "http://testserver/api/v1/invoices"
    assert data["first_page_url"] == "http://testserver/api/v1/invoices?page=1"
    assert data["last_page_url"] == "http://testserver/api/v1/invoices?page=2"
    assert [link["label"] for link in data["links"]] == [
        "&laquo; Previous",
        "1",
        "2",
        "Next &raquo;",
    ]
    assert data["links"][-1]["url"] is None and data["links"][0]["url"].endswith(
        "page=1"
    )
    past = api.get("/api/v1/invoices", {"paginated_response": 1, "page": 9}).json()[
        "data"
    ]
    assert (past["data"], past["from"], past["to"], past["current_page"]) == (
        [],
        None,
        None,
        9,
    )
    assert (
        api.get("/api/v1/invoices", {"paginated_response": 1, "page": "abc"}).json()[
            "data"
        ]["current_page"]
        == 1
    )
    plain = api.get("/api/v1/invoices", {"paginated_response": 0}).json()["data"]
    assert isinstance(plain, list) and len(plain) == 18


def test_include_custom_fields_on_lists_and_show(api, docs):
    CustomField.objects.create(module="payments", column_name="column_1", label="Batch")
    payment = PaymentFactory(invoice=docs["march"])
    from apps.payments.services import payment_custom_fields_set

    payment_custom_fields_set(payment=payment, values={"column_1": "B-7"})
    listed = _rows(api.get("/api/v1/payments?include_custom_fields=1"))[0]
    assert (
        listed["custom"]["payment_id"] == payment.pk
        and listed["custom"]["column_1"] == "B-7"
    )
    assert "custom" not in _rows(api.get("/api/v1/payments"))[0]
    shown = api.get(
        f"/api/v1/payments/{payment.pk}", {"include_custom_fields": 1}
    ).json()["data"]
    assert shown["custom"]["column_1"] == "B-7" and shown["custom"][
        "created_at"
    ].endswith("Z")
    assert "custom" not in api.get(f"/api/v1/payments/{payment.pk}").json()["data"]


# ---------------------------------------------------------------- sorting
def test_invoice_sorting_whitelist(api, profile, acme):
    nine = InvoiceFactory(
        client=acme,
        company_profile=profile,
        number="INV-9",
        items=[item_data(quantity=Decimal("1"), unit_price=Decimal("5"))],
    )
    ten = InvoiceFactory(
        client=acme,
        company_profile=profile,
        number="INV-10",
        items=[item_data(quantity=Decimal("1"), unit_price=Decimal("50"))],
    )
    eight = InvoiceFactory(
        client=acme,
        company_profile=profile,
        number="INV-8",
        items=[item_data(quantity=Decimal("1"), unit_price=Decimal("20"))],
    )
    # Numbers sort by length, then value: INV-8, INV-9, INV-10.
    assert _order(api.get("/api/v1/invoices?s=number&o=asc")) == [
        eight.pk,
        nine.pk,
        ten.pk,
    ]
    assert _order(api.get("/api/v1/invoices?s=number&o=desc")) == [
        ten.pk,
        nine.pk,
        eight.pk,
    ]
    assert _order(api.get("/api/v1/invoices?s=invoice_amounts.total&o=desc")) == [
        ten.pk,
        eight.pk,
        nine.pk,
    ]
    assert _order(api.get("/api/v1/invoices?s=invoice_amounts.total")) == [
        nine.pk,
        eight.pk,
        ten.pk,
    ]
    # A column off the whitelist keeps the default order (newest first), no error.
    assert _order(api.get("/api/v1/invoices?s=terms;drop&o=desc")) == _order(
        api.get("/api/v1/invoices")
    )


def test_payment_and_quote_and_client_sorting(api, docs, acme, beta, profile):
    small = PaymentFactory(invoice=docs["march"], amount=Decimal("5"))
    large = PaymentFactory(invoice=docs["march"], amount=Decimal("50"))
    assert _order(api.get("/api/v1/payments?s=amount&o=desc")) == [large.pk, small.pk]
    assert _order(api.get("/api/v1/payments?s=amount&o=asc")) == [small.pk, large.pk]
    old = QuoteFactory(
        client=acme, company_profile=profile, quote_date=dt.date(2024, 1, 1)
    )
    new = QuoteFactory(
        client=acme, company_profile=profile, quote_date=dt.date(2024, 6, 1)
    )
    assert _order(api.get("/api/v1/quotes?s=quote_date&o=asc")) == [old.pk, new.pk]
    assert _order(api.get("/api/v1/quotes")) == [new.pk, old.pk]
    CustomField.objects.create(module="clients", column_name="column_2", label="Rank")
    from apps.clients.services import client_custom_fields_set

    client_custom_fields_set(client=acme, values={"column_2": "b"})
    client_custom_fields_set(client=beta, values={"column_2": "a"})
    assert _order(api.get("/api/v1/clients?s=column_2&o=asc")) == [beta.pk, acme.pk]
    assert _order(api.get("/api/v1/clients?s=balance&o=desc"))[0] == acme.pk


# ------------------------------------------------ where parameters come from
def test_parameters_in_a_json_body_on_get(api, docs):
    body = json.dumps(
        {"summary": "april", "number": docs["beta"].number, "where_operator": "AND"}
    )
    response = api.generic(
        "GET", "/api/v1/invoices", body, content_type="application/json"
    )
    assert _ids(response) == []
    body = json.dumps({"summary": "april", "paginated_response": 1})
    data = api.generic(
        "GET", "/api/v1/invoices", body, content_type="application/json"
    ).json()["data"]
    assert data["total"] == 1 and data["data"][0]["id"] == docs["april"].pk


def test_parameters_in_the_query_string_on_post_and_body_wins(api):
    response = api.post(
        "/api/v1/clients/store?name=From+Query&type=lead", format="json"
    )
    assert (
        response.status_code == 201
        and response.json()["client"]["name"] == "From Query"
    )
    response = api.post(
        "/api/v1/clients/store?name=From+Query&type=lead",
        {"name": "From Body"},
        format="json",
    )
    assert (
        response.status_code == 201 and response.json()["client"]["name"] == "From Body"
    )


def test_other_users_see_the_same_lists(api, docs):
    """One business: another staff user's token sees what this one sees."""
    from rest_framework.test import APIClient

    from apps.accounts.services import login_token_create

    other = APIClient()
    other.credentials(
        HTTP_AUTHORIZATION=f"Bearer {login_token_create(user=UserFactory())}"
    )
    assert _ids(other.get("/api/v1/invoices")) == _ids(api.get("/api/v1/invoices"))
