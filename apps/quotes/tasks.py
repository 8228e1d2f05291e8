"""Background work for quotes (django-tasks). Arguments are plain JSON: ids and
addresses, never model instances, so any backend can store them."""

import logging

from django.db import transaction
from django_tasks import task

from apps.audit.context import Door, audit_context_unless_set
from apps.invoices.emails import email_retry_at

from . import emails
from .models import Quote

logger = logging.getLogger(__name__)


@task()
def quote_email_task(
    *,
    quote_id: int,
    to: list[str],
    cc: list[str],
    bcc: list[str],
    subject: str,
    attach_pdf: bool,
    attempt: int = 1,
):
    """Send one quote email. A failure is logged and retried on the invoices'
    schedule (`EMAIL_RETRY_DELAYS`) where the backend can defer, then raised."""
    quote = (
        Quote.objects.select_related("client", "company_profile")
        .prefetch_related("items")
        .get(pk=quote_id)
    )
    with audit_context_unless_set(door=Door.TASK):
        try:
            emails.quote_email_deliver(
                quote=quote,
                to=to,
                cc=cc,
                bcc=bcc,
                subject=subject,
                attach_pdf=attach_pdf,
            )
        except Exception:
            retry_at = email_retry_at(task=quote_email_task, attempt=attempt)
            logger.warning(
                "Quote %s email not delivered (attempt %s); retry at %s",
                quote.number,
                attempt,
                retry_at,
            )
            if retry_at is not None:
                kwargs = {"quote_id": quote_id, "to": to, "cc": cc, "bcc": bcc}
                kwargs.update(
                    subject=subject, attach_pdf=attach_pdf, attempt=attempt + 1
                )
                transaction.on_commit(
                    lambda: quote_email_task.using(run_after=retry_at).enqueue(**kwargs)
                )
            raise
