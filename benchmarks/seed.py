"""Fill a database with many invoices, fast, for the page benchmarks.

    DATABASE_URL=sqlite:///bench.sqlite3 \\
        .venv/bin/python benchmarks/seed.py --invoices 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/remit_bench \\
        .venv/bin/python benchmarks/seed.py

Rows are written with bulk_create (no services: they would take hours at this size),
but every total comes from apps/invoices/calculations.py, so the numbers are right.
The database is migrated first. Run it on an empty database: it adds, never replaces.
It ends with `ANALYZE` (PostgreSQL and SQLite), so the planner knows the new rows.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.audit.models import AuditEvent  # noqa: E402
from apps.audit.services import audit_event_first  # noqa: E402
from apps.clients.models import Client  # noqa: E402
from apps.companies.models import CompanyProfile  # noqa: E402
from apps.core.money import ZERO, money  # noqa: E402
from apps.invoices import calculations  # noqa: E402
from apps.invoices.models import Invoice, InvoiceEvent, InvoiceItem  # noqa: E402
from apps.payments.models import Payment  # noqa: E402

BENCH_EMAIL = "bench@remit.local"
BENCH_PASSWORD = "remit-bench"
CURRENCIES = ["USD"] * 8 + ["EUR", "JPY"]
STATUS_WEIGHTS = {"draft": 8, "sent": 22, "partially_paid": 10, "paid": 55, "void": 5}
ITEM_NAMES = [
    "Design",
    "Development",
    "Hosting",
    "Consulting",
    "Photography",
    "Copywriting",
    "Support",
]
PRICES = [
    Decimal(p)
    for p in ("45.00", "65.00", "95.00", "120.00", "12.50", "1500.00", "0.85", "349.99")
]
TAXES = [ZERO, ZERO, Decimal("8.25"), Decimal("10"), Decimal("19")]


def _setup() -> tuple[CompanyProfile, User]:
    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a throwaway database: skip the fsyncs
            cursor.execute("PRAGMA synchronous=OFF")
    user = User.objects.filter(
        email=BENCH_EMAIL
    ).first() or User.objects.create_superuser(
        BENCH_EMAIL, BENCH_PASSWORD, full_name="Bench Staff"
    )
    profile = CompanyProfile.objects.filter(name="Bench Studio").first()
    if profile is None:
        is_default = not CompanyProfile.objects.filter(is_default=True).exists()
        profile = CompanyProfile.objects.create(
            name="Bench Studio",
            invoice_prefix="B-",
            quote_prefix="BQ-",
            number_padding=6,
            is_default=is_default,
        )
    return profile, user


def _clients(count: int, rng: random.Random, user: User) -> list[Client]:
    rows = [
        Client(
            name=(
                f"Client {i:05d} {rng.choice(['LLC', 'Inc.', 'GmbH', 'Studio', 'Co.'])}"
            ),
            email=f"client{i}@bench.example",
            currency=rng.choice(CURRENCIES),
            city=rng.choice(["Portland", "Seattle", "Berlin", "Kyoto", "Austin"]),
            country="US",
            created_by=user,
        )
        for i in range(count)
    ]
    return Client.objects.bulk_create(rows, batch_size=1000)


def _analyze() -> None:
    """Refresh the planner's statistics: on a freshly bulk-loaded database the
    planner guesses from empty tables and every page is 5 to 10 times slower."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _reserve_sequences(profile: CompanyProfile, count: int) -> int:
    """Take `count` numbers from the profile's counter in one locked step."""
    with transaction.atomic():
        locked = CompanyProfile.objects.select_for_update().get(pk=profile.pk)
        first = locked.next_invoice_sequence
        CompanyProfile.objects.filter(pk=profile.pk).update(
            next_invoice_sequence=first + count
        )
    return first


