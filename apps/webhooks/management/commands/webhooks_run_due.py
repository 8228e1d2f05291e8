"""Send every webhook delivery whose next try is due. Run it every minute when the
task backend cannot defer tasks (the immediate backend); with the database queue
(`db_worker`) retries are queued tasks and this only catches stragglers."""

from django.core.management.base import BaseCommand

from apps.webhooks.services import webhook_deliveries_run_due


class Command(BaseCommand):
    help = "Send the webhook deliveries that are due."

    def handle(self, *args, **options):
        tried = webhook_deliveries_run_due()
        self.stdout.write(f"{tried} deliveries tried.")
