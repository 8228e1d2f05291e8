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

    def unsettled(self):
        """Attempts whose money is not yet known or not yet arrived: `processing`
        (the gateway's answer is unknown) and `pending` (ACH taken, not settled).
        They hold their amount back from the balance a payer may pay next."""
        return self.filter(
            status__in=[Payment.Status.PROCESSING, Payment.Status.PENDING],
            deleted_at__isnull=True,
            awaiting_payer=False,
        )


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
        # committed before the gateway is called; the outcome is not known yet
        PROCESSING = "processing", "Processing"
        # the gateway took an ACH debit that has not settled: not paid yet
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        DECLINED = "declined", "Declined"
        FAILED = "failed", "Failed"
        # refunded in full (a partial refund keeps `succeeded`; see refunded_amount)
        REFUNDED = "refunded", "Refunded"
        # an ACH debit that bounced after it was pending (see return_code)
        RETURNED = "returned", "Returned"

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
    # Part of `amount` given back through the gateway (partial refunds add up here;
    # the invoice's amount_paid went down by the same). The tip goes back with the
    # refund that completes the amount.
    refunded_amount = models.DecimalField(max_digits=20, decimal_places=4, default=ZERO)
    # ACH return (sandbox "R01"; Stripe's failure code, e.g. "insufficient_funds")
    return_code = models.CharField(max_length=40, blank=True)
    # Stripe: the intent is made, the payer has not confirmed it on Stripe's form
    # yet. Such an attempt holds nothing back (an abandoned form must not block the
    # invoice); if two get confirmed, the second no longer fits and is refunded.
    awaiting_payer = models.BooleanField(default=False)
    settled_at = models.DateTimeField(null=True, blank=True)  # outcome written
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
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0)
                & Q(refunded_amount__lte=models.F("amount")),
                name="payment_refunded_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"Payment {self.pk} on {self.invoice}"

    def get_absolute_url(self) -> str:
        return reverse("payments:detail", kwargs={"pk": self.pk})

    @property
    def refundable(self):
        """What is left to refund of the amount (tips go with the last part)."""
        return self.amount - self.refunded_amount

    @property
    def taken_by_gateway(self) -> bool:
        """Card or ACH money a gateway took: refund it, never delete it."""
        return bool(self.gateway) and self.method in (self.Method.CARD, self.Method.ACH)


class SandboxCharge(models.Model):
    """The sandbox gateway's own ledger, as a processor keeps one: every charge and
    refund it took, by the idempotency key it was given. A retry with the same key
    answers the stored outcome (nothing is charged twice), and reconciliation looks
    charges up here, so a killed worker forgets nothing. Not Remit's books."""

    class Kind(models.TextChoices):
        CHARGE = "charge", "Charge"
        REFUND = "refund", "Refund"

    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    transaction_id = models.CharField(max_length=64, unique=True)
    parent_transaction_id = models.CharField(max_length=64, blank=True)  # refunds
    method = models.CharField(max_length=4, blank=True)  # card or ach
    amount = models.DecimalField(max_digits=20, decimal_places=4)
    currency = models.CharField(max_length=3)
    approved = models.BooleanField()
    response_code = models.PositiveIntegerField()
    response_text = models.CharField(max_length=200)
    card_brand = models.CharField(max_length=20, blank=True)
    last4 = models.CharField(max_length=4, blank=True)
    # ACH: "pending" until looked up, then "settled" or "returned"
    ach_state = models.CharField(max_length=8, blank=True)
    return_code = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.transaction_id}"


class GatewayEvent(models.Model):
    """A webhook event a gateway sent (Stripe's `evt_...`), kept so that each event
    id is processed once: a replayed or re-delivered event changes nothing."""

    gateway = models.CharField(max_length=30)
    event_id = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "event_id"], name="gateway_event_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.event_id} ({self.type})"
