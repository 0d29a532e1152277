"""Queries per staff page and role, pinned (issue #10): rights are loaded once per request.

Each page is asked as each role that may see it. A signed-in request costs the session and the
user (2), the user's groups and memberships valid today (2, governance.access.Rights), then the
page's own reads. A number that grows means a page or a template asks the database in a loop.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.staff.conftest import en

pytestmark = pytest.mark.django_db

# page, object fixture, persona, queries.
COUNTS = [
    # #12: the time of the visit is kept in the session (a savepoint, an update, a release)
    # to mark what is new at the next one.
    ("home", None, "contributor", 8),
    ("home", None, "bun_member", 9),
    ("home", None, "ks_member", 9),
    # #11: changes waiting for publishing, counted; #12: approved work not yet published.
    ("home", None, "coordinator", 10),
    # #12: the filter's body select is one query more, the visit's time three.
    ("application-list", None, "contributor", 9),
    ("application-list", None, "bun_member", 9),
    ("application-list", None, "coordinator", 8),
    ("decision-queue", None, "bun_member", 5),
    ("decision-queue", None, "coordinator", 4),
    # #12: the documents of the case, its project and its decision, one query. #15: the case
    # is read once with all the page shows (it was read twice, and its body a third time);
    # since 2026-12-07 in one query with every record it shows, and its lists (objectives,
    # places, funding checks, corrections, steering groups and their members) in a second,
    # not five prefetches: both built and compiled once per process, prepared once per
    # connection on PostgreSQL (projects.queries.case_page, #15; 13 queries before).
    ("application-detail", "submitted", "contributor", 9),
    ("application-detail", "submitted", "bun_member", 9),
    # The coordinator's memberships are asked too: recording a decision takes a member's or a
    # secretary's membership, not the coordinator's role (#11).
    ("application-detail", "submitted", "coordinator", 9),
    # #12: on a project the form asks no body, cost or objectives; it shows the project's.
    ("application-update", "draft", "contributor", 8),
    ("application-create", None, "contributor", 5),
    ("application-consultation", "draft", "coordinator", 5),
    ("application-decide", "submitted", "bun_member", 8),  # #11: idem; #12: its documents
    ("application-steering-group", "approved", "bun_member", 9),
    ("project-list", None, "contributor", 6),  # #12: the filter's body select
    ("project-list", None, "coordinator", 5),
    # #11: its latest text proposal; #12: its objectives, cooperating bodies, participants,
    # costs, its documents and its applications'.
    # #14: its pictures, one query however many.
    ("project-detail", "bun_project", "contributor", 16),
    ("project-participants", "bun_project", "contributor", 8),  # #12
    ("project-update", "bun_project", "contributor", 13),  # #11: the unit select
    ("project-create", None, "contributor", 9),  # #11: the unit select
    ("fundingcheck-create", "bun_project", "contributor", 8),
    ("visit-list", None, "coordinator", 4),
    # Case work (#12).
    ("application-withdraw", "draft", "contributor", 5),
    ("application-return", "submitted", "bun_member", 6),
    ("application-no-consultation", "draft", "coordinator", 4),
    ("application-proposal", "submitted", "coordinator", 5),
    ("application-minutes-extract", "approved", "contributor", 8),
    ("term-registration", None, "coordinator", 4),
    # Documents of case work (#12).
    ("application-document-create", "draft", "contributor", 6),
    ("project-document-create", "bun_project", "contributor", 5),
    ("document-withdraw", "submitted_document", "contributor", 5),
    # Pictures of the work (#14).
    ("project-picture-create", "bun_project", "contributor", 5),
    ("project-picture-update", "bun_picture", "contributor", 5),
    ("project-picture-remove", "bun_picture", "contributor", 5),
]


@pytest.mark.parametrize(
    ("name", "obj", "persona", "expected"),
    [pytest.param(*row, id=f"{row[0]}-{row[2]}") for row in COUNTS],
)
def test_staff_page_queries(request, client, name, obj, persona, expected):
    user = request.getfixturevalue(persona)
    args = [request.getfixturevalue(obj).pk] if obj else []
    client.force_login(user)
    url = en(name, *args)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert len(queries) == expected, "\n".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    ("persona", "membership_queries"),
    [("contributor", 1), ("bun_member", 1), ("ks_member", 1), ("coordinator", 0)],
)
def test_rights_are_loaded_in_two_queries_whatever_the_page_asks(
    request, client, persona, membership_queries
):
    """The groups and the memberships: asked at most once, however many rights the page checks
    (the coordinator may need no membership at all)."""
    client.force_login(request.getfixturevalue(persona))

    with CaptureQueriesContext(connection) as queries:
        client.get(en("home"))

    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "auth_group"' in q for q in sql) == 1
    assert sum('FROM "governance_membership"' in q for q in sql) == membership_queries


@pytest.mark.parametrize("pictures", [1, 3])
def test_the_project_page_asks_its_pictures_once(client, media, contributor, bun_project, pictures):
    """#14: the pictures of the work, one query whether it has one or several, for its staff
    who may change each (asked of the rights loaded once)."""
    from projects.services import pictures as picture_service
    from tests.pictures import picture_upload

    for number in range(pictures):
        picture_service.add_picture(
            bun_project,
            by=contributor,
            image=picture_upload(width=200, height=100),
            alt_sv=f"Bild {number}",
            rights_holder="Södra skolan",
        )
    client.force_login(contributor)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(en("project-detail", bun_project.pk))

    assert response.text.count('class="img-thumbnail"') == pictures
    assert len(queries) == 16
