"""Background work for webhooks (django-tasks): one try of one delivery. Retries
are new tasks queued with `run_after` (see services.deliveries)."""

from django_tasks import task

from .services import webhook_delivery_attempt


@task()
def webhook_deliver_task(*, delivery_id: int) -> None:
    webhook_delivery_attempt(delivery_id=delivery_id)
