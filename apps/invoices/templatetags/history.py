"""`{% history "invoice" invoice.pk %}`: a record's History section from the audit
trail, the same include on every staff detail page (templates/includes/
_history.html). Here rather than in apps/audit so invoice events keep their labels
("Payment received"); the other documents' kinds read as words."""

from django import template

from apps.audit.selectors import audit_history

from ..models import InvoiceEvent

register = template.Library()

HISTORY_LIMIT = 200
_LABELS = dict(InvoiceEvent.Kind.choices)


@register.inclusion_tag("includes/_history.html")
def history(subject_type: str, subject_id: int):
    events = audit_history(subject_type=subject_type, subject_id=subject_id)
    return {"history": list(events[:HISTORY_LIMIT]), "subject_type": subject_type}


@register.filter
def event_word(kind: str) -> str:
    """`payment` -> "Payment received"; `deleted` -> "Deleted"."""
    return str(_LABELS.get(kind) or (kind or "").replace("_", " ").capitalize())
