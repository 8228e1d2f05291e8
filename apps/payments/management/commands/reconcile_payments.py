"""`manage.py reconcile_payments`: settle `processing` and `pending` attempts by
asking their gateway for the charge by its idempotency key. Run it every minute
(cron or a systemd timer, see README), or `--enqueue` it for the task worker."""

import datetime as dt

from django.core.management.base import BaseCommand

from apps.payments.services import payment_reconcile
from apps.payments.tasks import payment_reconcile_task


class Command(BaseCommand):
    help = "Settle unknown and pending payment attempts by asking the gateway."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=int,
            default=300,
            help="Seconds before an attempt the gateway never saw is failed.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the reconciliation task for the worker instead.",
        )

    def handle(self, *args, grace, enqueue, **options):
        if enqueue:
            payment_reconcile_task.enqueue(grace_seconds=grace)
            self.stdout.write("Reconciliation queued.")
            return
        counts = payment_reconcile(grace=dt.timedelta(seconds=grace))
        self.stdout.write(
            "Reconciled payments: "
            + ", ".join(f"{name} {count}" for name, count in counts.items())
        )
