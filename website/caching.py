"""The version of the public content, part of every cached fragment's key.

Any change to a domain record bumps the version (website.signals), so a cached fragment is
never served after the record it shows has changed. The version lives in the cache itself,
so every application server sharing that cache sees the same one.
"""

import time

from django.core.cache import cache

VERSION_KEY = "website:content-version"
# Fragments also expire on their own: "current" and "upcoming" depend on the date.
FRAGMENT_TIMEOUT = 600


def content_version() -> int:
    """The current version; a new one if the cache lost it (never one used before)."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def bump_content_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
