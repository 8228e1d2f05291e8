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
    attempt: int = 1,
):
    """Send one invoice email; a failure is recorded on the invoice and retried
    (apps/invoices/emails.py), then raised so the queue keeps the error too."""
    invoice = invoice_list(user=SYSTEM, with_items=True).get(pk=invoice_id)
    with audit_context_unless_set(door=Door.TASK):
        try:
            emails.invoice_email_deliver(
                invoice=invoice,
                to=to,
                cc=cc,
                bcc=bcc,
                subject=subject,
                attach_pdf=attach_pdf,
            )
        except Exception as exc:
            kwargs = {"invoice_id": invoice_id, "to": to, "cc": cc, "bcc": bcc}
            kwargs.update(subject=subject, attach_pdf=attach_pdf)
            emails.invoice_email_failure_record(
                invoice=invoice, error=exc, attempt=attempt, task_kwargs=kwargs
            )
            raise
        if attempt > 1:
            emails.invoice_email_recovery_record(
                invoice=invoice, attempt=attempt, to=[*to, *cc, *bcc]
            )
