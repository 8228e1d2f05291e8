"""Invoices, their items and their event trail.

Money fields are Decimal(20, 4); stored totals are the results of `calculations.py`,
written only by the services, rounded to the document currency's minor unit.
"""

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AppendOnlyModel, AppendOnlyQuerySet
from apps.core.models import TimeStampedModel
from apps.core.money import ZERO


def new_public_hash() -> str:
    """32 URL-safe characters from the OS CSPRNG: 192 bits."""
    return secrets.token_urlsafe(24)


def _amount(**kwargs):
    return models.DecimalField(max_digits=20, decimal_places=4, default=ZERO, **kwargs)


def _rate(**kwargs):
    return models.DecimalField(max_digits=9, decimal_places=4, default=ZERO, **kwargs)


class DiscountType(models.TextChoices):
    NONE = "", "None"
    PERCENT = "percent", "Percent"
    FLAT = "flat", "Flat amount"


class PaymentMethod(models.TextChoices):
    CARD = "card", "Card"
    ACH = "ach", "Bank transfer (ACH)"
    MAIL = "mail", "Pay by mail"


class TaxRate(models.Model):
    """A named tax rate staff pick for items; items copy its percent when chosen."""

    name = models.CharField(max_length=100)
    percent = _rate()
    is_compound = models.BooleanField(
        default=False
    )  # as second tax, applies on top of the first
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.percent.normalize():f}%)"  # :f, or 20 shows as 2E+1


