"""The pages the bench loads, in the order of the printed table.

Each page is a ``Page``: key, label, path, whether it is signed in, its group (which target it
has, below) and whether wrk loads it too (every page is measured in-process). The project
list's filter and the report's year are filled in from the data set; the project page is a
published project of the report year, the same project at every size, and the application
page a decided application of that year.

Groups and their targets uncached (issue #15), in-process at the largest size:
``public`` and ``api`` at least 0.1x the bare view, ``staff`` at least 0.04x, ``report`` at
most 300 ms. wrk's cached targets (at least 0.6x the baseline) are for the public pages.
"""

import datetime
import os
from typing import NamedTuple

BASELINE = "baseline"
SEARCH_TEXT = "klimat"
# A partner's name without its diacritic, in another form than stored: "Joniškis" (#14).
SEARCH_NAME = "joniskis"
# A word in every synthetic project's summary ("Ett samarbete om ..."), and "klimat" misspelt.
SEARCH_COMMON = "samarbete"
# The number of one synthetic project, published at every size (bench.build's seed).
SEARCH_RARE = "998"
SEARCH_MISSPELT = "klimatt"


class Page(NamedTuple):
    key: str
    label: str
    path: str
    signed_in: bool
    group: str
    wrk: bool


API_LISTS = ("places", "relationships", "projects", "objectives", "decisions", "meetings")
API_LISTS += ("nordic-meetings",)


def pages(report_year: int, project_slug: str, application_pk: int = 0) -> list[Page]:
    """The pages measured: every page, or those that BENCH_PAGES names (keys separated by
    spaces, e.g. "project_list search search_name"); the baseline is always measured."""
    chosen = os.environ.get("BENCH_PAGES", "").split()
    every = _every_page(report_year, project_slug, application_pk)
    unknown = sorted(set(chosen) - {page.key for page in every})
    if unknown:
        raise SystemExit(f"BENCH_PAGES names no page {', '.join(unknown)}")
    return [page for page in every if not chosen or page.key in (BASELINE, *chosen)]


def _every_page(report_year: int, project_slug: str, application_pk: int) -> list[Page]:
    return [
        Page(BASELINE, "baseline (bare view)", "/bench/baseline/", False, BASELINE, True),
        Page("start", "start page", "/", False, "public", True),
        Page(
            "project_list",
            "project list, filtered",
            "/projekt/?kind=school_exchange",
            False,
            "public",
            True,
        ),
        Page("search", "project search", f"/projekt/?q={SEARCH_TEXT}", False, "public", True),
        Page(
            "search_name",
            "project search, a name",
            f"/projekt/?q={SEARCH_NAME}",
            False,
            "public",
            True,
        ),
        Page("project", "project page", f"/projekt/{project_slug}/", False, "public", True),
        # The searches of #14 at their extremes: a word in every project's summary, a word in
        # one project (a project's number, in its title and summary), a misspelt word that
        # only the trigrams find (in one title in eight, like "klimat").
        Page(
            "search_common",
            "search, a word in all",
            f"/projekt/?q={SEARCH_COMMON}",
            False,
            "public",
            False,
        ),
        Page(
            "search_rare",
            "search, a word in one",
            f"/projekt/?q={SEARCH_RARE}",
            False,
            "public",
            False,
        ),
        Page(
            "search_misspelt",
            "search, misspelt",
            f"/projekt/?q={SEARCH_MISSPELT}",
            False,
            "public",
            False,
        ),
        *(
            Page(f"api_{name}", f"API {name}", f"/api/v1/{name}/", False, "api", False)
            for name in API_LISTS
        ),
        Page("staff_home", "staff start", "/arbete/", True, "staff", False),
        Page("decision_queue", "decision queue", "/arbete/att-besluta/", True, "staff", False),
        Page(
            "application",
            "application page",
            f"/arbete/ansokningar/{application_pk}/",
            True,
            "staff",
            False,
        ),
        Page("staff_projects", "staff project list", "/arbete/projekt/", True, "staff", False),
        Page(
            "admin_projects",
            "admin project list",
            "/admin/projects/project/",
            True,
            "staff",
            True,
        ),
        Page("dashboard", "dashboard", "/uppfoljning/", True, "staff", True),
        Page(
            "report",
            "yearly report",
            f"/uppfoljning/aterredovisning/?year={report_year}",
            True,
            "report",
            True,
        ),
    ]


# The searches, each compared with the filtered project list (#14).
SEARCH_PAGES = ("search", "search_name", "search_common", "search_rare", "search_misspelt")
PUBLIC_PAGES = ("start", "project_list", *SEARCH_PAGES, "project")


def report_year() -> int:
    """Last year: a whole year on record, and the year a report is made for."""
    return datetime.date.today().year - 1
