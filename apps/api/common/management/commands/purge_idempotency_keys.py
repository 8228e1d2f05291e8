from datetime import timedelta

from django.core.management.base import BaseCommand

from apps.api.common.idempotency import IDEMPOTENCY_KEY_TTL, idempotency_keys_purge


class Command(BaseCommand):
    help = "Delete stored Idempotency-Key answers older than 24 hours (or --hours)."

    def add_arguments(self, parser):
        default_hours = int(IDEMPOTENCY_KEY_TTL.total_seconds() // 3600)
        parser.add_argument(
            "--hours",
            type=int,
            default=default_hours,
            help="Keep keys younger than this.",
        )

    def handle(self, *args, hours: int, **options):
        if hours < 24:
            self.stderr.write("Keys are kept at least 24 hours; using 24.")
            hours = 24
        deleted = idempotency_keys_purge(older_than=timedelta(hours=hours))
        self.stdout.write(f"Deleted {deleted} idempotency key(s).")
