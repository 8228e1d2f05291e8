"""Payments and payment attempts. A declined or failed attempt is a row too, with
no effect on the invoice's balance. No card number or CVC is ever stored."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.core.models import TimeStampedModel
from apps.core.money import ZERO


class PaymentQuerySet(models.QuerySet):
    def succeeded(self):
        return self.filter(status=Payment.Status.SUCCEEDED)


class Payment(TimeStampedModel):
    class Method(models.TextChoices):
        CARD = "card", "Card"
        ACH = "ach", "ACH bank transfer"
        MAIL = "mail", "Mailed check"
        CASH = "cash", "Cash"
        CHECK = "check", "Check"
        CREDIT_MEMO = "credit_memo", "Credit memo"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        DECLINED = "declined", "Declined"
        FAILED = "failed", "Failed"
        REFUNDED = "refunded", "Refunded"

    class Source(models.TextChoices):
        STAFF = "staff", "Recorded by staff"
        HOSTED_PAGE = "hosted_page", "Hosted invoice page"
        API = "api", "API"

    invoice = models.ForeignKey(
        "invoices.Invoice", on_delete=models.PROTECT, related_name="payments"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(
        max_digits=20, decimal_places=4
    )  # applied to the invoice total
    tip = models.DecimalField(
        max_digits=20, decimal_places=4, default=ZERO
    )  # on top; not part of the balance
    currency = models.CharField(max_length=3)  # always the invoice's
    method = models.CharField(max_length=12, choices=Method.choices)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    source = models.CharField(
        max_length=12, choices=Source.choices, default=Source.STAFF
    )
    paid_at = models.DateField(db_index=True)
    reference = models.CharField(
        max_length=100, blank=True
    )  # check number, gateway transaction id
    note = models.TextField(blank=True)
    gateway = models.CharField(max_length=30, blank=True)
    transaction_id = models.CharField(max_length=64, blank=True, db_index=True)
    response_code = models.PositiveIntegerField(
        null=True, blank=True
    )  # 100 approved, 2xx decline, 3xx error
    response_text = models.CharField(max_length=200, blank=True)
    card_brand = models.CharField(max_length=20, blank=True)
    card_last4 = models.CharField(max_length=4, blank=True)
    account_last4 = models.CharField(max_length=4, blank=True)  # ACH
    credit_memo = models.ForeignKey(
        "invoices.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_applications",
    )
    # One-time key from the pay form or API Idempotency-Key: one charge per key.
    idempotency_key = models.CharField(
        max_length=100, null=True, blank=True, unique=True
    )
    custom = models.JSONField(default=dict, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="payment_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(tip__gte=0), name="payment_tip_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"Payment {self.pk} on {self.invoice}"

    def get_absolute_url(self) -> str:
        return reverse("payments:detail", kwargs={"pk": self.pk})
