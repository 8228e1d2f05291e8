"""Clients: the union of what the four vendor APIs carry about a customer."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from apps.core.models import TimeStampedModel


class ClientQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def active(self):
        return self.alive().filter(is_active=True)


class Client(TimeStampedModel):
    class Type(models.TextChoices):
        LEAD = "lead", "Lead"
        PROSPECT = "prospect", "Prospect"
        CUSTOMER = "customer", "Customer"
        AFFILIATE = "affiliate", "Affiliate"
        OTHER = "other", "Other"

    name = models.CharField(
        max_length=200, db_index=True
    )  # company or person, as billed
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.CUSTOMER)
    first_name = models.CharField(max_length=100, blank=True)  # contact person
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    cc_emails = models.JSONField(
        default=list, blank=True
    )  # extra recipients for invoices
    phone = models.CharField(max_length=50, blank=True)
    mobile = models.CharField(max_length=50, blank=True)
    fax = models.CharField(max_length=50, blank=True)
    website = models.CharField(max_length=200, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True)  # ISO 3166-1 alpha-2
    timezone = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=10, blank=True)
    currency = models.CharField(
        max_length=3, default="USD"
    )  # default for the client's new invoices
    reference = models.CharField(
        max_length=100, blank=True
    )  # the business's own id for the client
    vat_tax_id = models.CharField(max_length=50, blank=True)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    custom = models.JSONField(default=dict, blank=True)  # {"column_1": value, ...}
    deleted_at = models.DateTimeField(null=True, blank=True)  # soft delete
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clients:detail", kwargs={"pk": self.pk})

    @property
    def contact_name(self) -> str:
        return " ".join(p for p in [self.first_name, self.last_name] if p)

    @property
    def address_lines(self) -> list[str]:
        city_line = " ".join(p for p in [self.city, self.state, self.postal_code] if p)
        lines = [self.address_line_1, self.address_line_2, city_line, self.country]
        return [line for line in lines if line]
