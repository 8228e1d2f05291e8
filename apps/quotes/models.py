"""Quotes: priced proposals that convert into invoices."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.core.models import TimeStampedModel
from apps.core.money import ZERO
from apps.invoices.models import DiscountType, DocumentLine


def _amount():
    return models.DecimalField(max_digits=20, decimal_places=4, default=ZERO)


def new_quote_hash() -> str:
    return secrets.token_urlsafe(24)


class QuoteQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)


class Quote(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        CANCELED = "canceled", "Canceled"

    company_profile = models.ForeignKey(
        "companies.CompanyProfile", on_delete=models.PROTECT, related_name="quotes"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="quotes"
    )
    invoice = models.OneToOneField(
        "invoices.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quote",
    )  # set once converted
    sequence = models.PositiveIntegerField()
    number = models.CharField(max_length=64)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    quote_date = models.DateField(db_index=True)
    expires_at = models.DateField()
    currency = models.CharField(max_length=3)
    terms = models.TextField(blank=True)
    summary = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    footer = models.TextField(blank=True)
    discount_type = models.CharField(
        max_length=7, choices=DiscountType.choices, blank=True, default=""
    )
    discount_value = _amount()
    tax_percent = models.DecimalField(max_digits=9, decimal_places=4, default=ZERO)
    shipping = _amount()
    adjustment = _amount()
    subtotal = _amount()
    discount_total = _amount()
    tax_total = _amount()
    total = _amount()
    public_hash = models.CharField(
        max_length=64, unique=True, default=new_quote_hash, editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    viewed_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    custom = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["-quote_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_profile", "number"], name="quote_number_unique"
            ),
            models.UniqueConstraint(
                fields=["company_profile", "sequence"], name="quote_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gte=models.F("quote_date")),
                name="quote_expiry_after_date",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("quotes:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return (
            self.status in (self.Status.DRAFT, self.Status.SENT)
            and self.invoice_id is None
        )


class QuoteItem(DocumentLine):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="items")

    class Meta(DocumentLine.Meta):
        pass
