"""Staff user management for Admins: invite, change role, deactivate. Every change
is recorded with `user_event_record`; emails go after commit."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .events import user_event_record
from .models import LoginToken, User, UserEvent
from .roles import ACTIVE_STAFF, ADMIN, MANAGE, ROLES, require, user_role
from .services import user_role_set


def set_password_url(user: User) -> str:
    """An absolute link to choose a password (Django's reset-confirm page). It stops
    working once the password is set, or after PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.REMIT_PUBLIC_BASE_URL.rstrip("/") + path


def _invite_email_send(user: User, invited_by: User) -> None:
    context = {
        "user": user,
        "invited_by": invited_by,
        "url": set_password_url(user),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    send_mail(
        subject="You are invited to Remit",
        message=render_to_string("accounts/emails/invite.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def _other_active_admins(user: User):
    return [
        other
        for other in User.objects.filter(ACTIVE_STAFF).exclude(pk=user.pk)
        if user_role(other) == ADMIN
    ]


@transaction.atomic
def staff_user_invite(*, email: str, full_name: str = "", role: str, by: User) -> User:
    """A new staff user with no usable password, and an email with a link to choose
    one. Until then the account cannot sign in."""
    require(by, MANAGE)
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email:
        raise ValidationError({"email": "Enter the email address to invite."})
    if role not in ROLES:
        raise ValidationError({"role": f"Choose one of {', '.join(ROLES)}."})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": f"{email} already has an account; change its role instead."}
        )
    user = User(email=email, full_name=full_name, is_staff=True, is_active=True)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user_role_set(user=user, role=role, by=by)
    user_event_record(
        kind=UserEvent.Kind.INVITED, user=user, actor=by, detail=f"as {role}"
    )
    transaction.on_commit(lambda: _invite_email_send(user, by))
    return user


@transaction.atomic
def staff_user_role_change(*, user: User, role: str, by: User) -> User:
    """Give `user` another role; Remit always keeps at least one active Admin."""
    require(by, MANAGE)
    before = user_role(user)
    if before == ADMIN and role != ADMIN and not _other_active_admins(user):
        raise ValidationError(
            {"role": "This is the only active Admin; make someone else Admin first."}
        )
    user_role_set(user=user, role=role, by=by)
    if before != role:
        user_event_record(
            kind=UserEvent.Kind.ROLE_CHANGED,
            user=user,
            actor=by,
            detail=f"{before or 'none'} -> {role}",
        )
    return user


@transaction.atomic
def staff_user_deactivate(*, user: User, by: User) -> User:
    """Stop `user` signing in (staff pages, admin, API keys and login tokens). The
    account and its history stay; nothing is deleted."""
    require(by, MANAGE)
    if user.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account.")
    if user_role(user) == ADMIN and not _other_active_admins(user):
        raise ValidationError("This is the only active Admin; it stays active.")
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    LoginToken.objects.filter(user=user).delete()
    user_event_record(kind=UserEvent.Kind.DEACTIVATED, user=user, actor=by)
    return user
