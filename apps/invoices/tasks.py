"""Background work for invoices and quotes (django-tasks). Arguments are plain JSON:
ids and addresses, never model instances, so any backend can store them."""

from django.apps import apps
from django_tasks import task

from . import emails
from .selectors import invoice_list


@task()
def invoice_email_task(
    *,
    invoice_id: int,
    to: list[str],
    cc: list[str],
    bcc: list[str],
    subject: str,
    attach_pdf: bool,
):
    invoice = invoice_list(with_items=True).get(pk=invoice_id)
    emails.invoice_email_deliver(
        invoice=invoice, to=to, cc=cc, bcc=bcc, subject=subject, attach_pdf=attach_pdf
    )


@task()
def quote_email_task(
    *,
    quote_id: int,
    to: list[str],
    cc: list[str],
    bcc: list[str],
    subject: str,
    attach_pdf: bool,
):
    Quote = apps.get_model(
        "quotes", "Quote"
    )  # quotes depend on invoices, not the reverse
    quote = (
        Quote.objects.select_related("client", "company_profile")
        .prefetch_related("items")
        .get(pk=quote_id)
    )
    emails.quote_email_deliver(
        quote=quote, to=to, cc=cc, bcc=bcc, subject=subject, attach_pdf=attach_pdf
    )
