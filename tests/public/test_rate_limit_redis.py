"""With several web processes the pay-attempt limits must be shared: the README's
production setting points DJANGO_CACHE_URL at Redis. This runs the hosted page's
limit against the real Redis every machine here has (127.0.0.1:6379, database 15)."""

import uuid

import environ
import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from apps.core.ratelimit import _cache_key
from apps.payments.models import Payment

from .helpers import pay, payable_invoice

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/15"
DECLINING_CARD = {"card_number": "4000000000000002"}


@pytest.fixture
def redis_cache():
    prefix = f"remit-test-{uuid.uuid4().hex}"
    config = {**environ.Env.cache_url_config(REDIS_URL), "KEY_PREFIX": prefix}
    with override_settings(CACHES={"default": config}):
        yield config
    RedisCache(REDIS_URL, {"KEY_PREFIX": prefix}).clear()


def test_the_setting_in_the_readme_gives_django_s_redis_cache():
    assert environ.Env.cache_url_config(REDIS_URL)["BACKEND"] == (
        "django.core.cache.backends.redis.RedisCache"
    )


@override_settings(REMIT_PAY_RATE_LIMIT_PER_HASH=2, REMIT_PAY_RATE_LIMIT_PER_IP=100)
def test_pay_attempts_are_counted_in_redis_where_every_process_sees_them(
    client, redis_cache
):
    invoice = payable_invoice()
    codes = [pay(client, invoice, **DECLINING_CARD).status_code for _ in range(3)]
    assert codes == [402, 402, 429]
    assert Payment.objects.count() == 2
    # Another process: a connection of its own to the same Redis sees the count.
    other_process = RedisCache(REDIS_URL, {"KEY_PREFIX": redis_cache["KEY_PREFIX"]})
    assert other_process.get(_cache_key("pay:hash", invoice.public_hash)) == 3
