"""Degrade, don't fail: with Redis unreachable, the customer's pages and the API
login still answer (rate limits count per process, a warning is logged).

Redis "goes down" by pointing the cache at a closed loopback port: the machine's
Redis service is never touched.
"""

import logging
import socket
import uuid
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from apps.core.cache import FailSoftRedisCache
from apps.invoices.models import Invoice
from apps.payments.models import Payment
from tests.factories.accounts import UserFactory
from tests.public.helpers import (
    DECLINING_CARD,
    hidden_fields,
    pay,
    payable_invoice,
    url,
)

pytestmark = pytest.mark.django_db
LIVE_REDIS = "redis://127.0.0.1:6379/9"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket closes


def dead_redis(backend="django.core.cache.backends.redis.RedisCache"):
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": backend,
                "LOCATION": f"redis://127.0.0.1:{closed_port()}/9",
                "KEY_PREFIX": f"remit-test-{uuid.uuid4().hex}",
            }
        }
    )


@pytest.fixture
def live_redis():
    config = {
        "BACKEND": "apps.core.cache.FailSoftRedisCache",
        "LOCATION": LIVE_REDIS,
        "KEY_PREFIX": f"remit-test-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": config}):
        yield
        cache.clear()


def test_redis_stops_during_a_hosted_payment_and_the_customer_is_paid(
    client, live_redis, caplog
):
    invoice = payable_invoice()
    hidden = hidden_fields(client, invoice)  # the page was served while Redis was up
    with dead_redis(), caplog.at_level(logging.WARNING, logger="remit.ratelimit"):
        response = client.post(
            url("pay", invoice),
            {
                "method": "card",
                "tip_choice": "none",
                **hidden,
                "card_number": "4111111111111111",
                "card_expiry": "12/30",
                "card_cvc": "123",
                "card_name": "Ada Lovelace",
            },
        )
    assert response.status_code == 302, response.content[:500]
    assert "/receipt/" in response["Location"]
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.balance == Decimal("0")
    assert "Rate-limit cache unavailable" in caplog.text
    # The receipt page the customer lands on answers too.
    with dead_redis():
        assert client.get(response["Location"]).status_code == 200


def test_with_redis_down_the_pay_limit_still_holds_per_process(client, settings):
    settings.REMIT_PAY_RATE_LIMIT_PER_HASH = 2
    settings.REMIT_PAY_RATE_LIMIT_PER_IP = 100
    invoice = payable_invoice()
    with dead_redis():
        codes = [pay(client, invoice, **DECLINING_CARD).status_code for _ in range(3)]
    assert codes == [402, 402, 429]  # a clear "try again later", never a 500
    assert Payment.objects.filter(invoice=invoice).count() == 2


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.redis.RedisCache",
        "apps.core.cache.FailSoftRedisCache",
    ],
)
def test_with_redis_down_pay_by_mail_and_the_pdf_answer(client, backend):
    invoice = payable_invoice()
    with dead_redis(backend):
        assert client.get(url("detail", invoice)).status_code == 200
        pdf = client.get(url("pdf", invoice))
        mail = client.post(url("mail", invoice))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert mail.status_code == 302
    invoice.refresh_from_db()
    assert invoice.awaiting_mail_since is not None


def test_with_redis_down_the_fusioninvoice_login_still_signs_in(caplog):
    UserFactory(email="api@example.com", password="correct-horse-battery")
    with (
        dead_redis("apps.core.cache.FailSoftRedisCache"),
        caplog.at_level(logging.WARNING, logger="remit.cache"),
    ):
        response = APIClient(enforce_csrf_checks=True).post(
            "/api/v1/login",
            {"email": "api@example.com", "password": "correct-horse-battery"},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert "|" in response.json()["token"]
    assert "Redis cache unavailable" in caplog.text


def test_fail_soft_cache_counts_in_the_process_and_uses_redis_when_it_is_up():
    down = FailSoftRedisCache(f"redis://127.0.0.1:{closed_port()}/9", {})
    assert down.add("k", 1, 60) and down.incr("k") == 2 and down.get("k") == 2
    with pytest.raises(Exception):  # noqa: B017 - the health probe sees the outage
        down.ping()
    up = FailSoftRedisCache(LIVE_REDIS, {"KEY_PREFIX": uuid.uuid4().hex})
    up.ping()
    up.set("k", 5, 60)
    other_process = FailSoftRedisCache(LIVE_REDIS, {"KEY_PREFIX": up.key_prefix})
    assert other_process.get("k") == 5
    up.clear()
