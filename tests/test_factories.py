"""Every model has a factory, and each builds a valid row through the real services."""

from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from apps.accounts.services import sha256_hex
from tests.factories import (
    accounts,
    api,
    audit,
    clients,
    companies,
    core,
    invoices,
    payments,
    quotes,
    webhooks,
)

pytestmark = pytest.mark.django_db

FACTORIES = [
    accounts.UserFactory,
    accounts.ApiKeyFactory,
    accounts.LoginTokenFactory,
    accounts.SessionTokenFactory,
    accounts.AccountPolicyFactory,
    accounts.UserEventFactory,
    api.IdempotencyKeyFactory,
    audit.AuditEventFactory,
    clients.ClientFactory,
    companies.CompanyProfileFactory,
    core.CustomFieldFactory,
    invoices.TaxRateFactory,
    invoices.InvoiceFactory,
    invoices.InvoiceItemFactory,
    invoices.InvoiceEventFactory,
    invoices.CreditNoteRefundFactory,
    payments.PaymentFactory,
    payments.SandboxChargeFactory,
    payments.GatewayEventFactory,
    quotes.QuoteFactory,
    quotes.QuoteItemFactory,
    webhooks.WebhookEndpointFactory,
    webhooks.WebhookDeliveryFactory,
    webhooks.WebhookAttemptFactory,
    webhooks.OverdueAnnouncementFactory,
]


def test_every_project_model_has_a_factory():
    covered = {factory._meta.model for factory in FACTORIES}
    project_models = {
        model
        for model in django_apps.get_models()
        if model.__module__.startswith("apps.") and not model._meta.abstract
    }
    assert project_models - covered == set()


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_saved_row(factory):
    instance = factory()
    assert instance.pk is not None
    instance.full_clean(exclude=["password", "response_body"])


def test_item_factories_recompute_their_documents_totals():
    item = invoices.InvoiceItemFactory(
        quantity=Decimal("3"), unit_price=Decimal("5.00")
    )
    assert item.invoice.total == Decimal(
        "115.00"
    )  # the default 2 × 50.00 item, + 15.00
    quote_item = quotes.QuoteItemFactory(unit_price=Decimal("1.25"))
    assert quote_item.quote.total == Decimal("102.50")


def test_credential_factories_keep_only_hashes():
    key = accounts.ApiKeyFactory()
    assert key.key_hash == sha256_hex(key.issued.key) != key.issued.key
    token = accounts.LoginTokenFactory()
    assert token.token_hash == sha256_hex(token.token.split("|", 1)[1])
    session = accounts.SessionTokenFactory()
    assert session.token_hash == sha256_hex(session.token)
