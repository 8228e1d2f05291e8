"""The staff-account trail: `user_event_record`, called by every service that changes
a staff account, a second factor or the account policy.

A small trail of its own (who, what, when) until the project-wide audit trail can
take these events too."""

from .models import User, UserEvent


def user_event_record(
    *, kind: str, user: User | None = None, actor=None, detail: str = ""
) -> UserEvent:
    """Append one event. `actor` is the person who acted; anything that is not a
    saved user (None, SYSTEM) is recorded as Remit itself."""
    return UserEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor if isinstance(actor, User) and actor.pk else None,
        detail=detail[:255],
    )
