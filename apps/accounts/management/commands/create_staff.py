"""`manage.py create_staff EMAIL --role admin|billing|viewer [--name NAME]`: a new
active staff user in that role. The password comes from REMIT_NEW_PASSWORD when it
is set, otherwise it is prompted for (twice). `createsuperuser` makes Admins."""

import getpass
import os
import sys

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import User
from apps.accounts.roles import ROLE_CHOICES
from apps.accounts.services import staff_user_create

PASSWORD_VARIABLE = "REMIT_NEW_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an active staff user with a role (admin, billing or viewer). "
        f"The password is read from {PASSWORD_VARIABLE}, or prompted for."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=sorted(ROLE_CHOICES))
        parser.add_argument("--name", default="", help="The user's full name.")

    def handle(self, *args, email: str, role: str, name: str, **options):
        password = os.environ.get(PASSWORD_VARIABLE) or self._prompt()
        try:
            validate_password(password, User(email=email, full_name=name))
            user = staff_user_create(
                email=email,
                password=password,
                role=ROLE_CHOICES[role],
                full_name=name,
                by=None,  # the operator at the command line
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Created {user.email} ({ROLE_CHOICES[role]}).")

    def _prompt(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                f"Set {PASSWORD_VARIABLE} or run interactively to enter a password."
            )
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
