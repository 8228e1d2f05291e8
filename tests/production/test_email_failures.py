"""A failed email send is recorded on the invoice, shown to staff, retried by the
worker, and no door says "sent" before it is."""

import datetime as dt
import logging
import smtplib

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from apps.accounts.services import api_key_create
from apps.invoices.emails import (
    EMAIL_RETRY_DELAYS,
    invoice_email_failure_get,
    invoice_email_send,
)
from apps.invoices.models import InvoiceEvent
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db
QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}


class BrokenMailBackend:
    """An SMTP server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "mail server unavailable")


BROKEN = "tests.production.test_email_failures.BrokenMailBackend"


def run_worker(capture):
    """The worker in its batch mode. It runs outside any transaction in production;
    here the test's transaction is open, so its after-commit work is run by hand."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    try:
        with capture(execute=True):
            call_command(
                "db_worker",
                batch=True,
                no_startup_delay=True,
                reload=False,
                verbosity=0,
            )
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@pytest.fixture
def queue(settings, monkeypatch):
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    settings.TASKS = QUEUE


def test_a_failed_send_is_recorded_retried_later_and_cleared_when_it_gets_through(
    queue, settings, mailoutbox, django_capture_on_commit_callbacks
):
    invoice = InvoiceFactory(sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_email_send(invoice=invoice)
    settings.EMAIL_BACKEND = BROKEN
    run_worker(django_capture_on_commit_callbacks)

    failed = invoice.events.get(kind=InvoiceEvent.Kind.EMAIL_FAILED)
    assert failed.data["attempt"] == 1
    assert "SMTPConnectError" in failed.data["error"]
    assert invoice_email_failure_get(invoice=invoice) == failed
    first, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == "FAILED"  # the queue keeps the error too
    assert (retry.status, retry.args_kwargs["kwargs"]["attempt"]) == ("READY", 2)
    waits = (retry.run_after - timezone.now()).total_seconds()
    assert EMAIL_RETRY_DELAYS[0] - 5 < waits <= EMAIL_RETRY_DELAYS[0]

    # The retry is not due yet: the worker leaves it. Once due, it is sent.
    run_worker(django_capture_on_commit_callbacks)
    assert mailoutbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(
        run_after=timezone.now() - dt.timedelta(seconds=1)
    )
    run_worker(django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    assert invoice_email_failure_get(invoice=invoice) is None
    delivered = invoice.events.filter(kind=InvoiceEvent.Kind.EMAILED).first()
    assert delivered.data["delivered_on_attempt"] == 2


def test_retries_stop_after_the_last_delay(
    queue, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    invoice = InvoiceFactory(sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_email_send(invoice=invoice)
    for _ in range(len(EMAIL_RETRY_DELAYS) + 1):
        DBTaskResult.objects.filter(status="READY").update(
            run_after=timezone.now() - dt.timedelta(seconds=1)
        )
        run_worker(django_capture_on_commit_callbacks)
    attempts = list(
        invoice.events.filter(kind=InvoiceEvent.Kind.EMAIL_FAILED)
        .order_by("id")
        .values_list("data__attempt", "data__retry_at")
    )
    assert [a for a, _ in attempts] == [1, 2, 3, 4, 5]
    assert attempts[-1][1] is None and all(r for _, r in attempts[:-1])
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_staff_page_warns_and_the_send_is_not_called_sent(
    staff_client, settings, django_capture_on_commit_callbacks
):
    """The immediate backend cannot wait to retry: the warning asks staff to send
    again. The page's own message says queued, not emailed."""
    settings.EMAIL_BACKEND = BROKEN
    invoice = InvoiceFactory(sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/invoices/{invoice.pk}/email/")
    assert response.status_code == 302
    html = staff_client.get(response["Location"]).content.decode()
    assert "queued to email" in html and "emailed to" not in html
    assert "The last email was not delivered" in html
    assert "mail server unavailable" in html and "send it again" in html
    event = invoice.events.get(kind=InvoiceEvent.Kind.EMAIL_FAILED)
    assert event.data["retry_at"] is None


@pytest.fixture
def api_key(staff_user):
    return api_key_create(user=staff_user, name="test").key


def test_fusioninvoice_email_answers_queued_and_a_failure_is_on_the_invoice(
    api_key, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    invoice = InvoiceFactory(sent=True)
    api = APIClient(enforce_csrf_checks=True)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key}")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/invoices/email", {"id": invoice.pk}, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "message": "Invoice email queued successfully",
    }
    assert invoice.events.filter(kind=InvoiceEvent.Kind.EMAIL_FAILED).exists()


def test_fluidpay_resend_answers_queued(
    api_key, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = BROKEN
    invoice = InvoiceFactory(sent=True)
    api = APIClient(enforce_csrf_checks=True)
    api.credentials(HTTP_AUTHORIZATION=api_key)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/fluidpay/api/invoice/{invoice.pk}/resend")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "success", "msg": "queued", "data": None}
    assert invoice.events.filter(kind=InvoiceEvent.Kind.EMAIL_FAILED).exists()


def test_a_failed_quote_send_is_retried_by_the_worker(
    queue, settings, mailoutbox, django_capture_on_commit_callbacks
):
    from apps.quotes.emails import quote_email_send
    from tests.factories.quotes import QuoteFactory

    quote = QuoteFactory()
    with django_capture_on_commit_callbacks(execute=True):
        quote_email_send(quote=quote, to=["buyer@example.com"])
    settings.EMAIL_BACKEND = BROKEN
    run_worker(django_capture_on_commit_callbacks)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker(django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["buyer@example.com"]]
