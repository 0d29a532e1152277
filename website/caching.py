"""The cached public pages: a content version that every worker and server agrees on, and a
cache that may fail without taking the site with it.

**The content version** is part of the key of every cached page and fragment. Any change to a
domain record raises it (website.signals), so a cached page is never served after the record
it shows has changed. Where it is kept depends on the cache (docs/ARCHITECTURE.md):

- With a cache that every worker and server shares (Redis, memcached, the database cache),
  it is a counter in that cache, raised atomically (``incr``). Reading it costs one cache get.
- With a cache each process keeps for itself (local memory, the default without REDIS_URL),
  a version in that cache would be known only to the worker that saved the change. It is
  then the row of ``website.models.ContentVersion``, read with one primary-key query per
  cached page, plus a counter in this process that makes the process's own changes visible
  to itself at once (also inside a transaction that has not committed yet).

It is raised twice: at the change itself, and again after the commit
(``transaction.on_commit``, once per transaction). A reader that took the version raised at
the change but read the rows before the commit may store the old page under that version;
the raise after the commit moves every later request past it. The commit and the second
raise run in the same call, so once a save has returned, the next request on any worker
sees the change.

**Failure.** Every use of the cache goes through :func:`guarded`: when the cache raises
(Redis down or unreachable), the page is rendered without it, a save still succeeds, and one
WARNING is logged for the outage; the cache is not asked again for ``RETRY_SECONDS``. A
raise that failed is owed and made as soon as the cache answers again.
"""

import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "website:content-version"
# Fragments also expire on their own: "current" and "upcoming" depend on the date.
FRAGMENT_TIMEOUT = 600
# After a failure the cache is left alone this long: a dead Redis costs one timeout per
# worker every few seconds, not one per request.
RETRY_SECONDS = 5.0
# Caches that every worker and every server reads: the content version can live in them.
SHARED_CACHES = frozenset(
    {
        "django.core.cache.backends.redis.RedisCache",
        "django.core.cache.backends.memcached.PyMemcacheCache",
        "django.core.cache.backends.memcached.PyLibMCCache",
        "django.core.cache.backends.db.DatabaseCache",
    }
)
# The attribute a request keeps its content version in, read once per request.
_REQUEST_ATTRIBUTE = "_content_version"


# --- the guard ------------------------------------------------------------------------------


class _CacheState:
    """Whether the cache failed lately, in this process (each worker learns it for itself)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0
        self.down = False
        self.bump_owed = False

    def reset(self):
        with self.lock:
            self.retry_at, self.down, self.bump_owed = 0.0, False, False


state = _CacheState()


def cache_available() -> bool:
    """False while the cache is left alone after a failure."""
    return time.monotonic() >= state.retry_at


def guarded(operation, default=None):
    """``operation()`` on the cache, or ``default`` when the cache fails or failed lately.

    The first failure logs one WARNING and leaves the cache alone for RETRY_SECONDS; later
    failures of the same outage are not logged again; the first success after it logs that
    the cache answers again, and first makes a content-version raise that failed meanwhile.
    """
    if not cache_available():
        return default
    try:
        if state.bump_owed:
            _raise_in_cache()
            state.bump_owed = False
        result = operation()
    except Exception as error:  # noqa: BLE001 - any failure of the cache costs speed only
        with state.lock:
            state.retry_at = time.monotonic() + RETRY_SECONDS
            first = not state.down
            state.down = True
        if first:
            logger.warning(
                "The cache does not answer (%s: %s); pages are served without it, and it is "
                "tried again every %d seconds.",
                type(error).__name__,
                error,
                RETRY_SECONDS,
            )
        return default
    if state.down:
        with state.lock:
            state.down = False
        logger.info("The cache answers again.")
    return result


# --- the content version ----------------------------------------------------------------------


class _LocalChanges:
    """Changes made by this process, counted in memory (used with a per-process cache)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.count = 0

    def add(self):
        with self.lock:
            self.count += 1


local_changes = _LocalChanges()


def version_in_cache() -> bool:
    """True when the version lives in the (shared) cache, False when in the database.

    The setting CONTENT_VERSION_IN_CACHE decides when set; otherwise the cache backend.
    """
    configured = getattr(settings, "CONTENT_VERSION_IN_CACHE", None)
    if configured is not None:
        return bool(configured)
    return settings.CACHES["default"]["BACKEND"] in SHARED_CACHES


def _version_from_cache():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Lost (evicted, flushed, a new Redis): a new one that was never used before.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _version_from_database() -> str:
    """One primary-key read of the one row, as SQL written once: every cached page asks it,
    and building the query through the ORM cost twice its round trip (0.24 of 0.34 ms a
    request, a quarter of a cached page's time; docs/performance.md, #15).

    It is the request's first query, so it is the connection's health check too
    (CONN_HEALTH_CHECKS): Django's own check is one more round trip ("SELECT 1") before it,
    which a cached page spent for nothing but the check. A connection that fails it (the
    server restarted, the connection was cut) is closed and the read made once again on a
    new one, as Django's check would have done before the read."""
    from django.db import connection

    sql = _VERSION_QUERIES.get(connection.vendor)
    if sql is None:
        from website.models import ContentVersion

        sql = _VERSION_QUERIES.setdefault(
            connection.vendor, _version_query(ContentVersion, connection)
        )
    if (
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
        and not connection.in_atomic_block
    ):
        connection.health_check_done = True
        try:
            row = _read_one_row(connection, sql)
        except (InterfaceError, OperationalError):
            connection.close()
            row = _read_one_row(connection, sql)
    else:
        row = _read_one_row(connection, sql)
    return f"{row[0] if row else 0}.{local_changes.count}"


