"""`python manage.py load_demo`: a small design studio's books, built through the
services so numbers, totals and balances are real. Data: fixtures/demo.json."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.services import demo_users_create
from apps.audit.context import Door, audit_context
from apps.audit.services import audit_purge_demo
from apps.clients.models import Client
from apps.clients.services import client_create
from apps.companies.models import CompanyProfile
from apps.companies.services import company_profile_create
from apps.core.models import CustomField
from apps.invoices.models import Invoice, InvoiceEvent, TaxRate
from apps.invoices.services import (
    invoice_create,
    invoice_mark_viewed,
    invoice_send,
    invoice_void,
)
from apps.payments.gateways import AchDetails, CardDetails
from apps.payments.models import Payment
from apps.payments.services import payment_charge, payment_record
from apps.quotes.models import Quote
from apps.quotes.services import (
    quote_convert_to_invoice,
    quote_create,
    quote_set_status,
)

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
_QUOTE_PATH = {
    "draft": [],
    "sent": ["sent"],
    "approved": ["sent", "approved"],
    "rejected": ["sent", "rejected"],
    "canceled": ["sent", "canceled"],
    "converted": ["sent"],
}


class Command(BaseCommand):
    help = "Load the Northwind Studio demo (idempotent; --reset rebuilds it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo data first, then load it again.",
        )
        parser.add_argument(
            "--file", default=str(DEMO_FILE), help="Demo data file (JSON)."
        )

    def handle(self, *args, reset: bool = False, file: str = str(DEMO_FILE), **options):
        data = json.loads(Path(file).read_text(encoding="utf-8"))
        company_name = data["company"]["name"]
        # Demo customers get no receipts: mail is dropped while the demo is built.
        with (
            audit_context(door=Door.COMMAND),
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
            ),
            transaction.atomic(),
        ):
            existing = CompanyProfile.objects.filter(name=company_name).first()
            if existing and reset:
                _delete_demo(existing, data)
                existing = None
            if existing:
                self.stdout.write(
                    f"Demo data for {company_name} is already loaded; "
                    "nothing to do (use --reset to rebuild)."
                )
                return
            counts = _load(data, today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the {company_name} demo: {counts['clients']} clients, "
                f"{counts['quotes']} quotes, "
                f"{counts['invoices']} invoices, {counts['payments']} payments. "
                f"Sign in as {data['staff']['email']} / {data['staff']['password']}."
            )
        )


def _delete_demo(profile: CompanyProfile, data: dict) -> None:
    """Remove what the demo created: its company's documents and the demo clients."""
    invoices = Invoice.objects.filter(company_profile=profile)
    quotes = Quote.objects.filter(company_profile=profile)
    payments = Payment.objects.filter(invoice__in=invoices)
    emails = [c["email"] for c in data["clients"]]
    clients = (
        Client.objects.filter(email__in=emails)
        .exclude(invoices__in=Invoice.objects.exclude(company_profile=profile))
        .exclude(quotes__in=Quote.objects.exclude(company_profile=profile))
    )
    # The demo's documents go with their whole audit chains (the one exception to
    # append-only, apps.audit.services.audit_purge_demo), so the rest still verifies.
    audit_purge_demo(
        subjects=[
            *(("invoice", pk) for pk in invoices.values_list("pk", flat=True)),
            *(("quote", pk) for pk in quotes.values_list("pk", flat=True)),
            *(("payment", pk) for pk in payments.values_list("pk", flat=True)),
            *(("client", pk) for pk in clients.values_list("pk", flat=True)),
            ("company_profile", profile.pk),
        ],
        also=[InvoiceEvent.objects.filter(invoice__in=invoices)],
    )
    payments.delete()
    quotes.delete()
    invoices.delete()
    Client.objects.filter(
        email__in=emails, invoices__isnull=True, quotes__isnull=True
    ).delete()
    TaxRate.objects.filter(name__in=[t["name"] for t in data["tax_rates"]]).delete()
    profile.delete()


def _dec(value) -> Decimal:
    return Decimal(str(value))


