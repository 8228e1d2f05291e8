"""Background work for quotes (django-tasks). Arguments are plain JSON: ids and
addresses, never model instances, so any backend can store them."""

from django_tasks import task

from apps.audit.context import Door, audit_context_unless_set

from . import emails
from .models import Quote


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
    quote = (
        Quote.objects.select_related("client", "company_profile")
        .prefetch_related("items")
        .get(pk=quote_id)
    )
    with audit_context_unless_set(door=Door.TASK):
        emails.quote_email_deliver(
            quote=quote, to=to, cc=cc, bcc=bcc, subject=subject, attach_pdf=attach_pdf
        )
