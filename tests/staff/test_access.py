"""Who may use which staff page: one table over every URL and persona (issue 4)."""

import datetime

import pytest
import time_machine

from governance import access
from tests.staff.conftest import STOCKHOLM, en

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "contributor", "ks_member", "bun_member", "coordinator", "ended_member"]

# url name, object it is about (a fixture), method, then the answer for each persona above.
# 302 for anonymous is the way to the login page; 302 for others is "done, back to the page".
MATRIX = [
    ("home", None, "get", [302, 200, 200, 200, 200, 403]),
    ("application-list", None, "get", [302, 200, 200, 200, 200, 403]),
    ("application-create", None, "get", [302, 200, 403, 403, 200, 403]),
    ("application-detail", "submitted", "get", [302, 200, 403, 200, 200, 403]),
    ("application-update", "draft", "get", [302, 200, 403, 403, 200, 403]),
    ("application-submit", "draft", "post", [302, 302, 403, 403, 302, 403]),
    ("application-withdraw", "draft", "post", [302, 302, 403, 403, 302, 403]),
    ("application-consultation", "draft", "get", [302, 403, 403, 403, 200, 403]),
    ("application-decide", "submitted", "get", [302, 403, 403, 200, 200, 403]),
    ("application-steering-group", "approved", "get", [302, 403, 403, 200, 200, 403]),
    ("decision-queue", None, "get", [302, 403, 200, 200, 200, 403]),
    ("project-list", None, "get", [302, 200, 403, 403, 200, 403]),
    ("project-create", None, "get", [302, 200, 403, 403, 200, 403]),
    ("project-detail", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    ("project-update", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    ("fundingcheck-create", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    ("funding-complete", "bun_project", "post", [302, 302, 403, 403, 302, 403]),
    ("visit-list", None, "get", [302, 403, 403, 403, 200, 403]),
]

CASES = [
    pytest.param(name, obj, method, persona, statuses[i], id=f"{name}-{persona}")
    for name, obj, method, statuses in MATRIX
    for i, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("name", "obj", "method", "persona", "expected"), CASES)
def test_staff_url_answers_each_persona(request, client, name, obj, method, persona, expected):
    user = request.getfixturevalue(persona)
    args = [request.getfixturevalue(obj).pk] if obj else []
    if user is not None:
        client.force_login(user)

    response = getattr(client, method)(en(name, *args))

    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(en("login"))


def test_every_staff_url_is_in_the_table():
    from staff.urls import urlpatterns

    # Signing in and out and the second factor are open to everyone (tests/security).
    names = {p.name for p in urlpatterns} - {"login", "logout", "second-factor"}
    assert names == {row[0] for row in MATRIX}


def test_login_page_is_open_to_everyone(client):
    response = client.get(en("login"))

    assert response.status_code == 200


def test_refusal_says_why(client, ks_member, submitted):
    client.force_login(ks_member)

    response = client.get(en("application-decide", submitted.pk))

    assert response.status_code == 403
    assert "You do not have the right to use this page." in response.text


@pytest.mark.parametrize(
    ("day", "expected"),
    [(datetime.date(2026, 10, 14), True), (datetime.date(2026, 10, 15), False)],
)
def test_kf_member_loses_right_the_day_after_the_council_term(kf_member, kf, day, expected):
    """KF's term 2022-2026 ends on 2026-10-14."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), STOCKHOLM)):
        assert access.may_record_decision(kf_member, kf) is expected
        assert access.is_board_member(kf_member) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(datetime.date(2026, 12, 31), True), (datetime.date(2027, 1, 1), False)],
)
@pytest.mark.parametrize("persona", ["ks_member", "bun_member"])
def test_ks_and_committee_members_lose_right_after_their_term(request, persona, day, expected):
    """KS's and the committees' term 2023-2026 ends on 2026-12-31."""
    user = request.getfixturevalue(persona)
    (membership,) = access.memberships_of(user, datetime.date(2026, 6, 1))
    body = membership.body
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), STOCKHOLM)):
        assert access.may_record_decision(user, body) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(datetime.date(2026, 12, 31), 200), (datetime.date(2027, 1, 1), 403)],
)
def test_queue_closes_for_a_member_the_day_after_the_term(client, bun_member, day, expected):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), STOCKHOLM)):
        client.force_login(bun_member)
        response = client.get(en("decision-queue"))

    assert response.status_code == expected


def test_member_whose_membership_ended_early_loses_right_the_next_day(bun):
    from tests.staff.conftest import board_member

    user = board_member("avgick", bun, datetime.date(2023, 1, 1), datetime.date(2026, 4, 14))

    assert access.may_record_decision(user, bun, datetime.date(2026, 4, 14)) is True
    assert access.may_record_decision(user, bun) is False  # today is 2026-04-15


def test_contributor_works_for_the_body_above_its_administration(contributor, bun, ks):
    assert access.work_bodies_of(contributor) == [bun]
    assert access.may_edit_for_body(contributor, bun) is True
    assert access.may_edit_for_body(contributor, ks) is False


def test_contributor_without_a_membership_may_not_draft(db):
    from django.contrib.auth.models import Group

    from governance.access import CONTRIBUTOR_GROUP
    from tests import factories

    user = factories.UserFactory(username="utan-enhet")
    user.groups.add(Group.objects.get_or_create(name=CONTRIBUTOR_GROUP)[0])

    assert access.may_draft(user) is False
