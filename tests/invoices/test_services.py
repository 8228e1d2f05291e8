"""Invoice services: totals recomputed on every write, state rules, events."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.roles import SYSTEM
from apps.core.models import CustomField
from apps.invoices.models import Invoice, InvoiceEvent, InvoiceItem
from apps.invoices.selectors import invoice_list
from apps.invoices.services import (
    invoice_create,
    invoice_custom_fields_set,
    invoice_delete,
    invoice_item_add,
    invoice_send,
    invoice_update,
    invoice_void,
)
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.payments import PaymentFactory

pytestmark = pytest.mark.django_db


def test_invoice_create_numbers_and_totals(company):
    invoice = InvoiceFactory(
        company_profile=company, items=[item_data(tax_rate=Decimal("10"))]
    )
    assert invoice.number == f"{company.invoice_prefix}00001"
    assert (invoice.subtotal, invoice.tax_total, invoice.total) == (
        Decimal("100.00"),
        Decimal("10.00"),
        Decimal("110.00"),
    )
    assert invoice.balance == Decimal("110.00")
    assert invoice.status == Invoice.Status.DRAFT
    assert invoice.events.filter(kind=InvoiceEvent.Kind.CREATED).count() == 1


def test_invoice_create_takes_currency_and_due_date_from_client_and_profile(company):
    client = ClientFactory(currency="EUR")
    invoice = invoice_create(
        client=client, company_profile=company, invoice_date=dt.date(2026, 3, 1)
    )
    assert invoice.currency == "EUR"
    assert invoice.due_date == dt.date(2026, 3, 1) + dt.timedelta(
        days=company.payment_terms_days
    )


def test_invoice_update_replaces_items_and_recomputes_totals(company):
    invoice = InvoiceFactory(company_profile=company)
    invoice = invoice_update(
        invoice=invoice,
        items=[
            item_data(quantity=Decimal("3"), unit_price=Decimal("10.00")),
            item_data(unit_price=Decimal("0.50")),
        ],
        shipping=Decimal("5"),
    )
    invoice.refresh_from_db()
    assert invoice.items.count() == 2
    # 3 x 10.00 + 2 x 0.50 = 31.00, + 5.00 shipping = 36.00.
    assert (invoice.subtotal, invoice.total, invoice.balance) == (
        Decimal("31.00"),
        Decimal("36.00"),
        Decimal("36.00"),
    )


def test_invoice_item_add_recomputes_totals(company):
    invoice = InvoiceFactory(company_profile=company)
    invoice = invoice_item_add(
        invoice=invoice,
        name="Hosting",
        quantity=Decimal("1"),
        unit_price=Decimal("12.34"),
    )
    invoice.refresh_from_db()
    assert invoice.total == Decimal("112.34")
    assert list(invoice.items.values_list("position", flat=True)) == [1, 2]
    assert InvoiceItem.objects.get(invoice=invoice, name="Hosting").total == Decimal(
        "12.34"
    )


def test_invoice_send_only_drafts(company):
    invoice = invoice_send(invoice=InvoiceFactory(company_profile=company))
    assert invoice.status == Invoice.Status.SENT and invoice.sent_at is not None
    with pytest.raises(ValidationError, match="Only a draft"):
        invoice_send(invoice=invoice)


def test_invoice_changes_after_send_are_recorded_as_events(company, staff_user):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    invoice_update(invoice=invoice, by=staff_user, po_number="PO-77")
    event = invoice.events.get(kind=InvoiceEvent.Kind.UPDATED)
    assert event.actor == staff_user
    assert event.data["changed"]["po_number"] == ["", "PO-77"]
    invoice_item_add(
        invoice=invoice, by=staff_user, name="Extra", unit_price=Decimal("1")
    )
    assert invoice.events.filter(kind=InvoiceEvent.Kind.UPDATED).count() == 2


def test_drafts_record_update_events_too(company):
    """Issue 9: every change is on the trail, a draft's included (this test pinned
    the opposite before)."""
    invoice = InvoiceFactory(company_profile=company)
    invoice_update(invoice=invoice, po_number="PO-1")
    event = invoice.events.get(kind=InvoiceEvent.Kind.UPDATED)
    assert event.data["changed"]["po_number"] == ["", "PO-1"]


def test_invoice_void_refused_with_payments(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=invoice, amount=Decimal("10.00"))
    with pytest.raises(ValidationError, match="refund the payments first"):
        invoice_void(invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PARTIALLY_PAID


def test_invoice_void_then_editing_refused(company):
    invoice = invoice_void(invoice=InvoiceFactory(company_profile=company, sent=True))
    assert invoice.status == Invoice.Status.VOID
    with pytest.raises(ValidationError, match="can no longer be edited"):
        invoice_update(invoice=invoice, po_number="X")


def test_editing_a_paid_invoice_refused(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    with pytest.raises(ValidationError, match="can no longer be edited"):
        invoice_update(invoice=invoice, notes="changed")
    with pytest.raises(ValidationError):
        invoice_item_add(invoice=invoice, name="More", unit_price=Decimal("1"))


def test_total_below_paid_refused_and_nothing_written(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=invoice, amount=Decimal("60.00"))
    with pytest.raises(ValidationError, match="below what has been paid"):
        invoice_update(invoice=invoice, items=[item_data(quantity=Decimal("1"))])
    invoice.refresh_from_db()
    assert invoice.total == Decimal("100.00") and invoice.items.count() == 1


def test_due_date_before_invoice_date_refused(company):
    with pytest.raises(ValidationError) as exc:
        invoice_create(
            client=ClientFactory(),
            company_profile=company,
            invoice_date=dt.date(2026, 5, 10),
            due_date=dt.date(2026, 5, 9),
        )
    assert "due_date" in exc.value.message_dict
    assert not Invoice.objects.exists()


def test_unknown_currency_refused(company):
    with pytest.raises(ValidationError) as exc:
        invoice_create(client=ClientFactory(), company_profile=company, currency="XYZ")
    assert "currency" in exc.value.message_dict
    assert not Invoice.objects.exists()


def test_negative_quantity_refused(company):
    with pytest.raises(ValidationError) as exc:
        invoice_create(
            client=ClientFactory(),
            company_profile=company,
            items=[item_data(quantity=Decimal("-1"))],
        )
    assert "quantity" in exc.value.message_dict
    assert not Invoice.objects.exists()


def test_unknown_fields_refused(company):
    with pytest.raises(ValidationError, match="Unknown invoice fields: total"):
        invoice_create(
            client=ClientFactory(), company_profile=company, total=Decimal("1")
        )


def test_soft_delete_hides_from_list_and_refuses_with_payments(company):
    invoice = InvoiceFactory(company_profile=company)
    invoice_delete(invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.deleted_at is not None
    assert not invoice_list(user=SYSTEM).filter(pk=invoice.pk).exists()
    paid = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=paid, amount=Decimal("5.00"))
    with pytest.raises(ValidationError, match="Only a draft can be deleted"):
        invoice_delete(invoice=paid)


def test_payment_moves_status_to_partially_paid_then_paid(company):
    invoice = InvoiceFactory(company_profile=company, sent=True)
    PaymentFactory(invoice=invoice, amount=Decimal("40.00"))
    invoice.refresh_from_db()
    assert (
        invoice.status == Invoice.Status.PARTIALLY_PAID
        and invoice.balance == Decimal("60.00")
    )
    PaymentFactory(invoice=invoice, amount=Decimal("60.00"))
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.balance == 0
    assert invoice.events.filter(kind=InvoiceEvent.Kind.PAID).count() == 1


def test_custom_fields_validated_against_definitions(company):
    CustomField.objects.create(
        module="invoices",
        column_name="column_1",
        label="Project",
        field_type="dropdown",
        options=["Web", "Print"],
    )
    CustomField.objects.create(
        module="invoices",
        column_name="column_2",
        label="Approved on",
        field_type="date",
    )
    invoice = InvoiceFactory(company_profile=company)
    invoice = invoice_custom_fields_set(
        invoice=invoice, values={"column_1": "Web", "column_2": "2026-04-01"}
    )
    assert invoice.custom == {"column_1": "Web", "column_2": "2026-04-01"}
    with pytest.raises(ValidationError) as exc:
        invoice_custom_fields_set(
            invoice=invoice,
            values={"column_1": "TV", "column_2": "April", "column_9": "x"},
        )
    assert set(exc.value.message_dict) == {
        "custom.column_1",
        "custom.column_2",
        "custom.column_9",
    }
    invoice.refresh_from_db()
    assert invoice.custom == {"column_1": "Web", "column_2": "2026-04-01"}


@pytest.mark.parametrize(
    ("items", "header", "field"),
    [
        ([item_data(quantity=Decimal("9999999999999999"))], {}, "quantity"),
        (
            [item_data(quantity=Decimal("100000"), unit_price=Decimal("1000000"))],
            {},
            "items",
        ),  # a 10^11 line: one digit too many
        ([item_data()], {"shipping": Decimal("1E+20")}, "shipping"),
        ([item_data()], {"adjustment": Decimal("-1E+11")}, "adjustment"),
        ([item_data(unit_price="1e30")], {}, "unit_price"),
    ],
)
def test_amounts_too_large_to_store_are_refused_by_field(company, items, header, field):
    with pytest.raises(ValidationError) as exc:
        invoice_create(
            client=ClientFactory(), company_profile=company, items=items, **header
        )
    assert field in exc.value.message_dict
    assert "11 digits" in " ".join(exc.value.message_dict[field])
    assert not Invoice.objects.exists()


def test_a_line_just_under_the_limit_is_stored_exactly(company):
    invoice = invoice_create(
        client=ClientFactory(),
        company_profile=company,
        items=[
            item_data(
                quantity=Decimal("1.0001"), unit_price=Decimal("99990000000.0000")
            )
        ],
    )
    invoice.refresh_from_db()
    assert invoice.total == Decimal("99999999000.00")  # 15 significant digits, exact
    assert invoice.items.get().quantity == Decimal("1.0001")
