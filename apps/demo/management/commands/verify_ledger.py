"""`python manage.py verify_ledger`: re-compute the audit chains and every stored
total and balance from the rows; exit 0 with a one-line summary, or 1 naming each
record that does not match."""

import sys

from django.core.management.base import BaseCommand

from apps.audit.selectors import audit_chain_problems
from apps.clients.models import Client
from apps.invoices.ledger import invoice_ledger_problems
from apps.invoices.models import Invoice
from apps.payments.ledger import payment_ledger_problems
from apps.payments.models import Payment
from apps.quotes.ledger import quote_ledger_problems
from apps.quotes.models import Quote


class Command(BaseCommand):
    help = "Verify the audit chains and every stored total and balance."

    def handle(self, *args, **options):
        events, chains, problems = audit_chain_problems()
        problems += list(invoice_ledger_problems())
        problems += list(quote_ledger_problems())
        problems += list(payment_ledger_problems())
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            self.stderr.write(f"verify_ledger: {len(problems)} problem(s) found.")
            sys.exit(1)
        self.stdout.write(
            f"verify_ledger: OK: {events} events in {chains} chains; "
            f"{Invoice.objects.count()} invoices, {Quote.objects.count()} quotes, "
            f"{Payment.objects.count()} payments, {Client.objects.count()} clients "
            "match their rows."
        )
