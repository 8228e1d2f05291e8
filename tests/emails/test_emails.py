import logging
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from apps.invoices.emails import invoice_email_send
from apps.invoices.models import Invoice, InvoiceEvent
from apps.payments.gateways.base import card_clean
from apps.payments.models import Payment
from apps.payments.services import payment_charge
from apps.quotes.emails import quote_email_send
from apps.quotes.models import Quote
from tests.factories.accounts import UserFactory
from tests.factories.clients import ClientFactory
from tests.factories.invoices import InvoiceFactory
from tests.factories.payments import PaymentFactory
from tests.factories.quotes import QuoteFactory

pytestmark = pytest.mark.django_db


def test_invoice_email_goes_to_client_and_cc_with_link_and_pdf(
    mailoutbox, django_capture_on_commit_callbacks
):
    client = ClientFactory(
        email="ap@hollowpine.example", cc_emails=["boss@hollowpine.example"]
    )
    invoice = InvoiceFactory(client=client)  # a draft: emailing sends it
    with django_capture_on_commit_callbacks(execute=True):
        invoice = invoice_email_send(invoice=invoice)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ap@hollowpine.example", "boss@hollowpine.example"]
    assert (
        invoice.number in message.subject
        and invoice.company_profile.name in message.subject
    )
    assert invoice.get_public_url() in message.body
    assert invoice.get_public_url() in message.alternatives[0][0]
    name, content, mimetype = message.attachments[0]
    assert (
        name.endswith(".pdf")
        and mimetype == "application/pdf"
        and content.startswith(b"%PDF-")
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT and invoice.emailed_at is not None
    assert invoice.events.filter(kind=InvoiceEvent.Kind.EMAILED).count() == 1


def test_invoice_email_with_explicit_recipients_no_pdf(
    mailoutbox, django_capture_on_commit_callbacks
):
    invoice = InvoiceFactory(sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_email_send(
            invoice=invoice,
            to="a@x.example; b@x.example",
            cc=["c@x.example"],
            bcc=["d@x.example"],
            subject="Your bill\nInjected: header",
            attach_pdf=False,
        )
    message = mailoutbox[0]
    assert (message.to, message.cc, message.bcc) == (
        ["a@x.example", "b@x.example"],
        ["c@x.example"],
        ["d@x.example"],
    )
    assert message.subject == "Your bill Injected: header"
    assert message.attachments == []


def test_invoice_email_refuses_bad_or_missing_addresses(
    mailoutbox, django_capture_on_commit_callbacks
):
    invoice = InvoiceFactory(sent=True, client=ClientFactory(email=""))
    with pytest.raises(ValidationError, match="no email address"):
        invoice_email_send(invoice=invoice)
    with pytest.raises(ValidationError, match="not-an-address"):
        invoice_email_send(invoice=invoice, to=["not-an-address"])
    invoice.refresh_from_db()
    assert invoice.emailed_at is None and mailoutbox == []


def test_email_escapes_user_text_in_html(
    mailoutbox, django_capture_on_commit_callbacks
):
    invoice = InvoiceFactory(
        sent=True,
        client=ClientFactory(
            name="<script>alert(1)</script>", first_name="", last_name=""
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        invoice_email_send(invoice=invoice, attach_pdf=False)
    html = mailoutbox[0].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_quote_email_sends_pdf_and_marks_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    quote = QuoteFactory()
    with django_capture_on_commit_callbacks(execute=True):
        quote_email_send(quote=quote)
    quote.refresh_from_db()
    assert quote.status == Quote.Status.SENT
    assert (
        quote.number in mailoutbox[0].subject
        and mailoutbox[0].attachments[0][2] == "application/pdf"
    )


def test_receipt_after_each_payment_and_staff_note_when_paid(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REMIT_STAFF_NOTIFY_EMAILS = ["owner@northwind.example"]
    invoice = InvoiceFactory(sent=True, allow_partial_payment=True)
    with django_capture_on_commit_callbacks(execute=True):
        PaymentFactory(invoice=invoice, amount=Decimal("40.00"), reference="CHK-1")
    assert [m.to for m in mailoutbox] == [[invoice.client.email]]
    assert "CHK-1" in mailoutbox[0].body and "$60.00" in mailoutbox[0].body
    card = card_clean(number="4111111111111111", expiry="12/30", cvc="123")
    with django_capture_on_commit_callbacks(execute=True):
        result = payment_charge(
            invoice=invoice,
            amount=Decimal("60.00"),
            card=card,
            idempotency_key="k-email-1",
        )
    assert [m.to for m in mailoutbox[1:]] == [
        [invoice.client.email],
        ["owner@northwind.example"],
    ]
    assert (
        result.payment.transaction_id in mailoutbox[1].body
        and "Visa ending 1111" in mailoutbox[1].body
    )
    assert invoice.number in mailoutbox[2].subject and "paid" in mailoutbox[2].subject


def test_staff_note_goes_to_active_staff_by_default(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REMIT_STAFF_NOTIFY_EMAILS = []
    UserFactory(email="anna@northwind.example")
    UserFactory(email="gone@northwind.example", is_active=False)
    invoice = InvoiceFactory(sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        PaymentFactory(invoice=invoice, amount=Decimal("100.00"))
    assert mailoutbox[-1].to == ["anna@northwind.example"]


def test_no_receipt_for_a_declined_charge(
    mailoutbox, django_capture_on_commit_callbacks
):
    invoice = InvoiceFactory(sent=True)
    card = card_clean(number="4000000000000002", expiry="12/30", cvc="123")
    with django_capture_on_commit_callbacks(execute=True):
        result = payment_charge(invoice=invoice, amount=Decimal("100.00"), card=card)
    assert result.payment.status == Payment.Status.DECLINED and mailoutbox == []


def test_database_queue_stores_the_task_and_the_worker_sends(
    settings, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    # The worker closes connections between tasks (it runs in its own process in
    # production); here it shares the test's connection, so keep that one open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    invoice = InvoiceFactory(sent=True)
    with django_capture_on_commit_callbacks(execute=True):
        invoice_email_send(invoice=invoice)
    stored = DBTaskResult.objects.get()
    assert stored.task_path == "apps.invoices.tasks.invoice_email_task"
    assert stored.args_kwargs["kwargs"]["invoice_id"] == invoice.pk
    assert mailoutbox == []
    # The worker sets its loggers' levels (CRITICAL at verbosity 0): restore them.
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in loggers]
    try:
        call_command(
            "db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0
        )
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
    assert len(mailoutbox) == 1 and mailoutbox[0].attachments
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL"


class BrokenMailBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPConnectError(421, "mail server unavailable")


def test_a_mail_failure_after_a_hosted_payment_keeps_the_payment_and_is_logged(
    client, settings, caplog, django_capture_on_commit_callbacks
):
    """The receipt runs as a task after the commit: an SMTP outage cannot turn a
    charged card into an error page, and the failed task is logged for staff."""
    from tests.public.helpers import pay, payable_invoice

    settings.EMAIL_BACKEND = "tests.emails.test_emails.BrokenMailBackend"
    settings.REMIT_STAFF_NOTIFY_EMAILS = ["owner@northwind.example"]
    invoice = payable_invoice()
    caplog.set_level(logging.INFO, logger="django_tasks")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = pay(client, invoice)
    # the receipt, plus the domain events' callbacks (apps/core/events.py)
    assert response.status_code == 302 and len(callbacks) >= 1
    payment = Payment.objects.get(invoice=invoice)
    assert payment.status == Payment.Status.SUCCEEDED
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    failed = sorted(
        r.getMessage().split("path=")[1]
        for r in caplog.records
        if r.name == "django_tasks" and r.levelname == "ERROR"
    )
    assert failed == [
        "apps.payments.notifications.invoice_paid_note_task state=FAILED",
        "apps.payments.notifications.payment_receipt_task state=FAILED",
    ]
    assert "4111111111111111" not in caplog.text
    assert client.get(response["Location"]).status_code == 200
