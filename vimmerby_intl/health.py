"""Health probes for load balancers and supervisors: /healthz and /readyz.

``/healthz`` answers 200 while the process serves requests. ``/readyz`` answers 200 when the
database answers too, 503 (naming what failed) when not. A cache that does not answer makes it
200 with the status "degraded": the site still serves every page without its cache
(website.caching), only slower, so the load balancer should keep the server rather than take
every server out at once when the shared Redis goes. Both are answered by
the first middleware, before the host check, the HTTPS redirect and the sessions, so a probe
by IP address over plain HTTP gets its answer instead of a 400 or a redirect, and nothing is
written to the log while all is well (gunicorn's access log leaves them out too).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"

logger = logging.getLogger(__name__)


def database_answers() -> str | None:
    """None when the database answers a query, otherwise why not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        return f"{type(error).__name__}: {error}".strip()
    return None


def cache_answers() -> str | None:
    """None when the cache stores and returns a value, otherwise why not."""
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__}: {error}".strip()
    return None if value == "ok" else "the cache did not return what was stored"


# Without these the process cannot serve; without the others it serves, degraded.
REQUIRED = frozenset({"database"})


class _Degraded:
    """Whether the last probe found the cache down, so that an outage is logged once."""

    cache_down = False


def readiness() -> tuple[int, dict]:
    checks = {"database": database_answers(), "cache": cache_answers()}
    failed = {name: problem for name, problem in checks.items() if problem}
    fatal = {name: problem for name, problem in failed.items() if name in REQUIRED}
    status = "unavailable" if fatal else "degraded" if failed else "ok"
    body = {
        "status": status,
        "checks": {name: problem or "ok" for name, problem in checks.items()},
    }
    if fatal:
        logger.warning("Not ready: %s", "; ".join(f"{k}: {v}" for k, v in failed.items()))
    elif failed and not _Degraded.cache_down:
        logger.warning("Degraded, still serving: cache: %s", failed["cache"])
    _Degraded.cache_down = "cache" in failed
    return (503 if fatal else 200), body


class HealthCheckMiddleware:
    """Answers the two probes itself; every other request goes on unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/") or "/"
        if request.method not in ("GET", "HEAD") or path not in (LIVENESS_PATH, READINESS_PATH):
            return self.get_response(request)
        if path == LIVENESS_PATH:
            status, body = 200, {"status": "ok"}
        else:
            status, body = readiness()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response
