"""The shared cache on the real Redis this machine kind runs (127.0.0.1:6379), as CHORUS_REDIS_URL
configures it: the site answers, and rate limits, pause flags and cached pages live in Redis.

With CHORUS_REDIS_URL set, every page was a 500 while the `redis` package was not a dependency.
The settings are computed by chorus/settings/base.py itself with the variable set. The tests use
a database number of their own and a key prefix per test, and delete only their own keys:
RedisCache.clear() would empty the whole database, so no test here calls it.
"""

from __future__ import annotations

import runpy
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.db import transaction
from django.test import Client

from chorus.actions.services import is_paused, set_paused

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database number used by tests only


class RedisKeys:
    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client = client
        self.prefix = prefix

    def matching(self, part: str) -> list[str]:
        return sorted(key.decode() for key in self.client.scan_iter(match=f"{self.prefix}:*{part}*"))


@pytest.fixture
def redis_cache(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[RedisKeys]:
    client = redis.Redis.from_url(REDIS_URL)
    client.ping()  # no Redis is a failure, not a skip: this machine kind runs one
    monkeypatch.setenv("CHORUS_REDIS_URL", REDIS_URL)
    configured = runpy.run_module("chorus.settings.base")["CACHES"]
    prefix = f"chorus-test-{uuid.uuid4().hex}"
    assert configured["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert configured["pages"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    settings.CACHES = {
        "default": {**configured["default"], "KEY_PREFIX": prefix},
        "pages": {**configured["pages"], "KEY_PREFIX": f"{prefix}:{configured['pages']['KEY_PREFIX']}"},
    }
    keys = RedisKeys(client, prefix)
    try:
        yield keys
    finally:
        own = list(client.scan_iter(match=f"{prefix}:*"))
        if own:
            client.delete(*own)
        client.close()


def test_pages_are_served_and_cached_in_redis(demo_site: Any, redis_cache: RedisKeys) -> None:
    for language in ("en", "th", "km"):
        response = Client().get(f"/{language}/")
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
    assert redis_cache.matching(":pages:")  # the anonymous page cache wrote there


def test_rate_limits_count_in_redis(demo_site: Any, redis_cache: RedisKeys) -> None:
    for _ in range(3):
        response = Client().post("/th/my-data/", {"email": "somchai@example.org"}, REMOTE_ADDR="198.51.100.4")
        assert response.status_code in (200, 302)
    (daily, *_others) = counters = redis_cache.matching("chorus:rate:")
    assert all("198.51.100.4" not in key for key in counters)  # keyed hashes, never the address
    assert int(redis_cache.client.get(daily) or 0) >= 3


def test_the_pause_flag_goes_through_redis(campaign: Any, redis_cache: RedisKeys) -> None:
    assert not is_paused(campaign.pk)
    (flag,) = redis_cache.matching(f"chorus:paused:{campaign.pk}")
    with transaction.atomic():
        set_paused(campaign.pk, True)
    assert redis_cache.matching(f"chorus:paused:{campaign.pk}") == []  # cleared for every process
    assert is_paused(campaign.pk)
    assert redis_cache.matching(f"chorus:paused:{campaign.pk}") == [flag]
