"""The version of the public content, part of every cached fragment's key.

Any change to a domain record bumps the version (website.signals), so a cached fragment is
never served after the record it shows has changed. The version lives in the cache itself,
so every application server sharing that cache sees the same one.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

VERSION_KEY = "website:content-version"
# Fragments also expire on their own: "current" and "upcoming" depend on the date.
FRAGMENT_TIMEOUT = 600


def content_version() -> int:
    """The current version; a new one if the cache lost it (never one used before)."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def bump_content_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _page_key(request) -> str:
    """Everything a public page depends on: language, content version, the day, the address."""
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    day = timezone.localdate().isoformat()
    return f"website:page:{request.LANGUAGE_CODE}:{content_version()}:{day}:{address}"


def serve_cached_page(request, render):
    """A public page from the cache, or rendered by ``render()`` and kept for the next visitor.

    Under load most of a public page's time went to building querysets and rendering the
    page around its cached fragments; a whole page from the cache costs one cache read.
    Only plain visits are cached: a GET without a session (a signed-in user may see
    messages), answered 200 without setting a cookie. The key holds the content version, so
    a changed record is never served stale, and the day, for "current" and "upcoming".
    """
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return render()
    key = _page_key(request)
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        return HttpResponse(content, content_type=content_type)
    response = render()
    if callable(getattr(response, "render", None)):
        response.render()
    if (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        cache.set(key, (response.content, response["Content-Type"]), FRAGMENT_TIMEOUT)
    return response