def _build(rng, clients, profile, user, sequence, today):
    """One invoice with its items and payments, unsaved; totals from calculations."""
    client = rng.choice(clients)
    currency = client.currency
    lines = []
    for position in range(1, rng.randint(1, 5) + 1):
        price = rng.choice(PRICES) * (100 if currency == "JPY" else 1)
        discount = rng.random() < 0.1
        lines.append(
            InvoiceItem(
                name=rng.choice(ITEM_NAMES),
                quantity=Decimal(rng.randint(1, 40)) / (2 if rng.random() < 0.3 else 1),
                unit_price=price,
                discount_type="percent" if discount else "",
                discount_value=Decimal("10") if discount else ZERO,
                tax_rate=rng.choice(TAXES),
                position=position,
            )
        )
    invoice_date = today - dt.timedelta(days=rng.randint(0, 730))
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    invoice = Invoice(
        company_profile=profile,
        client=client,
        sequence=sequence,
        number=f"{profile.invoice_prefix}{sequence:0{profile.number_padding}d}",
        status=status,
        invoice_date=invoice_date,
        due_date=invoice_date + dt.timedelta(days=30),
        currency=currency,
        summary=f"Work for {client.name}",
        payment_methods=["card", "ach", "mail"],
        created_by=user,
        updated_by=user,
    )
    totals = calculations.document_totals(lines, currency=currency)
    for line, amounts in zip(lines, totals.lines, strict=True):
        line.subtotal, line.discount_amount = amounts.subtotal, amounts.discount
        line.tax_1, line.tax_2, line.total = amounts.tax_1, amounts.tax_2, amounts.total
    invoice.subtotal, invoice.discount_total, invoice.tax_total = (
        totals.subtotal,
        totals.discount,
        totals.tax,
    )
    invoice.total = totals.total
    now = timezone.now()
    payments = []
    if status == "paid":
        payments = [invoice.total]
    elif status == "partially_paid":
        first = money(invoice.total * Decimal(rng.randint(10, 90)) / 100, currency)
        payments = [first] if first > ZERO and first < invoice.total else []
        if not payments:
            invoice.status = status = "sent"
    invoice.amount_paid = sum(payments, ZERO)
    invoice.balance = calculations.balance_due(
        total=invoice.total, paid=invoice.amount_paid, written_off=ZERO
    )
    if status != "draft":
        invoice.sent_at = now
    if status == "paid":
        invoice.paid_at = now
    if status == "void":
        invoice.voided_at = now
    payment_rows = [
        Payment(
            client=client,
            amount=amount,
            currency=currency,
            status=Payment.Status.SUCCEEDED,
            method=rng.choice(["check", "card", "ach", "cash"]),
            paid_at=min(today, invoice_date + dt.timedelta(days=rng.randint(0, 40))),
            created_by=user,
        )
        for amount in payments
    ]
    return invoice, lines, payment_rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="skip the closing ANALYZE (only to measure what it is worth)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    rng = random.Random(args.seed)
    profile, user = _setup()
    clients = _clients(args.clients, rng, user)
    first_sequence = _reserve_sequences(profile, args.invoices)
    today = timezone.localdate()
    made = items = payments = 0
    while made < args.invoices:
        size = min(args.batch, args.invoices - made)
        built = [
            _build(rng, clients, profile, user, first_sequence + made + i, today)
            for i in range(size)
        ]
        with transaction.atomic():
            invoices = Invoice.objects.bulk_create([b[0] for b in built])
            item_rows, payment_rows, events = [], [], []
            for invoice, (_, lines, pays) in zip(invoices, built, strict=True):
                for line in lines:
                    line.invoice = invoice
                for pay in pays:
                    pay.invoice = invoice
                item_rows += lines
                payment_rows += pays
                events.append(
                    audit_event_first(
                        subject_type="invoice",
                        subject_id=invoice.pk,
                        subject_label=invoice.number,
                        kind=InvoiceEvent.Kind.CREATED,
                        actor=user,
                    )
                )
            InvoiceItem.objects.bulk_create(item_rows)
            Payment.objects.bulk_create(payment_rows)
            # Each invoice's trail starts with a hashed "created" event, so
            # verify_ledger passes on the benchmark database too.
            events = AuditEvent.objects.bulk_create(events)
            InvoiceEvent.objects.bulk_create(
                InvoiceEvent(
                    invoice_id=event.subject_id,
                    kind=event.kind,
                    actor=user,
                    data=event.data,
                    audit=event,
                )
                for event in events
            )
        made += size
        items += len(item_rows)
        payments += len(payment_rows)
        print(
            f"  {made:>7} invoices ({time.perf_counter() - started:.0f} s)", flush=True
        )
    elapsed = time.perf_counter() - started
    if not args.no_analyze:
        analyzed = time.perf_counter()
        _analyze()
        print(f"ANALYZE took {time.perf_counter() - analyzed:.1f} s.")
    print(
        f"Seeded {made} invoices, {items} items, {payments} payments, "
        f"{len(clients)} clients in {elapsed:.1f} s. "
        f"Sign in as {BENCH_EMAIL} / {BENCH_PASSWORD}."
    )


if __name__ == "__main__":
    main()
