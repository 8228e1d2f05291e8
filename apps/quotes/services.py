"""Every write to a quote; conversion builds the invoice through invoices.services."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from apps.accounts.roles import staff_write
from apps.audit.chain import changes, lines_diff
from apps.audit.services import audit_record
from apps.clients.models import Client
from apps.companies.models import CompanyProfile
from apps.companies.selectors import company_profile_get_default
from apps.companies.services import company_profile_next_sequence
from apps.core.custom_fields import custom_values_clean
from apps.core.events import event_publish
from apps.invoices.documents import (
    ITEM_FIELDS,
    clean_item,
    document_recalculate,
    header_errors,
    items_clean,
    items_store,
)
from apps.invoices.history import (
    TOTAL_FIELDS,
    identity_errors,
    lines_snapshot,
    snapshot,
)
from apps.invoices.models import Invoice
from apps.invoices.services import invoice_create

from .models import Quote, QuoteItem

# Once a quote leaves draft these make it the document the customer holds.
IDENTITY_FIELDS = ("number", "client", "currency", "quote_date")
EDITABLE_FIELDS = (
    "client",
    "company_profile",
    "quote_date",
    "expires_at",
    "currency",
    "terms",
    "summary",
    "notes",
    "footer",
    "discount_type",
    "discount_value",
    "tax_percent",
    "shipping",
    "adjustment",
    "number",
)
# What a quote's history compares: what an edit may change, plus what the
# services derive (status, custom values, the totals).
_HISTORY_FIELDS = (*EDITABLE_FIELDS, "status", "custom", *TOTAL_FIELDS)


def _record(*, quote: Quote, kind: str, by=None, data: dict | None = None) -> None:
    audit_record(
        subject_type="quote",
        subject_id=quote.pk,
        subject_label=quote.number,
        kind=kind,
        actor=by,
        data=data,
    )


def _record_changes(
    *, quote: Quote, by, before: dict, lines_before=None, lines_after=None
) -> None:
    data: dict = {}
    if changed := changes(before, snapshot(quote, _HISTORY_FIELDS)):
        data["changed"] = changed
    if lines_after is not None and (lines := lines_diff(lines_before, lines_after)):
        data["items"] = lines
    if data:
        _record(quote=quote, kind="updated", by=by, data=data)


_TOTAL_FIELDS = ["subtotal", "discount_amount", "tax_1", "tax_2", "total"]


def _validate(quote: Quote) -> None:
    errors = header_errors(quote)
    if quote.expires_at < quote.quote_date:
        errors["expires_at"] = "The expiry date cannot be before the quote date."
    if errors:
        raise ValidationError(errors)


@staff_write
@transaction.atomic
def quote_create(
    *,
    client: Client,
    by=None,
    company_profile: CompanyProfile | None = None,
    quote_date: dt.date | None = None,
    expires_at: dt.date | None = None,
    currency: str | None = None,
    items: Iterable[Mapping] = (),
    custom: Mapping | None = None,
    **fields,
) -> Quote:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown quote fields: {', '.join(sorted(unknown))}.")
    profile = company_profile or company_profile_get_default()
    if profile is None:
        raise ValidationError(
            {"company_profile": "Create a company profile to quote from first."}
        )
    quote_date = quote_date or timezone.localdate()
    chosen_number = fields.pop("number", "") or ""
    sequence, number = company_profile_next_sequence(
        profile_id=profile.pk,
        kind="quote",
        is_taken=lambda n: Quote.objects.filter(
            company_profile=profile, number=n
        ).exists(),
    )
    # The profile's terms and footer are defaults; a caller's own values win.
    header = {
        "terms": profile.default_terms,
        "footer": profile.default_footer,
        **fields,
    }
    quote = Quote(
        client=client,
        company_profile=profile,
        sequence=sequence,
        number=chosen_number or number,
        quote_date=quote_date,
        expires_at=expires_at
        or quote_date + dt.timedelta(days=profile.quote_valid_days),
        currency=(currency or client.currency or profile.default_currency).upper(),
        created_by=by,
        updated_by=by,
        **header,
    )
    if custom:
        quote.custom = custom_values_clean(module="quotes", values=dict(custom))
    _validate(quote)
    if (
        chosen_number
        and Quote.objects.filter(company_profile=profile, number=chosen_number).exists()
    ):
        raise ValidationError(
            {"number": f"Quote number {chosen_number} is already taken."}
        )
    cleaned = items_clean(QuoteItem, items)
    document_recalculate(quote, cleaned)
    quote.full_clean(
        exclude=["client", "company_profile", "invoice", "created_by", "updated_by"]
    )
    quote.save()
    items_store(quote, cleaned, parent_field="quote")
    _record(
        quote=quote,
        kind="created",
        by=by,
        data={
            "fields": snapshot(quote, (*IDENTITY_FIELDS, *TOTAL_FIELDS, "expires_at")),
            "items": lines_snapshot(cleaned),
        },
    )
    return quote


def _lock_editable(quote: Quote) -> Quote:
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if not quote.is_editable:
        raise ValidationError(
            f"This quote is {quote.get_status_display().lower()} "
            "and can no longer be edited."
        )
    return quote


@staff_write
@transaction.atomic
def quote_update(
    *,
    quote: Quote,
    by=None,
    items: Iterable[Mapping] | None = None,
    custom: Mapping | None = None,
    **fields,
) -> Quote:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown quote fields: {', '.join(sorted(unknown))}.")
    quote = _lock_editable(quote)
    if quote.status != Quote.Status.DRAFT and (
        errors := identity_errors(
            quote, names=IDENTITY_FIELDS, values=fields, noun="quote"
        )
    ):
        raise ValidationError(errors)
    before = snapshot(quote, _HISTORY_FIELDS)
    lines_before = lines_snapshot(quote.items.all())
    for name, value in fields.items():
        if name != "number" or value:
            setattr(quote, name, value)
    if custom:
        quote.custom = custom_values_clean(
            module="quotes", values=dict(custom), current=quote.custom
        )
    _validate(quote)
    if items is not None:
        cleaned = items_clean(QuoteItem, items)
    else:
        cleaned = list(quote.items.all())
    document_recalculate(quote, cleaned)
    quote.updated_by = by
    quote.full_clean(
        exclude=["client", "company_profile", "invoice", "created_by", "updated_by"]
    )
    quote.save()
    if items is not None:
        quote.items.all().delete()
        items_store(quote, cleaned, parent_field="quote")
    else:
        QuoteItem.objects.bulk_update(cleaned, _TOTAL_FIELDS)
    _record_changes(
        quote=quote,
        by=by,
        before=before,
        lines_before=lines_before,
        lines_after=lines_snapshot(cleaned),
    )
    return quote


@staff_write
@transaction.atomic
def quote_item_add(*, quote: Quote, by=None, **item_fields) -> Quote:
    quote = _lock_editable(quote)
    existing = list(quote.items.all())
    position = item_fields.pop("position", None) or (
        max((i.position for i in existing), default=0) + 1
    )
    item = clean_item(QuoteItem, item_fields, position=position)
    item.quote = quote
    before = snapshot(quote, _HISTORY_FIELDS)
    document_recalculate(quote, [*existing, item])
    quote.updated_by = by
    quote.save()
    item.save()
    QuoteItem.objects.bulk_update(existing, _TOTAL_FIELDS)
    _record_changes(
        quote=quote,
        by=by,
        before=before,
        lines_before=lines_snapshot(existing),
        lines_after=lines_snapshot([*existing, item]),
    )
    return quote


_TRANSITIONS = {
    Quote.Status.SENT: {Quote.Status.DRAFT},
    Quote.Status.APPROVED: {Quote.Status.DRAFT, Quote.Status.SENT},
    Quote.Status.REJECTED: {Quote.Status.DRAFT, Quote.Status.SENT},
    Quote.Status.CANCELED: {
        Quote.Status.DRAFT,
        Quote.Status.SENT,
        Quote.Status.APPROVED,
        Quote.Status.REJECTED,
    },
    Quote.Status.DRAFT: {Quote.Status.SENT},
}


_EVENTS = {
    Quote.Status.APPROVED: "quote.accepted",
    Quote.Status.REJECTED: "quote.declined",
}


@staff_write
@transaction.atomic
def quote_set_status(*, quote: Quote, status: str, by=None) -> Quote:
    """Move a quote along draft -> sent -> approved / rejected, or cancel it."""
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if status == quote.status:
        return quote
    if status not in _TRANSITIONS:
        raise ValidationError({"status": f"'{status}' is not a quote status."})
    if quote.invoice_id is not None:
        raise ValidationError(
            "This quote was converted to an invoice; its status is final."
        )
    if quote.status not in _TRANSITIONS[status]:
        raise ValidationError(
            f"A {quote.get_status_display().lower()} quote cannot become {status}."
        )
    before = quote.status
    quote.status = status
    if status == Quote.Status.SENT and quote.sent_at is None:
        quote.sent_at = timezone.now()
    quote.updated_by = by
    quote.save()
    _record(
        quote=quote,
        kind="status",
        by=by,
        data={"changed": {"status": [before, status]}},
    )
    if status in _EVENTS:  # quote.accepted, quote.declined
        event_publish(_EVENTS[status], quote_id=quote.pk)
    return quote


@staff_write
@transaction.atomic
def quote_delete(*, quote: Quote, by=None) -> None:
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if quote.invoice_id is not None:
        raise ValidationError(
            "A converted quote cannot be deleted; its invoice refers to it."
        )
    quote.deleted_at = timezone.now()
    quote.save(update_fields=["deleted_at", "updated_at"])
    _record(quote=quote, kind="deleted", by=by, data={"number": quote.number})


@staff_write
@transaction.atomic
def quote_custom_fields_set(*, quote: Quote, by=None, values: Mapping) -> Quote:
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    before = snapshot(quote, _HISTORY_FIELDS)
    quote.custom = custom_values_clean(
        module="quotes", values=dict(values), current=quote.custom
    )
    quote.save(update_fields=["custom", "updated_at"])
    _record_changes(quote=quote, by=by, before=before)
    return quote


@staff_write
@transaction.atomic
def quote_convert_to_invoice(
    *, quote: Quote, by=None, invoice_date: dt.date | None = None
) -> Invoice:
    """Copy the quote into a new draft invoice and link both.

    The quote is marked approved.
    """
    quote = Quote.objects.select_for_update().get(pk=quote.pk)
    if quote.invoice_id is not None:
        raise ValidationError(
            f"This quote was already converted to invoice {quote.invoice.number}."
        )
    if (
        quote.status in (Quote.Status.REJECTED, Quote.Status.CANCELED)
        or quote.deleted_at
    ):
        raise ValidationError(
            f"A {quote.get_status_display().lower()} quote cannot be converted."
        )
    items = [model_to_dict(item, fields=ITEM_FIELDS) for item in quote.items.all()]
    for item in items:
        for source in ("tax_rate_1_source", "tax_rate_2_source"):
            item.pop(source, None)
    invoice = invoice_create(
        client=quote.client,
        by=by,
        company_profile=quote.company_profile,
        invoice_date=invoice_date,
        currency=quote.currency,
        items=items,
        terms=quote.terms,
        summary=quote.summary,
        notes=quote.notes,
        footer=quote.footer,
        discount_type=quote.discount_type,
        discount_value=quote.discount_value,
        tax_percent=quote.tax_percent,
        shipping=quote.shipping,
        adjustment=quote.adjustment,
    )
    before = snapshot(quote, _HISTORY_FIELDS)
    quote.invoice = invoice
    quote.status = Quote.Status.APPROVED
    quote.updated_by = by
    quote.save(update_fields=["invoice", "status", "updated_by", "updated_at"])
    _record(
        quote=quote,
        kind="converted",
        by=by,
        data={
            "invoice": invoice.pk,
            "invoice_number": invoice.number,
            "changed": changes(before, snapshot(quote, _HISTORY_FIELDS)),
        },
    )
    return invoice
