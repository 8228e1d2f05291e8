"""Sending a quote by email, through the task queue (django-tasks).

`quote_email_send` checks the recipients, marks a draft sent and enqueues the
delivery after the transaction commits; `quote_email_deliver` builds and sends the
message inside the task. Recipient checks and message building are the invoices'
(`apps.invoices.emails`), so both documents are addressed the same way.
"""

from django.db import transaction

from apps.invoices.emails import document_email_deliver, email_recipients_clean

from .pdf import quote_pdf_render
from .services import quote_set_status


@transaction.atomic
def quote_email_send(
    *, quote, by=None, to=None, cc=None, bcc=None, subject=None, attach_pdf=True
):
    """Email the quote (with its PDF) to the client; a draft quote becomes sent."""
    from .tasks import quote_email_task  # the task module imports this one

    to_list, cc_list, bcc_list = email_recipients_clean(
        client=quote.client, to=to, cc=cc, bcc=bcc
    )
    if quote.status == "draft":
        quote = quote_set_status(quote=quote, status="sent", by=by)
    kwargs = {
        "quote_id": quote.pk,
        "to": to_list,
        "cc": cc_list,
        "bcc": bcc_list,
        "subject": subject or "",
        "attach_pdf": bool(attach_pdf),
    }
    transaction.on_commit(lambda: quote_email_task.enqueue(**kwargs))
    return quote


def quote_email_deliver(
    *, quote, to, cc=(), bcc=(), subject="", attach_pdf=True
) -> None:
    document_email_deliver(
        kind="quote",
        document=quote,
        context={},
        to=to,
        cc=cc,
        bcc=bcc,
        subject=subject,
        pdf=(lambda: quote_pdf_render(quote=quote)) if attach_pdf else None,
    )
