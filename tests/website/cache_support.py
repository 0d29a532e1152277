"""The caches the cache tests run against (#15): local memory with the version in the database,
a shared Redis with the version in it, and caches that fail.

Redis is the local server, database 9, under a key prefix of this test process's own, so
that parallel runs never see each other's keys; only that prefix is removed afterwards. A
test that needs Redis skips, saying so, when no Redis answers.
"""

import os
import uuid

import pytest
from django.core.cache.backends.base import BaseCache

from website import caching

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
# Nothing listens on port 1: connecting is refused at once, as with a stopped Redis.
DEAD_REDIS_URL = "redis://127.0.0.1:1/9"
REDIS_BACKEND = "django.core.cache.backends.redis.RedisCache"
LOCMEM_BACKEND = "django.core.cache.backends.locmem.LocMemCache"


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def redis_caches(prefix: str, url: str = REDIS_URL) -> dict:
    return {
        "default": {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def remove_prefix(prefix: str):
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


class FailingCache(BaseCache):
    """A cache backend whose every operation raises, as Redis does when it is gone."""

    calls = 0

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        type(self).calls += 1
        raise ConnectionError("Error 111 connecting to cache:6379. Connection refused.")

    add = get = set = touch = delete = clear = incr = decr = has_key = _fail
    get_many = set_many = delete_many = get_or_set = _fail


FAILING_BACKEND = f"{__name__}.FailingCache"


def use_store(settings, kind: str):
    """Configure the cache: "database" (local memory, the version in the database, the
    production default without REDIS_URL) or "redis" (shared, the version in Redis).
    Returns a function that cleans up."""
    caching.state.reset()
    if kind == "database":
        settings.CACHES = {"default": {"BACKEND": LOCMEM_BACKEND, "LOCATION": uuid.uuid4().hex}}
        settings.CONTENT_VERSION_IN_CACHE = None
        return lambda: None
    if not redis_answers():
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    prefix = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    settings.CACHES = redis_caches(prefix)
    settings.CONTENT_VERSION_IN_CACHE = None
    return lambda: remove_prefix(prefix)