# The version's SQL for each database vendor, written once per process.
_VERSION_QUERIES: dict[str, str] = {}


def _version_query(model, connection) -> str:
    quote = connection.ops.quote_name
    return "SELECT {} FROM {} WHERE {} = %s".format(
        quote(model._meta.get_field("number").column),
        quote(model._meta.db_table),
        quote(model._meta.pk.column),
    )


def _read_one_row(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql, [1])
        return cursor.fetchone()


def read_content_version() -> str | None:
    """The current version; None when it is kept in the cache and the cache does not answer
    (then nothing may be read from or stored in the cache)."""
    if version_in_cache():
        version = guarded(_version_from_cache)
        return None if version is None else str(version)
    return _version_from_database()


def content_version(request=None) -> str | None:
    """The version for this request: read once, then the same for the whole request."""
    if request is None:
        return read_content_version()
    if not hasattr(request, _REQUEST_ATTRIBUTE):
        setattr(request, _REQUEST_ATTRIBUTE, read_content_version())
    return getattr(request, _REQUEST_ATTRIBUTE)


def _raise_in_cache():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache (lost): a new one, never used before
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _raise_in_database():
    """One UPDATE of the one row, outside any transaction of the change (after its commit).

    Never lower than the clock's nanoseconds, so a database restored from an older backup
    cannot bring back a version that a worker still holds pages for.
    """
    from website.models import ContentVersion

    now = time.time_ns()
    rows = ContentVersion.objects.filter(pk=1).update(number=Greatest(F("number") + 1, now))
    if not rows:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": now})


def raise_content_version() -> None:
    """Raise the version now (visible to this process at once)."""
    if version_in_cache():
        if guarded(lambda: _raise_in_cache() or True) is None:
            state.bump_owed = True
    else:
        local_changes.add()


def _raise_after_commit() -> None:
    if version_in_cache():
        raise_content_version()
    else:
        _raise_in_database()


def content_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """A domain record changed: raise the version now, and again after the commit.

    Inside a transaction the second raise is registered once (a savepoint rolled back takes
    its registration with it, so the next change registers again). Outside one, on_commit
    runs it at once.
    """
    raise_content_version()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        func is _raise_after_commit for _ids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_raise_after_commit, using=using, robust=True)


# --- whole pages ------------------------------------------------------------------------------


def _page_key(request, version: str) -> str:
    """Everything a public page depends on: language, content version, the day, the address."""
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    day = timezone.localdate().isoformat()
    return f"website:page:{request.LANGUAGE_CODE}:{version}:{day}:{address}"


def serve_cached_page(request, render):
    """A public page from the cache, or rendered by ``render()`` and kept for the next visitor.

    Under load most of a public page's time went to building querysets and rendering the
    page around its cached fragments; a whole page from the cache costs one cache read and
    the version's (a cache read, or one primary-key query with a per-process cache).
    Only plain visits are cached: a GET without a session (a signed-in user may see
    messages), answered 200 without setting a cookie. The key holds the content version, so
    a changed record is never served stale, and the day, for "current" and "upcoming".
    Without a cache that answers, the page is rendered every time.
    """
    if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return render()
    version = content_version(request)
    if version is None:
        return render()
    key = _page_key(request, version)
    cached = guarded(lambda: cache.get(key))
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
        content = (response.content, response["Content-Type"])
        guarded(lambda: cache.set(key, content, FRAGMENT_TIMEOUT))
    return response


# --- parts rendered once per content version ------------------------------------------------


class _PerVersion:
    """What this process rendered for the latest content version it saw, by part.

    Only one version is kept: a page asking with a newer one starts afresh, so nothing of an
    older version is ever served again and the memory is bounded by the parts and languages.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.parts: dict = {}

    def get(self, version: str, key):
        with self.lock:
            return self.parts.get(key) if version == self.version else None

    def keep(self, version: str, key, value) -> None:
        with self.lock:
            if version != self.version:
                self.version, self.parts = version, {}
            self.parts[key] = value

    def forget(self) -> None:
        """Start afresh (the tests: a rolled-back test can leave a version a later one sees
        again with other rows)."""
        with self.lock:
            self.version, self.parts = None, {}


per_version = _PerVersion()


def rendered_per_version(version: str | None, key, render) -> str:
    """``render()`` once per process for each ``key`` and content ``version`` (the request's).

    A part that depends on records and on nothing that varies between requests (the
    footer's public contact) is the same for every request until the content version is
    raised, which every change to such a record does (website.signals). The version is read
    for the request anyway (one query, website.caching): keyed on it, the part costs no
    query and no rendering of its own, with any cache, the dummy cache of the benchmarks
    included (#15). Without a version (it lives in a cache that does not answer, or the page
    is a preview that is never cached) the part is rendered every time, as a cached fragment
    would be.
    """
    if version is None:
        return render()
    value = per_version.get(version, key)
    if value is None:
        value = render()
        per_version.keep(version, key, value)
    return value
