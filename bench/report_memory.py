"""Peak memory of building one yearly report and its PDF: ``python -m bench.report_memory YEAR``.

Runs in its own process so that its peak resident size (VmHWM) belongs to this one report and
nothing else. It prints the peak after start-up (Django and WeasyPrint imported, no report
yet) and after building the report and rendering its PDF; the difference is the report's.
"""

import argparse
import json
import time

from bench.procmem import peak_rss_bytes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year", type=int)
    args = parser.parse_args(argv)

    import django

    django.setup()
    import weasyprint  # noqa: F401  imported before the first figure: start-up, not report
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory
    from django.utils import translation

    from bench.build import BENCH_USERNAME
    from followup import exports, report

    translation.activate("sv")
    request = RequestFactory(HTTP_HOST="127.0.0.1").get("/uppfoljning/aterredovisning/pdf/")
    request.user = get_user_model().objects.get(username=BENCH_USERNAME)
    before = peak_rss_bytes()
    started = time.perf_counter()
    yearly = report.build(args.year)
    pdf = exports.report_pdf(yearly, request=request)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "year": args.year,
                "projects": len(yearly.projects),
                "pdf_bytes": len(pdf),
                "seconds": round(seconds, 2),
                "startup_peak_bytes": before,
                "peak_bytes": peak_rss_bytes(),
            }
        )
    )


if __name__ == "__main__":
    main()
