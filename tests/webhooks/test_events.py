"""The domain announces its events (apps/core/events.py) from the services that
make them true, after the commit."""

from decimal import Decimal

import pytest
from django.db import transaction

from apps.core import events
from apps.invoices.services import invoice_mark_viewed, invoice_void
from apps.payments.services import payment_record, payment_refund
from apps.quotes.models import Quote
from apps.quotes.services import quote_set_status
from tests.factories.invoices import InvoiceFactory
from tests.factories.quotes import QuoteFactory
from tests.public.helpers import pay, payable_invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    got = []

    def listen(name, **ids):
        got.append((name, ids))

    events.event_subscribe(listen)
    yield got
    events.event_unsubscribe(listen)


def test_event_publish_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="Unknown event"):
        events.event_publish("invoice.exploded", invoice_id=1)


def test_subscribers_hear_only_after_commit(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        events.event_publish("invoice.sent", invoice_id=1)
        assert heard == []
    callbacks[0]()
    assert heard == [("invoice.sent", {"invoice_id": 1})]


def test_a_failing_subscriber_does_not_stop_the_others(heard):
    def broken(name, **ids):
        raise RuntimeError("listener bug")

    events.event_subscribe(broken)
    try:
        events._deliver("invoice.sent", {"invoice_id": 3})
    finally:
        events.event_unsubscribe(broken)
    assert heard == [("invoice.sent", {"invoice_id": 3})]


def test_rolled_back_writes_announce_nothing(heard, django_capture_on_commit_callbacks):
    invoice = payable_invoice()
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                payment_record(invoice=invoice, amount=Decimal("10"), method="cash")
                raise RuntimeError
        except RuntimeError:
            pass
    assert heard == []


def names(heard):
    return [name for name, _ in heard]


def test_invoice_events_come_from_the_services(
    heard, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = InvoiceFactory(sent=True)
        invoice_mark_viewed(invoice=invoice)
        invoice_mark_viewed(invoice=invoice)  # later views are not news
        invoice_void(invoice=invoice)
    assert names(heard) == ["invoice.sent", "invoice.viewed", "invoice.voided"]
    assert {ids["invoice_id"] for _, ids in heard} == {invoice.pk}


def test_payment_events_come_from_the_services(
    heard, client, django_capture_on_commit_callbacks
):
    invoice = payable_invoice()  # 100.00
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_record(invoice=invoice, amount=Decimal("40"), method="cash")
    assert names(heard) == ["invoice.partially_paid", "payment.succeeded"]
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, invoice)  # the customer opens the page, pays the other 60.00
    assert names(heard) == ["invoice.viewed", "invoice.paid", "payment.succeeded"]
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment)
    assert names(heard) == ["invoice.partially_paid", "payment.refunded"]
    assert heard[1][1] == {"payment_id": payment.pk}


def test_quote_events_come_from_quote_set_status(
    heard, django_capture_on_commit_callbacks
):
    accepted, declined = QuoteFactory(), QuoteFactory()
    with django_capture_on_commit_callbacks(execute=True):
        quote_set_status(quote=accepted, status=Quote.Status.SENT)
        quote_set_status(quote=accepted, status=Quote.Status.APPROVED)
        quote_set_status(quote=declined, status=Quote.Status.REJECTED)
    assert heard == [
        ("quote.accepted", {"quote_id": accepted.pk}),
        ("quote.declined", {"quote_id": declined.pk}),
    ]


def test_ach_payments_announce_failed_and_returned_from_the_settlement(
    heard, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    from apps.payments.gateways.base import ach_clean, card_clean
    from apps.payments.services import payment_charge

    declined = payable_invoice()
    card = card_clean(number="4000000000000002", expiry="12/39", cvc="123")
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payment_charge(invoice=declined, amount=declined.balance, card=card)
    assert names(heard) == ["payment.failed"]
    invoice = payable_invoice()
    bounced = ach_clean(
        routing_number="021000021", account_number="000100002", account_type="checking"
    )
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_charge(invoice=invoice, amount=invoice.balance, ach=bounced)
    assert payment.payment.status == "pending"
    assert names(heard) == []  # pending money announces nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reconcile_payments", "--grace", "0", stdout=StringIO())
    assert "payment.returned" in names(heard)
