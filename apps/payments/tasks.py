"""Background work for payments (django-tasks). The emails that follow a payment
are in notifications.py; reconciliation is here so the worker can run it on a
schedule (`manage.py reconcile_payments --enqueue` from cron, see README)."""

import datetime as dt

from django_tasks import task

from .services import payment_reconcile


@task()
def payment_reconcile_task(*, grace_seconds: int = 300) -> dict:
    return payment_reconcile(grace=dt.timedelta(seconds=grace_seconds))
