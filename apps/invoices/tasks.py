"""Background work for invoices (django-tasks); quotes have apps/quotes/tasks.py.
Arguments are plain JSON: ids and addresses, never model instances, so any backend
can store them."""

from django_tasks import task

from apps.accounts.roles import SYSTEM
from apps.audit.context import Door, audit_context_unless_set

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
    invoice = invoice_list(user=SYSTEM, with_items=True).get(pk=invoice_id)
    with audit_context_unless_set(door=Door.TASK):
        emails.invoice_email_deliver(
            invoice=invoice,
            to=to,
            cc=cc,
            bcc=bcc,
            subject=subject,
            attach_pdf=attach_pdf,
        )
