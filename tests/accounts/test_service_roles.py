"""Roles are decided in the domain, not only at the doors: the write services refuse
a person without WRITE, and the list selectors read nothing for a non-staff caller,
whichever door (or script) calls them."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from apps.accounts.roles import BILLING, SYSTEM, VIEWER
from apps.clients.selectors import client_list
from apps.clients.services import client_create, client_update
from apps.invoices.models import Invoice
from apps.invoices.selectors import invoice_list
from apps.invoices.services import invoice_create, invoice_status_set, invoice_void
from apps.payments.models import Payment
from apps.payments.selectors import payment_list
from apps.payments.services import payment_record
from apps.quotes.selectors import quote_list
from apps.quotes.services import quote_create
from tests.factories.accounts import UserFactory
from tests.factories.invoices import InvoiceFactory, item_data
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def _writes(invoice, client, user):
    """Each write service once, as `user`."""
    return {
        "client_create": lambda: client_create(by=user, name="New client"),
        "client_update": lambda: client_update(client=client, by=user, name="Renamed"),
        "invoice_create": lambda: invoice_create(
            by=user, client=client, items=[item_data()]
        ),
        "invoice_status_set": lambda: invoice_status_set(
            invoice=invoice, status=Invoice.Status.VOID, by=user
        ),
        "invoice_void": lambda: invoice_void(invoice=invoice, by=user),
        "payment_record": lambda: payment_record(
            invoice=invoice, amount=Decimal("1.00"), method="check", by=user
        ),
        "quote_create": lambda: quote_create(
            by=user, client=client, items=[item_data()]
        ),
    }


@pytest.mark.parametrize(
    "service",
    [
        "client_create",
        "client_update",
        "invoice_create",
        "invoice_status_set",
        "invoice_void",
        "payment_record",
        "quote_create",
    ],
)
def test_staff_write_refuses_a_viewer_and_changes_nothing(service):
    invoice = InvoiceFactory(sent=True)
    client = invoice.client
    before = (
        Invoice.objects.count(),
        Payment.objects.count(),
        client_list(user=SYSTEM).count(),
    )
    viewer = UserFactory(role=VIEWER)
    with pytest.raises(PermissionDenied, match="Billing or Admin"):
        _writes(invoice, client, viewer)[service]()
    invoice.refresh_from_db()
    client.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT
    assert client.name != "Renamed"
    assert before == (
        Invoice.objects.count(),
        Payment.objects.count(),
        client_list(user=SYSTEM).count(),
    )


def test_staff_write_lets_billing_write():
    invoice = InvoiceFactory(sent=True)
    billing = UserFactory(role=BILLING)
    payment = payment_record(
        invoice=invoice, amount=Decimal("1.00"), method="check", by=billing
    )
    assert payment.created_by == billing


def test_staff_write_with_no_person_is_remit_itself():
    invoice = InvoiceFactory(sent=True)
    assert invoice_void(invoice=invoice).status == Invoice.Status.VOID


def test_list_selectors_read_nothing_for_a_non_staff_user():
    invoice = InvoiceFactory(sent=True)
    QuoteFactory(client=invoice.client)
    payment_record(invoice=invoice, amount=Decimal("1.00"), method="check")
    outsider = UserFactory(is_staff=False)
    inactive = UserFactory(is_active=False)
    viewer = UserFactory(role=VIEWER)
    for selector in (invoice_list, client_list, quote_list, payment_list):
        assert selector(user=viewer).exists(), selector.__name__
        assert not selector(user=outsider).exists(), selector.__name__
        assert not selector(user=inactive).exists(), selector.__name__
        assert not selector(user=None).exists(), selector.__name__
