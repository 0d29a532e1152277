"""Queries per follow-up page and role, pinned (#10): rights come from one object per request.

The follow-up pages share the staff pages' access mixin, so a request costs the session and
the user, the user's groups and memberships (governance.access.Rights, asked once), then the
page's own reads, which do not grow with the number of records (tests/followup/test_views.py).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

# page, persona, queries.
COUNTS = [
    # #15: the S7/S8 row judges every project once and lists only what it finds (none here).
    # #13: +5 on the dashboard, its key figures (projects, participants, kronor granted and
    # spent, each for this year and last in one query) and this year's granted kronor by
    # funder and body (one query); +1 on the report, the year's texts; +1 on the dashboard,
    # the deadlines read the yearly calls too (projects.funding_calls).
    # #12: +1 for the coordinator, the approved work not yet published (one query).
    # #15: -3, the funding-check and external-funding rows list and count in one query each,
    # the objectives not served are read with the strategy in force; -1, the coming and the
    # overdue reports read in one query.
    # #15: -3, the four key figures read in one query; -3, the unconsulted applications and
    # the twin towns without a decision listed and counted in one query each, the network's
    # and the region's meetings read in one; -1, the decision revising the strategy read in
    # one query, not a revision's and an adoption's.
    ("followup:dashboard", "coordinator", 22),
    ("followup:dashboard", "ks_member", 22),
    ("followup:report", "coordinator", 18),
    ("followup:report", "ks_member", 19),
    ("followup:iati", "coordinator", 4),
    ("followup:iati", "ks_member", 5),
    # #15: +1 on the spreadsheets page, the coordinator's own recent import jobs.
    ("followup:spreadsheets", "coordinator", 4),
]


@pytest.mark.parametrize(
    ("name", "persona", "expected"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in COUNTS],
)
def test_followup_page_queries(request, client, today, name, persona, expected):
    client.force_login(request.getfixturevalue(persona))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name))

    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "auth_group"' in q for q in sql) == 1
    assert len(sql) == expected, "\n".join(sql)
