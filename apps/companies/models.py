"""The business's own identities to invoice from, and their number counters."""

from django.core.validators import MinValueValidator
from django.db import models

from apps.core.models import TimeStampedModel


class CompanyProfile(TimeStampedModel):
    name = models.CharField(max_length=200)
    address = models.TextField(
        blank=True
    )  # remit-to address, printed on pages and PDFs
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True)  # ISO 3166-1 alpha-2
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    website = models.URLField(blank=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    default_currency = models.CharField(max_length=3, default="USD")
    # Days from invoice date to due date when none is given ("Net 30").
    payment_terms_days = models.PositiveIntegerField(default=30)
    quote_valid_days = models.PositiveIntegerField(default=30)
    default_terms = models.TextField(blank=True)
    default_footer = models.TextField(blank=True)
    invoice_prefix = models.CharField(max_length=10, default="INV-")
    quote_prefix = models.CharField(max_length=10, default="QUO-")
    number_padding = models.PositiveSmallIntegerField(default=5)
    # The counters: read and advanced only under a row lock (see services).
    next_invoice_sequence = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1)]
    )
    next_quote_sequence = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1)]
    )
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name

    def number_for(self, kind: str, sequence: int) -> str:
        """The document number `sequence` of `kind` ("invoice" or "quote") gets."""
        prefix = self.invoice_prefix if kind == "invoice" else self.quote_prefix
        return f"{prefix}{sequence:0{self.number_padding}d}"

    @property
    def next_invoice_number(self) -> str:  # a preview: the counter may skip taken ones
        return self.number_for("invoice", self.next_invoice_sequence)

    @property
    def next_quote_number(self) -> str:
        return self.number_for("quote", self.next_quote_sequence)

    @property
    def address_lines(self) -> list[str]:
        city_line = " ".join(p for p in [self.city, self.state, self.postal_code] if p)
        lines = [*self.address.splitlines(), city_line, self.country]
        return [line for line in lines if line.strip()]