def _load(data: dict, *, today: dt.date) -> dict[str, int]:
    staff = data["staff"]
    demo_users_create()  # one user of each role (Admin, Billing, Viewer)
    user = User.objects.filter(email=staff["email"]).first()
    if user is None:
        user = User.objects.create_superuser(
            staff["email"], staff["password"], full_name=staff["full_name"]
        )
    profile = company_profile_create(**data["company"])
    taxes = {}
    for rate in data["tax_rates"]:
        fields = {k: v for k, v in rate.items() if k != "key"}
        taxes[rate["key"]] = TaxRate.objects.create(
            **{**fields, "percent": _dec(fields["percent"])}
        )
    for field in data.get("custom_fields", []):
        CustomField.objects.get_or_create(
            module=field["module"], column_name=field["column_name"], defaults=field
        )
    clients = {}
    for row in data["clients"]:
        fields = {k: v for k, v in row.items() if k != "key"}
        found = Client.objects.alive().filter(email=fields["email"]).first()
        clients[row["key"]] = found or client_create(by=user, **fields)

    def items(rows):
        result = []
        for row in rows:
            item = {k: v for k, v in row.items() if k not in ("tax", "tax_2")}
            if "tax" in row:
                item["tax_rate_1_source"] = taxes[row["tax"]]
            if "tax_2" in row:
                item["tax_rate_2_source"] = taxes[row["tax_2"]]
            result.append(item)
        return result

    def day(offset) -> dt.date:
        return today + dt.timedelta(days=offset)

    payments = 0
    for row in data["quotes"]:
        quote = quote_create(
            client=clients[row["client"]],
            by=user,
            company_profile=profile,
            quote_date=day(row["date"]),
            summary=row.get("summary", ""),
            discount_type=row.get("discount_type", ""),
            discount_value=_dec(row.get("discount_value", "0")),
            items=items(row["items"]),
        )
        for status in _QUOTE_PATH[row["status"]]:
            quote = quote_set_status(quote=quote, status=status, by=user)
        if row["status"] == "converted":
            invoice = quote_convert_to_invoice(
                quote=quote, by=user, invoice_date=day(row["date"] + 2)
            )
            if row.get("invoice_sent"):
                invoice_send(invoice=invoice, by=user)
    for row in data["invoices"]:
        date = day(row["date"])
        invoice = invoice_create(
            client=clients[row["client"]],
            by=user,
            company_profile=profile,
            invoice_date=date,
            due_date=date + dt.timedelta(days=row["due_in"])
            if "due_in" in row
            else None,
            summary=row.get("summary", ""),
            discount_type=row.get("discount_type", ""),
            discount_value=_dec(row.get("discount_value", "0")),
            shipping=_dec(row.get("shipping", "0")),
            allow_partial_payment=row.get("allow_partial_payment", False),
            allow_tipping=row.get("allow_tipping", False),
            items=items(row["items"]),
        )
        if row["status"] in ("sent", "void"):
            invoice = invoice_send(invoice=invoice, by=user)
        if row["status"] == "void":
            invoice_void(
                invoice=invoice, by=user, reason="Duplicate of an earlier invoice"
            )
        if row.get("viewed"):
            invoice_mark_viewed(invoice=invoice)
        for pay in row.get("payments", []):
            _pay(invoice, pay, user, day)
            payments += 1
    return {
        "clients": len(clients),
        "quotes": len(data["quotes"]),
        "invoices": Invoice.objects.filter(company_profile=profile).count(),
        "payments": payments,
    }


def _pay(invoice: Invoice, pay: dict, user: User, day) -> None:
    invoice.refresh_from_db()
    amount = invoice.balance if pay["amount"] == "all" else _dec(pay["amount"])
    if pay["method"] == "card":
        card = CardDetails(
            number=pay["card"],
            exp_month=12,
            exp_year=day(800).year,
            cvc="123",
            name="Demo",
        )
        payment_charge(
            invoice=invoice,
            amount=amount,
            card=card,
            source=Payment.Source.STAFF,
            by=user,
        )
    elif pay["method"] == "ach":
        ach = AchDetails(
            routing_number="021000021",
            account_number="000123456789",
            account_type="checking",
        )
        payment_charge(
            invoice=invoice,
            amount=amount,
            ach=ach,
            source=Payment.Source.STAFF,
            by=user,
        )
    else:
        payment_record(
            invoice=invoice,
            amount=amount,
            method=pay["method"],
            paid_at=day(pay.get("date", 0)),
            reference=pay.get("reference", ""),
            note=pay.get("note", ""),
            by=user,
        )
