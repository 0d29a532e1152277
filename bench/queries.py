"""Count the queries of each page: ``python -m bench.queries YEAR SLUG SESSION_KEY``.

Runs in-process with Django's test client against the bench database (the settings come
from the environment, as for gunicorn). The cache is cleared first, so the first count is of
a cold render; the second request shows what a cached page costs. Each count comes with the
request's time, so the cost of a cold render is on record beside wrk's (mostly warm) figures.
"""

import argparse
import json
import time


def count(client, path) -> tuple[int, float]:
    """The queries of one request, and its time in milliseconds (in-process, no network)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        milliseconds = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}, not 200")
    return len(captured), round(milliseconds, 1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year", type=int)
    parser.add_argument("slug")
    parser.add_argument("session_key")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from bench.pages import pages

    anonymous = Client(HTTP_HOST="127.0.0.1")
    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.cookies[settings.SESSION_COOKIE_NAME] = args.session_key
    # One request first, so that no page's figures carry the process's own first-request
    # costs (URL patterns, templates, translations loaded once per process).
    anonymous.get("/bench/baseline/")
    cache.clear()
    result = {}
    for key, _label, path, needs_login in pages(args.year, args.slug):
        client = signed_in if needs_login else anonymous
        cold, cold_ms = count(client, path)
        warm, warm_ms = count(client, path)
        result[key] = {"cold": cold, "warm": warm, "cold_ms": cold_ms, "warm_ms": warm_ms}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
