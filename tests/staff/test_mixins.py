"""What every staff page shares (staff/mixins.py): who may use which page, one table over every
URL and persona (issue 4); the refusal says why; the wrong HTTP method is refused; a save is all
or nothing (#6 reliability)."""

import datetime

import pytest
import time_machine
from django.db import transaction

from projects.models import Project
from staff.forms import ProjectForm
from tests import factories
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
    # Case work (#12): the way back is the coordinator's or the body's; the reason why the
    # network is not asked is the coordinator's; the proposal, the coordinator's or secretary's.
    ("application-return", "submitted", "get", [302, 403, 403, 200, 200, 403]),
    ("application-no-consultation", "draft", "get", [302, 403, 403, 403, 200, 403]),
    ("application-proposal", "submitted", "get", [302, 403, 403, 403, 200, 403]),
    ("application-minutes-extract", "approved", "get", [302, 200, 403, 200, 200, 403]),
    # The coordinator prepares a decision; only a member or the secretary records it (#11).
    ("application-decide", "submitted", "get", [302, 403, 403, 200, 403, 403]),
    ("application-steering-group", "approved", "get", [302, 403, 403, 200, 403, 403]),
    # A correction: the coordinator or the body's secretary, not its members (#11).
    ("application-correct-decision", "approved", "get", [302, 403, 403, 403, 200, 403]),
    ("decision-queue", None, "get", [302, 403, 200, 200, 200, 403]),
    ("project-list", None, "get", [302, 200, 403, 403, 200, 403]),
    ("project-create", None, "get", [302, 200, 403, 403, 200, 403]),
    ("project-detail", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    ("project-update", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    ("fundingcheck-create", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    # The school's own work (#12): participants and costs, and the moves of its status.
    ("project-participants", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    ("project-participants", "bun_project", "post", [302, 400, 403, 403, 400, 403]),
    ("project-move", "bun_project", "post", [302, 302, 403, 403, 302, 403]),
    ("funding-complete", "bun_project", "post", [302, 302, 403, 403, 302, 403]),
    # Where to apply: the work's own staff and whoever follows up (KS, the coordinator) (#13).
    ("funding-suggestions", "bun_project", "get", [302, 200, 200, 403, 200, 403]),
    # The deadline calendar of the funding catalogue: the coordinator's (#13).
    ("funding-calendar", None, "get", [302, 403, 403, 403, 200, 403]),
    ("visit-list", None, "get", [302, 403, 403, 403, 200, 403]),
    # Visits registered and changed on the staff pages: the coordinator's (#12, S14).
    ("visit-create", None, "get", [302, 403, 403, 403, 200, 403]),
    ("visit-update", "visit", "get", [302, 403, 403, 403, 200, 403]),
    # Publishing the work: the coordinator's; a refusal (here: not approved) is said on the
    # project's page (#12). The preview: tests/staff/test_project_publishing.py.
    ("project-publish", "bun_project", "post", [302, 403, 403, 403, 302, 403]),
    ("project-unpublish", "bun_project", "post", [302, 403, 403, 403, 302, 403]),
    ("proposal-list", None, "get", [302, 403, 403, 403, 200, 403]),
    ("proposal-publish", "waiting_proposal", "post", [302, 403, 403, 403, 302, 403]),
    ("proposal-send-back", "waiting_proposal", "post", [302, 403, 403, 403, 302, 403]),
    ("term-registration", None, "get", [302, 403, 403, 403, 200, 403]),
    ("term-template", None, "get", [302, 403, 403, 403, 200, 403]),
    ("term-link", None, "post", [302, 403, 403, 403, 302, 403]),
    # Documents of case work (#12): the work's own staff add them; whoever follows the case
    # reads them (the board once it is submitted); only the coordinator marks one public.
    ("application-document-create", "draft", "get", [302, 200, 403, 403, 200, 403]),
    ("project-document-create", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    ("document", "submitted_document", "get", [302, 200, 403, 200, 200, 403]),
    ("document-public", "submitted_document", "post", [302, 403, 403, 403, 302, 403]),
    ("document-withdraw", "submitted_document", "get", [302, 200, 403, 403, 200, 403]),
    # Pictures of the work (#14): its own staff add, see, change and remove them on the staff
    # pages; only the coordinator makes one public (tests/staff/views/test_pictures.py).
    ("project-picture-create", "bun_project", "get", [302, 200, 403, 403, 200, 403]),
    ("project-picture", "bun_picture_file", "get", [302, 200, 403, 403, 200, 403]),
    ("project-picture-update", "bun_picture", "get", [302, 200, 403, 403, 200, 403]),
    ("project-picture-remove", "bun_picture", "get", [302, 200, 403, 403, 200, 403]),
    # Partner places and their pictures (#14): the coordinator's alone, through the same
    # picture views as the work's (tests/staff/views/test_place_pictures.py).
    ("place-list", None, "get", [302, 403, 403, 403, 200, 403]),
    ("place-detail", "partner_place", "get", [302, 403, 403, 403, 200, 403]),
    ("place-picture-create", "partner_place", "get", [302, 403, 403, 403, 200, 403]),
    ("place-picture", "place_picture_file", "get", [302, 403, 403, 403, 200, 403]),
    ("place-picture-update", "place_picture", "get", [302, 403, 403, 403, 200, 403]),
    ("place-picture-remove", "place_picture", "get", [302, 403, 403, 403, 200, 403]),
    ("place-picture-remove", "place_picture", "post", [302, 403, 403, 403, 302, 403]),
    # Keeping the minutes extract with the decision: the coordinator or the body's secretary.
    ("application-keep-minutes-extract", "approved", "post", [302, 403, 403, 403, 302, 403]),
    # Meetings of the bodies (#12): members in office read their body's; the secretary and
    # the coordinator keep them (the secretary's rows: tests/staff/views/test_meetings.py).
    ("meeting-list", None, "get", [302, 403, 200, 200, 200, 403]),
    ("meeting-create", None, "get", [302, 403, 403, 403, 200, 403]),
    ("meeting-detail", "bun_meeting", "get", [302, 403, 403, 200, 200, 403]),
    ("meeting-update", "bun_meeting", "get", [302, 403, 403, 403, 200, 403]),
    ("meeting-document-create", "bun_meeting", "get", [302, 403, 403, 403, 200, 403]),
]


def url_args(request, obj) -> list:
    """The page's address arguments: the fixture's pk, or the fixture itself when it is a
    tuple of them (a picture's rendition: pk and width)."""
    if not obj:
        return []
    value = request.getfixturevalue(obj)
    return list(value) if isinstance(value, tuple) else [value.pk]


ROWS = [
    pytest.param(
        name, obj, method, dict(zip(PERSONAS, statuses, strict=True)), id=f"{name}-{method}"
    )
    for name, obj, method, statuses in MATRIX
]


@pytest.mark.parametrize(("name", "obj", "method", "expected"), ROWS)
def test_staff_url_answers_each_persona(request, client, name, obj, method, expected):
    """Each persona asks the page in turn, each from the rows as the fixtures wrote them: a
    persona's request is undone (a savepoint rolled back) before the next one's. The rows and
    the six personas are written once per page, not once per persona (#15)."""
    users = {persona: request.getfixturevalue(persona) for persona in PERSONAS}
    url = en(name, *url_args(request, obj))
    answers = {}
    for persona, user in users.items():
        with transaction.atomic():
            client.logout()
            if user is not None:
                client.force_login(user)
            response = getattr(client, method)(url)
            answers[persona] = response.status_code
            if persona == "anonymous" and response.status_code == 302:
                answers["anonymous is sent to"] = response["Location"].split("?")[0]
            transaction.set_rollback(True)

    assert answers == {**expected, "anonymous is sent to": en("login")}


def test_every_staff_url_is_in_the_table():
    from staff.urls import urlpatterns

    # Signing in and out and the second factor are open to everyone (tests/accounts).
    # The deadline feed answers a secret address, not a sign-in
    # (tests/staff/views/test_funding_calendar.py).
    names = {p.name for p in urlpatterns} - {"login", "logout", "second-factor", "deadline-feed"}
    assert names == {row[0] for row in MATRIX}


def test_refusal_says_why(client, ks_member, submitted):
    client.force_login(ks_member)

    response = client.get(en("application-decide", submitted.pk))

    assert response.status_code == 403
    assert (
        "Only members or the secretary of BUN, in office on 2026-04-15, may record its "
        "decision (S8). The coordinator prepares it; a member or the secretary records it."
    ) in response.text


@pytest.mark.parametrize(
    ("day", "expected"),
    [(datetime.date(2026, 12, 31), 200), (datetime.date(2027, 1, 1), 403)],
)
def test_queue_closes_for_a_member_the_day_after_the_term(client, bun_member, day, expected):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), STOCKHOLM)):
        client.force_login(bun_member)
        response = client.get(en("decision-queue"))

    assert response.status_code == expected
    shown = "<h1>Cases to decide</h1>" if expected == 200 else "<h1>Not allowed</h1>"
    assert shown in response.text


# --- A save is all or nothing (#6 reliability) -----------------------------------------------


# bench/load_writes.py shows the same against gunicorn by killing a worker in the middle of a
# save; here the failure is raised where the project is written but its links are not yet.


def _post_project(client, bun, title, **extra):
    return client.post(
        en("project-create"),
        {
            "title": title,
            "kind": "school_exchange",
            "status": "planned",
            "responsible_body": bun.pk,
            "own_cost": "1000",
            **extra,
        },
    )


def test_a_project_whose_links_fail_is_not_saved_at_all(client, contributor, bun, monkeypatch):
    place = factories.PlaceFactory()

    def fail_after_the_row(form):
        raise RuntimeError("the worker dies here")

    monkeypatch.setattr(ProjectForm, "_save_m2m", fail_after_the_row)
    client.force_login(contributor)
    client.raise_request_exception = False

    response = _post_project(client, bun, "Halvsparat", places=[place.pk])

    assert response.status_code == 500
    assert not Project.objects.filter(title="Halvsparat").exists()
    assert not Project.history.filter(title="Halvsparat").exists()


def test_two_projects_with_one_title_get_two_addresses(client, contributor, bun):
    client.force_login(contributor)
    _post_project(client, bun, "Samma namn")
    # The second finds the slug taken, as it would if the first had been saved a moment after
    # it looked: it takes the next free one instead of failing.
    _post_project(client, bun, "Samma namn")

    slugs = sorted(Project.objects.filter(title="Samma namn").values_list("slug", flat=True))
    assert slugs == ["samma-namn", "samma-namn-2"]


def test_a_change_whose_links_fail_changes_nothing(client, contributor, bun, monkeypatch):
    project = factories.ProjectFactory(responsible_body=bun, title="Före")
    versions = project.history.count()

    def fail_after_the_row(form):
        raise RuntimeError("the worker dies here")

    monkeypatch.setattr(ProjectForm, "_save_m2m", fail_after_the_row)
    client.force_login(contributor)
    client.raise_request_exception = False

    response = client.post(
        en("project-update", project.pk),
        {
            "title": "Efter",
            "kind": project.kind,
            "status": project.status,
            "responsible_body": bun.pk,
            "own_cost": "1000",
        },
    )

    project.refresh_from_db()
    assert response.status_code == 500
    assert project.title == "Före"
    assert project.history.count() == versions


# --- Wrong HTTP method -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "obj", "method"),
    [
        ("application-submit", "draft", "get"),
        ("application-withdraw", "draft", "put"),
        ("funding-complete", "bun_project", "get"),
        ("application-decide", "submitted", "put"),
        ("application-decide", "submitted", "delete"),
        ("application-detail", "submitted", "post"),
        ("decision-queue", None, "post"),
        ("application-list", None, "post"),
        ("project-list", None, "post"),
        ("visit-list", None, "post"),
    ],
)
def test_wrong_method_is_refused(request, client, coordinator, bun_member, name, obj, method):
    args = [request.getfixturevalue(obj).pk] if obj else []
    # The decision page is a member's; the coordinator is refused it before the method (#11).
    client.force_login(bun_member if name == "application-decide" else coordinator)

    response = getattr(client, method)(en(name, *args))

    assert response.status_code == 405
    allowed = response["Allow"].split(", ")
    assert allowed and method.upper() not in allowed
