"""Announce `invoice.overdue` for invoices that fell overdue. Run it daily (cron,
systemd timer); each invoice is announced once per due date."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.webhooks.services import webhook_overdue_announce


class Command(BaseCommand):
    help = "Publish invoice.overdue for invoices that are newly overdue."

    def handle(self, *args, **options):
        count = webhook_overdue_announce(today=timezone.localdate())
        self.stdout.write(f"{count} invoices announced as overdue.")
