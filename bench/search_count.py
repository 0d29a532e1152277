"""The search's own queries, exact and listed: ``python -m bench.search_count WORD ...``.

For each word (#14), in-process against the bench database (settings from the environment,
as for ``bench.queries``): the milliseconds of the API's exact search (``count()`` of every
match, then the first page's 20 ids: what the project list asked before the limit) and of
the project list's (``projects.search.listed``: at most ``LISTED_AT_MOST + 1`` matches read
once, which is its count and its pages' ids), each the median of ``--repeat`` runs,
alternated so that a loaded machine weighs on both alike. Prints one JSON line.
"""

import argparse
import json
import statistics
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="+")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from projects import search
    from website import queries
    from website.filters import search_projects

    def exact(word):
        found = search_projects(queries.published_projects(), word)
        return found.count(), [p.pk for p in found[0:20]]

    def listed(word):
        found = search.listed(search_projects(queries.published_projects(), word))
        return found.count(), found.more, [p.pk for p in found[0:20]]

    result = {}
    for word in args.words:
        times = {"exact": [], "listed": []}
        figures = {}
        for _ in range(args.repeat):
            for name, run in (("exact", exact), ("listed", listed)):
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    answer = run(word)
                    times[name].append((time.perf_counter() - started) * 1000)
                figures[name] = {"queries": len(captured), "count": answer[0]}
                if name == "listed":
                    figures[name]["more"] = answer[1]
        for name, values in times.items():
            figures[name]["ms"] = round(statistics.median(values), 1)
        result[word] = figures
    print(json.dumps(result))


if __name__ == "__main__":
    main()