class DocumentLine(models.Model):
    """Fields shared by invoice and quote items. Inputs first, then stored results."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    quantity = models.DecimalField(max_digits=20, decimal_places=4, default=1)
    unit_price = _amount()
    discount_type = models.CharField(
        max_length=7, choices=DiscountType.choices, blank=True, default=""
    )
    discount_value = (
        _amount()
    )  # percent (0-100) or an amount off the line, per discount_type
    tax_rate = _rate()  # percent
    tax_rate_2 = _rate()  # percent
    tax_2_compound = models.BooleanField(
        default=False
    )  # second tax charged on net + first tax
    tax_rate_1_source = models.ForeignKey(
        TaxRate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tax_rate_2_source = models.ForeignKey(
        TaxRate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    product_code = models.CharField(max_length=64, blank=True)
    unit_of_measure = models.CharField(max_length=20, blank=True)
    group = models.CharField(max_length=100, blank=True)  # charge group / item type
    position = models.PositiveIntegerField(default=0)
    # Results of calculations.py, rounded to the document currency:
    subtotal = _amount()  # quantity x unit price
    discount_amount = (
        _amount()
    )  # the line's own discount plus its share of the document's
    tax_1 = _amount()
    tax_2 = _amount()
    total = _amount()  # subtotal - discount_amount + tax_1 + tax_2

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def tax(self):
        return self.tax_1 + self.tax_2


# The domain's words for an invoice's state, each defined once. The Q builders below
# are the definitions; the queryset methods and the model properties are built on
# them, and tests/invoices/test_definitions.py checks both over a table of cases.
#
# open      issued and not yet closed: an invoice (not a credit note) that is sent
#           or partially paid, not deleted. Drafts, paid and void invoices are not
#           open, and neither is a credit note: its balance is credit the business
#           owes the customer, not money owed to it. The balance does not count: a
#           sent invoice whose total is 0 stays sent (nothing can settle it), so it
#           is open, but it owes nothing.
# payable   open with a balance above zero: the customer can pay it (hosted page,
#           API pay, pay by mail) and staff can write it off. A zero balance is
#           never payable.
# overdue   payable and due before today (the due date itself is not overdue). A
#           zero balance is never overdue, whatever the dates.
# last charge failed
#           payable, and the latest charge attempt failed: `invoice_charge_failed_
#           record` stamps `last_charge_failed_at`; a succeeded payment and
#           `invoice_payment_flags_clear` clear it. Once nothing is owed (paid, void,
#           deleted, or a balance edited down to 0) a past failure no longer counts.
# balance due
#           what the customer owes on this document, as pages, PDFs and the hosted
#           page show it: None for a void invoice and for a credit note (nothing is
#           due on them, so no amount is printed), the stored balance otherwise.
# credit available
#           a credit note that is sent or partly used, not deleted, with unused
#           credit (balance above zero): it can be applied to an open invoice of the
#           same client and currency, or refunded to the customer.


def _open_statuses() -> tuple[str, str]:
    return (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID)


def invoice_open_q() -> Q:
    """An invoice (not a credit note), sent or partially paid, not deleted,
    whatever the balance (see above)."""
    return Q(
        type=Invoice.Type.INVOICE,
        status__in=_open_statuses(),
        deleted_at__isnull=True,
    )


def invoice_payable_q() -> Q:
    """Open with a balance above zero."""
    return invoice_open_q() & Q(balance__gt=ZERO)


def invoice_overdue_q(*, today) -> Q:
    """Payable and due before `today`."""
    return invoice_payable_q() & Q(due_date__lt=today)


def invoice_last_charge_failed_q() -> Q:
    """Payable, and its latest charge attempt failed."""
    return invoice_payable_q() & Q(last_charge_failed_at__isnull=False)


def credit_note_available_q() -> Q:
    """A sent or partly used credit note, not deleted, with unused credit."""
    return Q(
        type=Invoice.Type.CREDIT_MEMO,
        status__in=_open_statuses(),
        deleted_at__isnull=True,
        balance__gt=ZERO,
    )


class InvoiceQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def open(self):
        return self.filter(invoice_open_q())

    def payable(self):
        return self.filter(invoice_payable_q())

    def overdue(self, *, today):
        return self.filter(invoice_overdue_q(today=today))

    def last_charge_failed(self):
        return self.filter(invoice_last_charge_failed_q())

    def credit_available(self):
        return self.filter(credit_note_available_q())


class Invoice(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"
        PARTIALLY_PAID = "partially_paid", "Partially paid"
        PAID = "paid", "Paid"
        VOID = "void", "Void"

    class Type(models.TextChoices):
        INVOICE = "invoice", "Invoice"
        CREDIT_MEMO = "credit_memo", "Credit memo"

    type = models.CharField(max_length=11, choices=Type.choices, default=Type.INVOICE)
    company_profile = models.ForeignKey(
        "companies.CompanyProfile", on_delete=models.PROTECT, related_name="invoices"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="invoices"
    )
    sequence = (
        models.PositiveIntegerField()
    )  # the counter's integer (Fusebill's invoiceNumber)
    number = models.CharField(
        max_length=64
    )  # formatted from sequence unless the caller chose one
    status = models.CharField(
        max_length=14, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    invoice_date = models.DateField(db_index=True)
    due_date = models.DateField(db_index=True)
    currency = models.CharField(max_length=3)  # ISO 4217; every amount below is in it
    terms = models.TextField(blank=True)  # payment terms text printed on the invoice
    po_number = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    footer = models.TextField(blank=True)
    message = models.TextField(blank=True)  # shown to the customer on the hosted page
    # Document-level adjustments, inputs to calculations.py:
    discount_type = models.CharField(
        max_length=7, choices=DiscountType.choices, blank=True, default=""
    )
    discount_value = _amount()
    tax_percent = (
        _rate()
    )  # a document tax on the discounted subtotal, besides item taxes
    shipping = _amount()
    adjustment = _amount()  # signed; added to the total as is
    # Stored results (calculations.py), and what payments have done to them:
    subtotal = _amount()  # sum of item subtotals
    discount_total = _amount()  # item discounts plus the document discount
    tax_total = _amount()
    total = _amount()  # subtotal - discount_total + tax_total + shipping + adjustment
    amount_paid = _amount()  # succeeded payments applied to the total, tips excluded
    tip_total = (
        _amount()
    )  # tips received on top of the total; never part of the balance
    written_off = _amount()
    balance = _amount()  # total - amount_paid - written_off; never below zero
    # Hosted-page payment settings:
    allow_tipping = models.BooleanField(default=False)
    allow_partial_payment = models.BooleanField(default=False)
    payment_methods = models.JSONField(
        default=list, blank=True
    )  # subset of PaymentMethod values
    public_hash = models.CharField(
        max_length=64, unique=True, default=new_public_hash, editable=False
    )
    # Facts, each set once by a service:
    sent_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    viewed_at = models.DateTimeField(
        null=True, blank=True
    )  # first view of the hosted page by the customer
    paid_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    awaiting_mail_since = models.DateTimeField(
        null=True, blank=True
    )  # customer chose "pay by mail"
    last_charge_failed_at = models.DateTimeField(
        null=True, blank=True
    )  # cleared by a successful payment
    deleted_at = models.DateTimeField(null=True, blank=True)  # soft delete
    custom = models.JSONField(default=dict, blank=True)
    # Vendor fields with no domain meaning, echoed back by the dialect that wrote them.
    extra = models.JSONField(default=dict, blank=True)
    # On a credit note made from an invoice: the invoice it corrects. The sum of the
    # credit notes' totals on one invoice never passes its total (credit_notes.py).
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
    )
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

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-invoice_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company_profile", "number"], name="invoice_number_unique"
            ),
            models.UniqueConstraint(
                fields=["company_profile", "sequence"], name="invoice_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0), name="invoice_paid_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("invoice_date")),
                name="invoice_due_after_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("invoices:detail", kwargs={"pk": self.pk})

    def get_public_url(self) -> str:
        return reverse(
            "public_invoices:detail", kwargs={"public_hash": self.public_hash}
        )

    @property
    def is_editable(self) -> bool:
        return self.status in (
            self.Status.DRAFT,
            self.Status.SENT,
            self.Status.PARTIALLY_PAID,
        )

    # The properties below are the definitions at the top of this module, for one
    # invoice in hand; they must agree with the Q builders (test_definitions.py).
    @property
    def is_credit_note(self) -> bool:
        return self.type == self.Type.CREDIT_MEMO

    @property
    def is_open(self) -> bool:
        return (
            not self.is_credit_note
            and self.deleted_at is None
            and self.status in _open_statuses()
        )

    @property
    def is_payable(self) -> bool:
        return self.is_open and self.balance > ZERO

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Payable and due before `today` (default: the local date). Templates call
        it without arguments: `{% if invoice.is_overdue %}`."""
        return self.is_payable and self.due_date < (today or timezone.localdate())

    @property
    def last_charge_failed(self) -> bool:
        return self.is_payable and self.last_charge_failed_at is not None

    @property
    def balance_due(self) -> Decimal | None:
        """None when nothing can be due (void, a credit note); else the balance."""
        if self.status == self.Status.VOID or self.is_credit_note:
            return None
        return self.balance

    @property
    def has_credit_available(self) -> bool:
        return (
            self.is_credit_note
            and self.deleted_at is None
            and self.status in _open_statuses()
            and self.balance > ZERO
        )


