"""Reading the trail: a document's history, and the chain check behind
`manage.py verify_ledger`."""

from django.db.models import Q, QuerySet

from .chain import GENESIS, event_hash
from .models import AuditEvent


def audit_history(*, subject_type: str, subject_id: int) -> QuerySet[AuditEvent]:
    """The events of a document and of the records filed under it (an invoice's
    payments), newest first."""
    return (
        AuditEvent.objects.filter(
            Q(subject_type=subject_type, subject_id=subject_id)
            | Q(parent_type=subject_type, parent_id=subject_id)
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )


def audit_chain_problems() -> tuple[int, int, list[str]]:
    """(events, chains, problems): recompute every chain from its first event.

    A problem names the event (id, subject, position) whose stored hash or link
    does not match what its stored content gives."""
    problems: list[str] = []
    events = chains = 0
    previous_subject = None
    prev_hash = GENESIS
    expected_position = 1
    rows = AuditEvent.objects.order_by("subject_type", "subject_id", "position")
    for event in rows.iterator(chunk_size=2000):
        events += 1
        subject = (event.subject_type, event.subject_id)
        if subject != previous_subject:
            chains += 1
            previous_subject, prev_hash, expected_position = subject, GENESIS, 1
        name = (
            f"audit event {event.pk} ({event.subject_type} {event.subject_id} "
            f"#{event.position})"
        )
        if event.position != expected_position:
            problems.append(
                f"{name}: expected position {expected_position}; an event is missing"
            )
        if event.prev_hash != prev_hash:
            problems.append(f"{name}: does not link to the event before it")
        if event_hash(event.content(), event.prev_hash) != event.hash:
            problems.append(f"{name}: content does not match its hash")
        prev_hash, expected_position = event.hash, event.position + 1
    return events, chains, problems


def audit_subjects_with_chain(*, subject_type: str) -> set[int]:
    return set(
        AuditEvent.objects.filter(subject_type=subject_type)
        .values_list("subject_id", flat=True)
        .distinct()
    )
