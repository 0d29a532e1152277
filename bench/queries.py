"""Each page in-process, cached and uncached: ``python -m bench.queries YEAR SLUG APP SESSION``.

Runs with Django's test client against the bench database (the settings come from the
environment, as for gunicorn), so no network or worker is in the figures. For every page:

- the queries of a cold request (cache cleared first) and of a warm one (right after, in the
  same second: ``cold_and_warm``);
- ``uncached_ms``: the median of 5 requests, the cache cleared before each, so every one of
  them misses every cache (whole page, fragments and the content version);
- ``cached_ms``: the median of as many requests with the cache left as it is.

The bare view is measured the same way, and ``uncached_ratio`` is its median over the
page's uncached median (1.0 would be as fast as the bare view).
"""

import argparse
import json
import statistics
import time

# A page's repeats stop after this many seconds (once the minimum is reached).
PAGE_BUDGET_SECONDS = 2.0
MIN_REPEAT = 5


def timed(client, path) -> float:
    started = time.perf_counter()
    response = client.get(path)
    milliseconds = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return milliseconds


def count(client, path) -> tuple[int, float]:
    """The queries of one request, and its time in milliseconds (in-process, no network)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        milliseconds = timed(client, path)
    return len(captured), round(milliseconds, 1)


def cold_and_warm(client, path, attempts: int = 5) -> tuple[int, float, int, float]:
    """The queries and times of a cold request (the cache cleared first) and of a warm one
    right after, both within one second of the clock, as a reload is: a list that keeps the
    time of the user's visit (``staff.last_visit``, to the second) writes it again when the
    warm request falls in a later second, three queries more that say nothing about the
    page (the staff start page's warm count was 9 at 1k and 6 at 100k on 2026-12-07).

    The cold request is the user's first visit to the page in the session: the visits'
    times are taken out of a signed-in client's session first, so it always writes the
    time (without it, the cold count was 6 or 9 by whether the page's previous request in
    the bench fell in the same second: 6 at 1k and 9 at 100k in a run at 15:58 UTC)."""
    from django.conf import settings
    from django.core.cache import cache

    from staff.last_visit import SESSION_KEY

    for _attempt in range(attempts):
        if settings.SESSION_COOKIE_NAME in client.cookies:
            session = client.session
            if session.pop(SESSION_KEY, None) is not None:
                session.save()
        second = int(time.time())
        cache.clear()
        cold, cold_ms = count(client, path)
        warm, warm_ms = count(client, path)
        if int(time.time()) == second:
            break
    return cold, cold_ms, warm, warm_ms


def median_of(client, path, repeat: int, *, clear: bool) -> tuple[float, int]:
    """The median time of up to ``repeat`` requests, and how many were made."""
    from django.core.cache import cache

    times, started = [], time.perf_counter()
    while len(times) < repeat:
        if clear:
            cache.clear()
        times.append(timed(client, path))
        if len(times) >= MIN_REPEAT and time.perf_counter() - started > PAGE_BUDGET_SECONDS:
            break
    return round(statistics.median(times), 2), len(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year", type=int)
    parser.add_argument("slug")
    parser.add_argument("application", type=int)
    parser.add_argument("session_key")
    args = parser.parse_args(argv)
    repeat = MIN_REPEAT  # gunicorn's uncached figures (bench.run) repeat BENCH_REPEAT times

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from bench.pages import pages

    anonymous = Client(HTTP_HOST="127.0.0.1")
    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.cookies[settings.SESSION_COOKIE_NAME] = args.session_key
    # One request of each page first, so that no page's figures carry the process's own
    # first-request costs (URL patterns, templates, translations loaded once per process).
    measured = pages(args.year, args.slug, args.application)
    for page in measured:
        timed(signed_in if page.signed_in else anonymous, page.path)
    result = {}
    for page in measured:
        client = signed_in if page.signed_in else anonymous
        cold, cold_ms, warm, warm_ms = cold_and_warm(client, page.path)
        uncached_ms, uncached_n = median_of(client, page.path, repeat, clear=True)
        cached_ms, cached_n = median_of(client, page.path, repeat, clear=False)
        result[page.key] = {
            "cold": cold,
            "warm": warm,
            "cold_ms": cold_ms,
            "warm_ms": warm_ms,
            "uncached_ms": uncached_ms,
            "uncached_n": uncached_n,
            "cached_ms": cached_ms,
            "cached_n": cached_n,
        }
    base = result[measured[0].key]["uncached_ms"]
    for figures in result.values():
        figures["uncached_ratio"] = round(base / figures["uncached_ms"], 4)
        figures["cached_ratio"] = round(base / figures["cached_ms"], 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
