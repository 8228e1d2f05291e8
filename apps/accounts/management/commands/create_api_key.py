"""`manage.py create_api_key <email> [--name N] [--expires-days D] [--read-only]`:
prints the new key's secrets once, as JSON {"key", "api_key", "private_key"}. The
key acts with its user's role; `--read-only` narrows it to reads."""

import json
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.services import api_key_create


class Command(BaseCommand):
    help = (
        "Create an API key for an active staff user "
        "and print its secrets (shown once) as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--name", default="", help="A label to recognise the key by."
        )
        parser.add_argument(
            "--expires-days",
            type=int,
            default=None,
            help="Expire the key after this many days.",
        )
        parser.add_argument(
            "--read-only",
            action="store_true",
            help="The key may only read, whatever its user's role.",
        )

    def handle(
        self,
        *args,
        email: str,
        name: str,
        expires_days: int | None,
        read_only: bool,
        **options,
    ):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the email {email}.")
        if expires_days is not None and expires_days <= 0:
            raise CommandError("--expires-days must be a positive number of days.")
        expires_at = (
            timezone.now() + timedelta(days=expires_days) if expires_days else None
        )
        try:
            issued = api_key_create(
                user=user,
                name=name,
                expires_at=expires_at,
                read_only=read_only,
                by=None,  # the operator at the command line
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(json.dumps(issued.as_json()))
