"""Fault test (issue 10, item 5), PostgreSQL only: 20 concurrent FluidPay charges
whose database connection is killed (`pg_terminate_backend`) while the gateway,
slow, is taking the money. Afterwards: every approved charge has exactly one
succeeded payment, no invoice is overpaid, and retries with the same keys (before
and after `reconcile_payments`) charge nothing new.

Before two-phase payments this lost 12 of 12 approved charges and charged 10 again.
"""

import json
import threading
import time
from decimal import Decimal
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from apps.accounts.services import api_key_create
from apps.api.common.idempotency import IDEMPOTENCY_LEASE
from apps.api.common.models import IdempotencyKey
from apps.invoices.models import Invoice
from apps.payments.gateways import ChargeOutcome
from apps.payments.models import Payment
from tests.concurrency import run_together
from tests.factories.accounts import UserFactory
from tests.factories.invoices import InvoiceFactory

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL's pg_terminate_backend",
    ),
]
CHARGES = 20
CARD = {"number": "4111111111111111", "expiration_date": "12/39", "cvc": "123"}


def _terminate(pid: int) -> None:
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


class KillingGateway:
    """A processor that approves, remembers each approval by key (as Stripe does),
    is slow, and kills the caller's database connection while it works."""

    name = "killing"
    takes_raw_cards = True
    approvals: dict[str, ChargeOutcome] = {}
    charges: list[str] = []  # every key that reached the processor, repeats too
    kill = True
    lock = threading.Lock()

    def charge_card(self, *, card, amount, currency, reference, idempotency_key):
        with self.lock:
            self.charges.append(idempotency_key)
            if idempotency_key in self.approvals:
                return self.approvals[idempotency_key]  # de-duplicated by key
            outcome = ChargeOutcome(
                True, 100, "Approved", f"kill_{len(self.approvals) + 1}", "visa", "1111"
            )
            self.approvals[idempotency_key] = outcome
        if self.kill:
            _terminate(connection.connection.info.backend_pid)
        time.sleep(0.3)
        return outcome

    def charge_ach(self, **kwargs):  # pragma: no cover - unused
        raise AssertionError("not used")

    def lookup(self, *, idempotency_key, transaction_id=""):
        return self.approvals.get(idempotency_key)

    def refund(self, **kwargs):  # pragma: no cover - nothing may be refunded
        raise AssertionError("nothing should need a refund")


def test_killed_connections_lose_and_double_no_charge(settings):
    settings.REMIT_CARD_GATEWAY = f"{__name__}.KillingGateway"
    KillingGateway.approvals, KillingGateway.charges = {}, []
    KillingGateway.kill = True
    key = api_key_create(user=UserFactory()).key
    invoices = [InvoiceFactory(sent=True) for _ in range(CHARGES)]  # 100.00 each

    def charge(invoice: Invoice):
        def call():
            return Client(enforce_csrf_checks=True).post(
                f"/fluidpay/api/invoice/{invoice.pk}/pay",
                json.dumps({"payment_method": {"card": CARD}}),
                content_type="application/json",
                HTTP_AUTHORIZATION=key,
                HTTP_IDEMPOTENCY_KEY=f"order-{invoice.pk}",
            )

        return call

    results, errors = run_together([charge(invoice) for invoice in invoices])
    assert len(KillingGateway.approvals) == CHARGES  # the processor took all 20
    assert len(results) + len(errors) == CHARGES
    assert Payment.objects.filter(status=Payment.Status.PROCESSING).count() == CHARGES

    # Retries of half the charges once their dead requests' leases ran out: the
    # same key goes to the processor again, which answers its first approval.
    KillingGateway.kill = False
    IdempotencyKey.objects.filter(is_pending=True).update(
        created_at=timezone.now() - IDEMPOTENCY_LEASE * 2
    )
    retried, retry_errors = run_together([charge(i) for i in invoices[:10]])
    assert retry_errors == [] and {r.status_code for r in retried} == {200}
    assert {r.json()["data"]["response"] for r in retried} == {"approved"}

    assert Payment.objects.filter(status=Payment.Status.PROCESSING).count() == 10
    call_command("reconcile_payments", stdout=StringIO())  # settles the other 10
    assert Payment.objects.filter(status=Payment.Status.SUCCEEDED).count() == CHARGES

    reached = len(KillingGateway.charges)
    retried, retry_errors = run_together([charge(i) for i in invoices])
    assert retry_errors == [] and {r.status_code for r in retried} == {200}
    assert len(KillingGateway.charges) == reached  # settled: not even asked again

    lost = doubled = 0
    for invoice in invoices:
        invoice.refresh_from_db()
        assert invoice.amount_paid <= invoice.total  # never overpaid
        succeeded = Payment.objects.filter(
            invoice=invoice, status=Payment.Status.SUCCEEDED
        ).count()
        lost += succeeded == 0
        doubled += succeeded > 1
        assert invoice.amount_paid == Decimal("100.00")
    assert (lost, doubled) == (0, 0)
    assert len(KillingGateway.approvals) == CHARGES  # nothing new was charged
    print(f"\nfault test: {CHARGES} charges, {lost} lost, {doubled} doubled")
