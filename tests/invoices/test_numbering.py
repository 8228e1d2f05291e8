"""Invoice numbers come from a locked counter: concurrent creations never share or
skip a number. Threads each use their own database connection, so the test needs
real transactions (transaction=True); SQLite's test database is a file for this."""

from decimal import Decimal

import pytest

from apps.invoices.models import Invoice
from apps.invoices.services import invoice_create
from tests.concurrency import run_together
from tests.factories.clients import ClientFactory
from tests.factories.companies import CompanyProfileFactory
from tests.factories.invoices import item_data

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_creations_get_distinct_numbers_without_gaps():
    company = CompanyProfileFactory(invoice_prefix="INV-", number_padding=5)
    client = ClientFactory()

    def create(index: int) -> None:
        invoice_create(
            client=client,
            company_profile=company,
            items=[item_data(unit_price=Decimal(index + 1))],
        )

    _, errors = run_together([lambda i=i: create(i) for i in range(THREADS)])

    assert errors == []
    invoices = Invoice.objects.filter(company_profile=company)
    assert sorted(invoices.values_list("sequence", flat=True)) == list(
        range(1, THREADS + 1)
    )
    assert sorted(invoices.values_list("number", flat=True)) == [
        f"INV-{n:05d}" for n in range(1, THREADS + 1)
    ]
    company.refresh_from_db()
    assert company.next_invoice_sequence == THREADS + 1


@pytest.mark.django_db
def test_sequential_numbers_are_unique_and_a_failed_creation_gives_its_number_back():
    company = CompanyProfileFactory(invoice_prefix="INV-", number_padding=4)
    client = ClientFactory()
    first = invoice_create(client=client, company_profile=company)
    with pytest.raises(Exception):  # noqa: B017 any refusal rolls the counter back too
        invoice_create(client=client, company_profile=company, currency="???")
    second = invoice_create(client=client, company_profile=company)
    assert (first.number, second.number) == ("INV-0001", "INV-0002")


@pytest.mark.django_db
def test_each_profile_has_its_own_counter():
    client = ClientFactory()
    a, b = (
        CompanyProfileFactory(invoice_prefix="A-"),
        CompanyProfileFactory(invoice_prefix="B-"),
    )
    numbers = [
        invoice_create(client=client, company_profile=p).number for p in (a, b, a)
    ]
    assert numbers == ["A-00001", "B-00001", "A-00002"]


@pytest.mark.django_db
def test_the_counter_skips_a_number_chosen_by_hand():
    company = CompanyProfileFactory(invoice_prefix="INV-", number_padding=4)
    client = ClientFactory()
    invoice_create(client=client, company_profile=company, number="INV-0002")
    numbers = [
        invoice_create(client=client, company_profile=company).number for _ in range(2)
    ]
    assert numbers == [
        "INV-0003",
        "INV-0004",
    ]  # sequence 1 went to the hand-numbered one
    assert Invoice.objects.filter(company_profile=company).count() == 3