class InvoiceItem(DocumentLine):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="items")

    class Meta(DocumentLine.Meta):
        pass


class InvoiceEvent(AppendOnlyModel):
    """The invoice's history as its pages show it: every change, from its creation.

    Each row is the invoice-facing copy of one `audit.AuditEvent` (`audit`), which
    holds the hash chain; `verify_ledger` checks that the two agree. Append-only like
    the audit table (model and queryset guards; a PostgreSQL trigger)."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        SENT = "sent", "Sent"
        EMAILED = "emailed", "Emailed"
        # A send the mail server refused or could not take; the worker retries it.
        EMAIL_FAILED = "email_failed", "Email not delivered"
        VIEWED = "viewed", "Viewed by the customer"
        PAYMENT = "payment", "Payment received"
        PAYMENT_FAILED = "payment_failed", "Payment failed"
        PAYMENT_REFUNDED = "payment_refunded", "Payment refunded"
        AWAITING_MAIL = "awaiting_mail", "Customer will pay by mail"
        PAID = "paid", "Paid in full"
        VOIDED = "voided", "Voided"
        REOPENED = "reopened", "Reopened"
        WRITTEN_OFF = "written_off", "Written off"
        DELETED = "deleted", "Deleted"
        PAYMENT_CHANGED = "payment_changed", "Payment changed"
        PAYMENT_DELETED = "payment_deleted", "Payment deleted"
        CREDITED = "credited", "Credit note issued"
        CREDIT_REFUNDED = "credit_refunded", "Credit refunded to the customer"

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )  # None: the customer or the system
    at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(
        default=dict, blank=True
    )  # e.g. {"changed": {"due_date": ["old", "new"]}}
    audit = models.OneToOneField(
        "audit.AuditEvent",
        on_delete=models.PROTECT,
        null=True,  # rows written before the trail existed have none
        blank=True,
        related_name="invoice_event",
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.get_kind_display()}"


class CreditNoteRefund(models.Model):
    """Money paid back to the customer out of a credit note's unused credit (a
    payment out, made outside Remit: a cheque, a bank transfer). Recorded by
    `credit_note_refund`, which adds `amount` to the credit note's `amount_paid`
    ("credit used", as an application to an invoice does), so its balance is the
    credit still available. Rows are never edited or deleted."""

    class Method(models.TextChoices):
        BANK = "bank", "Bank transfer"
        CHECK = "check", "Check"
        CASH = "cash", "Cash"
        CARD = "card", "Card (refunded outside Remit)"
        OTHER = "other", "Other"

    credit_note = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="refunds_out"
    )
    amount = _amount()  # in the credit note's currency; at most its unused credit
    currency = models.CharField(max_length=3)  # the credit note's, copied
    method = models.CharField(max_length=5, choices=Method.choices)
    reference = models.CharField(max_length=100, blank=True)  # cheque no., bank ref.
    refunded_on = models.DateField()  # the day the money left
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-refunded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="credit_note_refund_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Refund of {self.amount} {self.currency} from {self.credit_note}"
