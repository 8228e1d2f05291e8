"""The trail: who, which door, what changed (before and after, items line by line),
hash-chained and append-only."""

import json
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from apps.accounts.services import api_key_create
from apps.audit.chain import GENESIS, event_hash
from apps.audit.context import Door, audit_context
from apps.audit.models import AppendOnlyError, AuditEvent
from apps.audit.selectors import audit_chain_problems, audit_history
from apps.clients.services import client_update
from apps.companies.services import company_profile_update
from apps.invoices.models import InvoiceEvent
from apps.invoices.services import invoice_update
from apps.payments.services import payment_update
from apps.quotes.services import quote_update
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def test_deleting_a_payment_through_fusioninvoice_names_it_on_the_invoice_history():
    """Must show (issue 9): the deleted payment is named on the invoice's History."""
    user = UserFactory()
    invoice = InvoiceFactory(sent=True)
    payment = PaymentFactory(invoice=invoice, amount=Decimal("40.00"))
    key = api_key_create(user=user)
    response = Client(enforce_csrf_checks=True).delete(
        f"/api/v1/payments/{payment.pk}", HTTP_AUTHORIZATION=f"Bearer {key.key}"
    )
    assert response.status_code == 200, response.content
    event = invoice.events.get(kind=InvoiceEvent.Kind.PAYMENT_DELETED)
    assert event.data["payment"] == payment.pk
    assert event.data["amount"] == "40.00"
    audit = event.audit
    assert (audit.door, audit.actor, audit.api_key_id) == (
        Door.FUSIONINVOICE,
        user,
        key.api_key.pk,
    )
    browser = Client()
    browser.force_login(user)
    page = browser.get(invoice.get_absolute_url()).content.decode()
    assert "Payment deleted" in page
    assert f"payment #{payment.pk}, 40.00 USD" in page or (
        f"payment #{payment.pk}, 40.00" in page
    )
    assert "via fusioninvoice" in page and f"API key #{key.api_key.pk}" in page


def test_a_staff_edit_records_who_the_door_and_items_line_by_line(staff_user):
    invoice = InvoiceFactory(
        sent=True,
        items=[
            item_data(name="Design", quantity=Decimal("1"), unit_price=Decimal("100")),
            item_data(name="Hosting", quantity=Decimal("1"), unit_price=Decimal("20")),
        ],
    )
    with audit_context(door=Door.STAFF, actor=staff_user):
        invoice_update(
            invoice=invoice,
            po_number="PO-9",
            items=[
                {"name": "Design", "quantity": "2", "unit_price": "100"},
                {"name": "Hosting", "quantity": "1", "unit_price": "20"},
                {"name": "Extra", "quantity": "1", "unit_price": "5"},
            ],
        )
    event = invoice.events.get(kind=InvoiceEvent.Kind.UPDATED)
    assert event.actor == staff_user and event.audit.door == Door.STAFF
    changed = event.data["changed"]
    assert changed["po_number"] == ["", "PO-9"]
    assert changed["total"][0] != changed["total"][1]
    items = event.data["items"]
    assert items["changed"] == [
        {
            "line": 1,
            "fields": {
                "quantity": ["1", "2"],
                "subtotal": ["100", "200"],
                "total": items["changed"][0]["fields"]["total"],
            },
        }
    ]
    assert [line["name"] for line in items["added"]] == ["Extra"]
    assert "removed" not in items


@pytest.mark.parametrize("kind", ["quote", "client", "company_profile", "payment"])
def test_every_record_kind_gets_a_before_and_after_event(kind, staff_user):
    if kind == "quote":
        record = QuoteFactory()
        quote_update(quote=record, by=staff_user, summary="New summary")
        field, after = "summary", "New summary"
    elif kind == "client":
        record = ClientFactory()
        client_update(client=record, by=staff_user, city="Lyon")
        field, after = "city", "Lyon"
    elif kind == "company_profile":
        from tests.factories.companies import CompanyProfileFactory

        record = CompanyProfileFactory()
        company_profile_update(profile=record, by=staff_user, phone="+33 1")
        field, after = "phone", "+33 1"
    else:
        record = PaymentFactory()
        payment_update(payment=record, by=staff_user, reference="CHK-7")
        field, after = "reference", "CHK-7"
    event = audit_history(subject_type=kind, subject_id=record.pk).first()
    assert event.kind == "updated" and event.actor == staff_user
    assert event.data["changed"][field][1] == after


def test_events_are_chained_by_sha256_over_canonical_content():
    invoice = InvoiceFactory(sent=True)
    events = list(
        AuditEvent.objects.filter(
            subject_type="invoice", subject_id=invoice.pk
        ).order_by("position")
    )
    assert [e.position for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == GENESIS
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    for event in events:
        assert event.hash == event_hash(event.content(), event.prev_hash)
        assert len(event.hash) == 64
    assert audit_chain_problems()[2] == []


def test_events_refuse_update_and_delete_through_the_orm():
    InvoiceFactory(sent=True)
    event = AuditEvent.objects.first()
    event.kind = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(kind="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    history = InvoiceEvent.objects.first()
    with pytest.raises(AppendOnlyError):
        history.save()
    with pytest.raises(AppendOnlyError):
        InvoiceEvent.objects.all().delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"
)
@pytest.mark.parametrize("table", ["audit_auditevent", "invoices_invoiceevent"])
def test_postgresql_refuses_update_and_delete_on_the_event_tables(table):
    InvoiceFactory(sent=True)
    for sql in (f"UPDATE {table} SET data = '{{}}'", f"DELETE FROM {table}"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)


def test_an_api_write_names_the_dialect_the_user_and_the_key():
    user = UserFactory()
    invoice = InvoiceFactory(sent=True)
    key = api_key_create(user=user)
    response = Client(enforce_csrf_checks=True).post(
        f"/fluidpay/api/invoice/{invoice.pk}",
        data=json.dumps({"message": "Thanks"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=key.key,
    )
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.filter(subject_type="invoice").order_by("-id").first()
    assert (event.door, event.actor_id, event.api_key_id) == (
        Door.FLUIDPAY,
        user.pk,
        key.api_key.pk,
    )
