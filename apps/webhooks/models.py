"""Webhook endpoints, the messages Remit owes them, and every attempt to send one.

One `WebhookDelivery` is one event for one endpoint (the Standard Webhooks "message",
whose `webhook-id` stays the same across retries); each try at sending it leaves a
`WebhookAttempt` row, so the log shows every status code and error."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from apps.core.events import EVENTS
from apps.core.models import TimeStampedModel

EVENT_CHOICES = [(name, name) for name in EVENTS]


class WebhookEndpoint(TimeStampedModel):
    class Dialect(models.TextChoices):
        # Whose JSON shape the event's object is written in (see payloads.py).
        FUSIONINVOICE = "fusioninvoice", "FusionInvoice"
        FUSEBILL = "fusebill", "Fusebill"
        FLUIDPAY = "fluidpay", "FluidPay"
        TIMETAP = "timetap", "TimeTap"

    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list)  # event names from apps.core.events
    dialect = models.CharField(
        max_length=16, choices=Dialect.choices, default=Dialect.FUSIONINVOICE
    )
    # The signing secret ("whsec_..."), Fernet-encrypted with a key derived from
    # SECRET_KEY (secrets.py). Shown once when created or rotated, never again.
    secret_encrypted = models.TextField()
    secret_prefix = models.CharField(max_length=14)  # "whsec_" + 8, for listing
    # After a rotation the old secret also signs (a second `v1,` signature) until
    # this time, so a consumer can switch secrets without dropping a delivery.
    previous_secret_encrypted = models.TextField(blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    # Set when Remit gave up on the endpoint after repeated failures; cleared when
    # an Admin enables it again.
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    # Deliveries that ran out of retries in a row; a success resets it.
    consecutive_failures = models.PositiveIntegerField(default=0)
    first_failure_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:detail", kwargs={"pk": self.pk})


class WebhookDelivery(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"  # waiting for its next attempt
        SUCCEEDED = "succeeded", "Succeeded"  # the endpoint answered 2xx
        FAILED = "failed", "Failed"  # every retry failed; redeliver to try again

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=40, unique=True)  # webhook-id: "msg_..."
    event = models.CharField(max_length=40, choices=EVENT_CHOICES)
    body = models.TextField()  # the exact bytes signed and sent (UTF-8 JSON)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)  # every try, redeliveries too
    # `attempts` when the current round began (0, or when an Admin redelivered): the
    # retry schedule counts from here.
    round_start = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} {self.message_id}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()  # 1 for the first try
    attempted_at = models.DateTimeField()
    status_code = models.PositiveIntegerField(null=True, blank=True)  # None: no answer
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery} #{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class OverdueAnnouncement(models.Model):
    """Which invoices `invoice.overdue` was announced for, and for which due date, so
    the periodic check announces each overdue invoice once (again if its due date
    moves and it falls overdue anew)."""

    invoice = models.OneToOneField(
        "invoices.Invoice", on_delete=models.CASCADE, related_name="+"
    )
    due_date = models.DateField()
    announced_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"invoice {self.invoice_id} overdue since {self.due_date}"
