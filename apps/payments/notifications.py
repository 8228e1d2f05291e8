"""Emails that follow a payment: a receipt to the customer after each succeeded
payment, and a note to staff when an invoice becomes paid. Called on commit by
`services._after_payment`; the sending itself runs as django-tasks tasks."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from apps.accounts.roles import ACTIVE_STAFF
from apps.invoices.emails import email_message_build
from apps.invoices.models import Invoice
from apps.invoices.pdf import public_url_for

from .models import Payment


def payment_succeeded(*, payment_id: int) -> None:
    payment_receipt_task.enqueue(payment_id=payment_id)
    invoice_id, status = (
        Payment.objects.filter(pk=payment_id)
        .values_list("invoice_id", "invoice__status")
        .get()
    )
    if status == Invoice.Status.PAID:
        invoice_paid_note_task.enqueue(invoice_id=invoice_id, payment_id=payment_id)


def staff_notify_addresses() -> list[str]:
    if settings.REMIT_STAFF_NOTIFY_EMAILS:
        return list(settings.REMIT_STAFF_NOTIFY_EMAILS)
    users = get_user_model().objects.filter(ACTIVE_STAFF).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def _context(payment: Payment) -> dict:
    invoice = payment.invoice
    receipt_path = invoice.get_public_url() + (
        f"/receipt/{payment.transaction_id}" if payment.transaction_id else ""
    )
    return {
        "payment": payment,
        "invoice": invoice,
        "company": invoice.company_profile,
        "client": invoice.client,
        "charged": payment.amount + payment.tip,
        "receipt_url": public_url_for(receipt_path),
        "public_url": public_url_for(invoice.get_public_url()),
    }


def _payment(payment_id: int) -> Payment:
    return Payment.objects.select_related(
        "invoice__client", "invoice__company_profile"
    ).get(pk=payment_id)


@task()
def payment_receipt_task(*, payment_id: int) -> None:
    payment = _payment(payment_id)
    client = payment.invoice.client
    to = [a for a in [client.email, *(client.cc_emails or [])] if a]
    if payment.status != Payment.Status.SUCCEEDED or not to:
        return
    company = payment.invoice.company_profile
    email_message_build(
        template="receipt",
        context=_context(payment),
        to=to,
        reply_to=company.email or None,
        subject=f"Receipt for your payment on invoice {payment.invoice.number}",
    ).send()


@task()
def invoice_paid_note_task(*, invoice_id: int, payment_id: int) -> None:
    payment = _payment(payment_id)
    to = staff_notify_addresses()
    if not to or payment.invoice.status != Invoice.Status.PAID:
        return
    email_message_build(
        template="staff_invoice_paid",
        context=_context(payment),
        to=to,
        subject=(
            f"Invoice {payment.invoice.number} ({payment.invoice.client.name}) is paid"
        ),
    ).send()


def payment_returned(*, payment_id: int) -> None:
    """An ACH debit came back: tell the customer (pay again) and staff."""
    payment_returned_task.enqueue(payment_id=payment_id)


def payment_refunded(*, payment_id: int, amount: str) -> None:
    payment_refund_task.enqueue(payment_id=payment_id, amount=amount)


def _customer_addresses(payment: Payment) -> list[str]:
    client = payment.invoice.client
    return [a for a in [client.email, *(client.cc_emails or [])] if a]


@task()
def payment_returned_task(*, payment_id: int) -> None:
    payment = _payment(payment_id)
    invoice = payment.invoice
    subject = f"Bank transfer returned on invoice {invoice.number}"
    for to, for_staff in (
        (_customer_addresses(payment), False),
        (staff_notify_addresses(), True),
    ):
        if to:
            email_message_build(
                template="payment_returned",
                context={**_context(payment), "for_staff": for_staff},
                to=to,
                reply_to=None if for_staff else invoice.company_profile.email or None,
                subject=subject,
            ).send()


@task()
def payment_refund_task(*, payment_id: int, amount: str) -> None:
    payment = _payment(payment_id)
    to = _customer_addresses(payment)
    if not to:
        return
    email_message_build(
        template="payment_refund",
        context={**_context(payment), "refunded": Decimal(amount)},
        to=to,
        reply_to=payment.invoice.company_profile.email or None,
        subject=f"Refund on invoice {payment.invoice.number}",
    ).send()
