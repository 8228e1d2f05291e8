"""Sending invoices by email, through the task queue (django-tasks).

`invoice_email_send` checks the recipients, records the fact and enqueues the
delivery after the transaction commits; `invoice_email_deliver` builds and sends the
message and runs inside the task (at once with the immediate backend, in
`manage.py db_worker` with the database backend). Recipient checks and message
building are shared: quotes (apps/quotes/emails.py) and payment receipts use them.

A send that fails is never reported as sent: `invoice_email_failure_record` records
an "Email not delivered" event on the invoice (the staff page shows a warning until
a later send gets through) and, where the task backend can defer (the database
queue), enqueues the next attempt after `EMAIL_RETRY_DELAYS`. The immediate backend
cannot wait, so there staff send again from the page.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import InvoiceEvent
from .pdf import invoice_pdf_render, public_url_for

# Seconds before attempts 2, 3, 4 and 5 of a failed send; after the last, staff
# see the warning and send again themselves.
EMAIL_RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60)


def _addresses(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    return [a.strip() for a in value if a and a.strip()]


def email_recipients_clean(
    *, client, to=None, cc=None, bcc=None
) -> tuple[list[str], list[str], list[str]]:
    """Recipients for a document; `to` defaults to the client's email and cc emails."""
    to_list = (
        _addresses(to)
        if to is not None
        else _addresses([client.email, *(client.cc_emails or [])])
    )
    cc_list, bcc_list = _addresses(cc), _addresses(bcc)
    if not to_list:
        raise ValidationError(
            {
                "to": (
                    "This client has no email address; "
                    "add one to the client or give a recipient."
                )
            }
        )
    bad = []
    for address in [*to_list, *cc_list, *bcc_list]:
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError({"to": f"Not valid email addresses: {', '.join(bad)}."})
    return to_list, cc_list, bcc_list


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:200]


def email_message_build(
    *, template: str, context: dict, subject: str, to, cc=(), bcc=(), reply_to=None
) -> EmailMultiAlternatives:
    body = render_to_string(f"emails/{template}.txt", context)
    message = EmailMultiAlternatives(
        subject=_one_line(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        cc=list(cc),
        bcc=list(bcc),
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(
        render_to_string(f"emails/{template}.html", context), "text/html"
    )
    return message


@transaction.atomic
def invoice_email_send(
    *, invoice, by=None, to=None, cc=None, bcc=None, subject=None, attach_pdf=True
):
    """Email the invoice's hosted link (and PDF) to the client.

    Marks it emailed (and sent).
    """
    from .services import invoice_mark_emailed
    from .tasks import invoice_email_task

    to_list, cc_list, bcc_list = email_recipients_clean(
        client=invoice.client, to=to, cc=cc, bcc=bcc
    )
    invoice = invoice_mark_emailed(
        invoice=invoice, by=by, recipients=[*to_list, *cc_list, *bcc_list]
    )
    kwargs = {
        "invoice_id": invoice.pk,
        "to": to_list,
        "cc": cc_list,
        "bcc": bcc_list,
        "subject": subject or "",
        "attach_pdf": bool(attach_pdf),
    }
    transaction.on_commit(lambda: invoice_email_task.enqueue(**kwargs))
    return invoice


def document_email_deliver(
    *, kind: str, document, context: dict, to, cc, bcc, subject: str, pdf
) -> None:
    """Build and send an invoice's or a quote's email (`kind` names the template and
    the attachment); `pdf` renders the attachment, or is None to send none."""
    company = document.company_profile
    message = email_message_build(
        template=kind,
        context={kind: document, "company": company, "client": document.client}
        | context,
        subject=subject or f"{kind.capitalize()} {document.number} from {company.name}",
        to=to,
        cc=cc,
        bcc=bcc,
        reply_to=company.email or None,
    )
    if pdf is not None:
        message.attach(f"{kind}-{document.number}.pdf", pdf(), "application/pdf")
    message.send()


def invoice_email_deliver(
    *, invoice, to, cc=(), bcc=(), subject="", attach_pdf=True
) -> None:
    document_email_deliver(
        kind="invoice",
        document=invoice,
        context={"public_url": public_url_for(invoice.get_public_url())},
        to=to,
        cc=cc,
        bcc=bcc,
        subject=subject,
        pdf=(lambda: invoice_pdf_render(invoice=invoice)) if attach_pdf else None,
    )


def email_retry_at(*, task, attempt: int) -> dt.datetime | None:
    """When attempt `attempt + 1` of a failed send should run, or None: no retries
    left, or a backend that cannot defer (the immediate one)."""
    if attempt > len(EMAIL_RETRY_DELAYS) or not task.get_backend().supports_defer:
        return None
    return timezone.now() + dt.timedelta(seconds=EMAIL_RETRY_DELAYS[attempt - 1])


@transaction.atomic
def invoice_email_failure_record(
    *, invoice, error: Exception, attempt: int, task_kwargs: dict
) -> InvoiceEvent:
    """Record a failed send on the invoice and queue the retry (after commit)."""
    from .services import invoice_event_record
    from .tasks import invoice_email_task

    retry_at = email_retry_at(task=invoice_email_task, attempt=attempt)
    event = invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.EMAIL_FAILED,
        data={
            "to": [*task_kwargs["to"], *task_kwargs["cc"], *task_kwargs["bcc"]],
            "error": f"{type(error).__name__}: {error}"[:300],
            "attempt": attempt,
            "retry_at": retry_at.isoformat() if retry_at else None,
        },
    )
    if retry_at is not None:
        transaction.on_commit(
            lambda: invoice_email_task.using(run_after=retry_at).enqueue(
                **task_kwargs, attempt=attempt + 1
            )
        )
    return event


@transaction.atomic
def invoice_email_recovery_record(*, invoice, attempt: int, to: list[str]) -> None:
    """A retry got through: say so, which also clears the staff page's warning."""
    from .services import invoice_event_record

    invoice_event_record(
        invoice=invoice,
        kind=InvoiceEvent.Kind.EMAILED,
        data={"to": to, "delivered_on_attempt": attempt},
    )


def invoice_email_failure_get(*, invoice) -> InvoiceEvent | None:
    """The failed send staff should know about: the latest email event, if failed."""
    latest = (
        invoice.events.filter(
            kind__in=[InvoiceEvent.Kind.EMAILED, InvoiceEvent.Kind.EMAIL_FAILED]
        )
        .order_by("-at", "-id")
        .first()
    )
    return latest if latest and latest.kind == InvoiceEvent.Kind.EMAIL_FAILED else None
