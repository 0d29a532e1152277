"""The pages the bench loads, in the order of the printed table.

Each page is (key, label, path, signed_in). The project list's filter and the report's year
are filled in from the data set; the project page is a published project of the report year,
the same project at every size.
"""

import datetime

BASELINE = "baseline"


def pages(report_year: int, project_slug: str) -> list[tuple[str, str, str, bool]]:
    return [
        (BASELINE, "baseline (bare view)", "/bench/baseline/", False),
        ("start", "start page", "/", False),
        ("project_list", "project list, filtered", "/projekt/?kind=school_exchange", False),
        ("project", "project page", f"/projekt/{project_slug}/", False),
        ("admin_projects", "admin project list", "/admin/projects/project/", True),
        ("dashboard", "dashboard", "/uppfoljning/", True),
        ("report", "yearly report", f"/uppfoljning/aterredovisning/?year={report_year}", True),
    ]


PUBLIC_PAGES = ("start", "project_list", "project")


def report_year() -> int:
    """Last year: a whole year on record, and the year a report is made for."""
    return datetime.date.today().year - 1
