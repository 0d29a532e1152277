"""A school's own project work on the staff pages (#12): participants by level and costs,
the moves of the status shown only when allowed, the project page showing everything with
one next step, and the application that takes the project's kind, cost and objectives.
Bad input is refused with a clear message and nothing changed (S6, S8, S11, S12, S15)."""

import datetime
import decimal

import pytest

from governance.models import ParticipantLevel
from projects.models import (
    Application,
    ApplicationKind,
    ParticipantCount,
    ProjectCost,
    ProjectKind,
    ProjectStatus,
)
from projects.services import funding
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


def _rows(prefix, rows, extra=0, initial=0):
    """The POST of an inline formset: ``rows`` as dicts, then ``extra`` empty rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + extra),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def _post(participants=(), costs=(), **counts):
    return {**_rows("participants", list(participants), **counts), **_rows("costs", list(costs))}


@pytest.fixture
def checked_exchange(sodra_exchange, sodra_contributor):
    """Södra skolan's exchange, below the S11 threshold, with its funding check completed."""
    person = sodra_contributor.person
    factories.FundingCheckFactory(project=sodra_exchange, checked_by=person)
    funding.complete_funding_check(sodra_exchange, by=person, on=datetime.date(2026, 2, 2))
    sodra_exchange.refresh_from_db()
    return sodra_exchange


# --- participants and costs ----------------------------------------------------------------


def test_the_school_records_participants_and_costs(client, sodra_contributor, sodra_exchange, bun):
    client.force_login(sodra_contributor)
    data = _post(
        participants=[
            {"level": ParticipantLevel.PUPIL, "count": "24", "women": "12", "men": "12"},
            {"level": ParticipantLevel.STAFF, "count": "3"},
        ],
        costs=[{"body": bun.pk, "year": "2026", "amount": "12000", "description": "Resor"}],
    )

    response = client.post(en("project-participants", sodra_exchange.pk), data)

    assert response.status_code == 302
    counts = dict(sodra_exchange.participant_counts.values_list("level", "count"))
    assert counts == {ParticipantLevel.PUPIL: 24, ParticipantLevel.STAFF: 3}
    assert sodra_exchange.costs.get().amount == decimal.Decimal("12000")
    page = client.get(en("project-detail", sodra_exchange.pk)).text
    assert "pupils" in page and "24" in page and "12,000" in page


def test_a_row_is_changed_and_another_removed(client, sodra_contributor, sodra_exchange):
    pupils = factories.ParticipantCountFactory(
        project=sodra_exchange, level=ParticipantLevel.PUPIL, count=20
    )
    staff = factories.ParticipantCountFactory(
        project=sodra_exchange, level=ParticipantLevel.STAFF, count=2
    )
    client.force_login(sodra_contributor)
    data = _post(
        participants=[
            {"id": pupils.pk, "level": ParticipantLevel.PUPIL, "count": "22"},
            {"id": staff.pk, "level": ParticipantLevel.STAFF, "count": "2", "DELETE": "on"},
        ],
        initial=2,
    )

    response = client.post(en("project-participants", sodra_exchange.pk), data)

    assert response.status_code == 302
    assert list(sodra_exchange.participant_counts.values_list("level", "count")) == [
        (ParticipantLevel.PUPIL, 22)
    ]


def test_a_count_below_zero_is_refused_and_nothing_changes(
    client, sodra_contributor, sodra_exchange, bun
):
    kept = factories.ParticipantCountFactory(
        project=sodra_exchange, level=ParticipantLevel.STAFF, count=2
    )
    client.force_login(sodra_contributor)
    data = _post(
        participants=[
            {"id": kept.pk, "level": ParticipantLevel.STAFF, "count": "5"},
            {"level": ParticipantLevel.PUPIL, "count": "-3"},
        ],
        costs=[{"body": bun.pk, "year": "2026", "amount": "500"}],
        initial=1,
    )

    response = client.post(en("project-participants", sodra_exchange.pk), data)

    assert response.status_code == 400
    assert "A number of participants cannot be below zero." in response.text
    assert "Nothing was saved" in response.text
    kept.refresh_from_db()
    assert kept.count == 2
    assert ParticipantCount.objects.count() == 1
    assert ProjectCost.objects.count() == 0


def test_a_level_given_twice_is_refused(client, sodra_contributor, sodra_exchange):
    client.force_login(sodra_contributor)
    data = _post(
        participants=[
            {"level": ParticipantLevel.PUPIL, "count": "5"},
            {"level": ParticipantLevel.PUPIL, "count": "6"},
        ]
    )

    response = client.post(en("project-participants", sodra_exchange.pk), data)

    assert response.status_code == 400
    assert "Give each level once" in response.text
    assert ParticipantCount.objects.count() == 0


def test_a_cost_of_a_body_outside_the_work_is_refused(
    client, sodra_contributor, sodra_exchange, ks
):
    """A cost is borne by the responsible body or a cooperating one (S12)."""
    client.force_login(sodra_contributor)

    response = client.post(
        en("project-participants", sodra_exchange.pk),
        _post(costs=[{"body": ks.pk, "year": "2026", "amount": "500"}]),
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert ProjectCost.objects.count() == 0


def test_another_school_cannot_record_participants(client, vimar_contributor, sodra_exchange):
    client.force_login(vimar_contributor)

    response = client.post(
        en("project-participants", sodra_exchange.pk),
        _post(participants=[{"level": ParticipantLevel.PUPIL, "count": "5"}]),
    )

    assert response.status_code == 403
    assert "Only staff of Södra skolan" in response.text
    assert ParticipantCount.objects.count() == 0


# --- the status: buttons only when allowed ---------------------------------------------------


def test_without_a_check_the_page_offers_no_start(client, sodra_contributor, sodra_exchange):
    client.force_login(sodra_contributor)

    page = client.get(en("project-detail", sodra_exchange.pk)).text

    assert 'id="move-ongoing"' not in page
    assert 'id="move-cancelled"' in page
    assert 'data-step="funding_check"' in page  # the one next step
    assert "Carry out the funding check" in page


def test_the_school_starts_its_exchange(client, sodra_contributor, checked_exchange):
    client.force_login(sodra_contributor)
    page = client.get(en("project-detail", checked_exchange.pk)).text
    assert 'id="move-ongoing"' in page and 'data-step="start"' in page

    response = client.post(en("project-move", checked_exchange.pk), {"status": "ongoing"})

    assert response.status_code == 302
    checked_exchange.refresh_from_db()
    assert checked_exchange.status == ProjectStatus.ONGOING


def test_a_move_not_allowed_is_refused_with_its_reason(client, sodra_contributor, sodra_exchange):
    """Posted by hand, or from a page left open: the service judges again (S6)."""
    client.force_login(sodra_contributor)

    response = client.post(
        en("project-move", sodra_exchange.pk), {"status": "ongoing"}, follow=True
    )

    assert "can start only when its funding check is completed (S6)" in response.text
    sodra_exchange.refresh_from_db()
    assert sodra_exchange.status == ProjectStatus.PLANNED


def test_another_school_cannot_move_the_exchange(client, vimar_contributor, checked_exchange):
    client.force_login(vimar_contributor)

    response = client.post(en("project-move", checked_exchange.pk), {"status": "ongoing"})

    assert response.status_code == 403
    checked_exchange.refresh_from_db()
    assert checked_exchange.status == ProjectStatus.PLANNED


def test_the_change_form_offers_only_the_moves_the_rules_allow(
    client, sodra_contributor, sodra_exchange
):
    sodra_exchange.status = ProjectStatus.CANCELLED
    sodra_exchange.save()
    client.force_login(sodra_contributor)

    page = client.get(en("project-update", sodra_exchange.pk)).text

    assert 'value="planned"' in page and 'value="cancelled"' in page
    assert 'value="idea"' not in page  # cancelled work is planned again, not an idea


# --- the project page shows everything entered ------------------------------------------------


def _full_project(project, rows, bun):
    project.starts_on = datetime.date(2026, 8, 15)
    project.ends_on = datetime.date(2027, 6, 15)
    project.save()
    project.objectives.set(
        factories.ObjectiveFactory.create_batch(rows, strategy=factories.StrategyFactory())
    )
    project.places.set(factories.PlaceFactory.create_batch(rows))
    levels = list(ParticipantLevel)[: min(rows, len(ParticipantLevel))]
    for level in levels:
        factories.ParticipantCountFactory(project=project, level=level, count=4)
    for year in range(rows):
        factories.ProjectCostFactory(project=project, body=bun, year=2000 + year, amount=100)
    factories.ApplicationFactory.create_batch(
        rows, project=project, status="withdrawn", kind=ApplicationKind.SCHOOL_EXCHANGE
    )


def test_the_page_shows_dates_school_and_objectives(client, sodra_contributor, sodra_exchange, bun):
    _full_project(sodra_exchange, 3, bun)
    client.force_login(sodra_contributor)

    page = client.get(en("project-detail", sodra_exchange.pk)).text

    assert "2026-08-15 – 2027-06-15" in page
    # The school named once when its unit has the same name.
    assert "Södra skolan (Södra skolan)" not in page
    assert "Södra skolan" in page
    for objective in sodra_exchange.objectives.all():
        assert str(objective) in page
    assert 'id="participant-table"' in page and 'id="cost-table"' in page


@pytest.mark.parametrize("rows", [3, 30])
def test_the_project_page_query_count_is_pinned(
    client, django_assert_num_queries, sodra_contributor, sodra_exchange, bun, rows
):
    _full_project(sodra_exchange, rows, bun)
    client.force_login(sodra_contributor)
    client.get(en("project-detail", sodra_exchange.pk))  # the session, once

    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        response = client.get(en("project-detail", sodra_exchange.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_participants_page_query_count_is_pinned(
    client, django_assert_num_queries, sodra_contributor, sodra_exchange, bun, rows
):
    _full_project(sodra_exchange, rows, bun)
    client.force_login(sodra_contributor)
    client.get(en("project-participants", sodra_exchange.pk))

    with django_assert_num_queries(PARTICIPANTS_PAGE_QUERIES):
        response = client.get(en("project-participants", sodra_exchange.pk))

    assert response.status_code == 200


# The same at 3 and at 30 rows of each kind (objectives, partners, participants, costs,
# applications): the session and user, the rights, the project for the right and again with
# its prefetches, the text proposal. The participants page reads each formset's rows once and
# the bodies that may bear a cost once.
PROJECT_PAGE_QUERIES = (
    16  # with the documents of the project and its applications; #14: its pictures
)
PARTICIPANTS_PAGE_QUERIES = 8


# --- the application: fields by kind, the project's figures (#12) ------------------------------


@pytest.fixture
def youth_exchange(bun, sodra):
    project = factories.ProjectFactory(
        title="Ungdomsutbyte med Joniškis",
        kind=ProjectKind.YOUTH_EXCHANGE,
        responsible_body=bun,
        unit=sodra,
        status=ProjectStatus.PLANNED,
        own_cost=decimal.Decimal("60000"),
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 9, 8),
    )
    project.objectives.set([factories.ObjectiveFactory(text="Unga möts över gränser")])
    return project


def test_the_form_for_a_project_asks_nothing_the_project_says(
    client, sodra_contributor, youth_exchange
):
    client.force_login(sodra_contributor)

    page = client.get(en("application-create"), {"project": youth_exchange.pk}).text

    assert 'name="proposed_place"' not in page  # no twin-town fields on an exchange
    assert 'name="why_not_partnership"' not in page
    assert 'name="cost"' not in page and 'name="objectives"' not in page
    assert "60,000" in page and "2026-09-01 – 2026-09-08" in page
    assert "Unga möts över gränser" in page


def test_a_new_twin_town_shows_its_own_fields(client, coordinator):
    client.force_login(coordinator)

    page = client.get(en("application-create"), {"kind": "twin_town"}).text

    assert 'name="proposed_place"' in page and 'name="why_not_partnership"' in page
    assert 'name="project"' not in page


def test_a_youth_exchange_is_applied_for_as_one(client, sodra_contributor, youth_exchange, bun):
    client.force_login(sodra_contributor)

    response = client.post(
        en("application-create"),
        {
            "project": youth_exchange.pk,
            "title": "Ungdomsutbyte",
            "summary": "Unga från Vimmerby och Joniškis.",
            "kind": "partnership",  # not the form's to say: the project's kind decides
            "cost": "1",
        },
    )

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.kind == ApplicationKind.YOUTH_EXCHANGE
    assert application.cost == decimal.Decimal("60000")
    assert [o.text for o in application.objectives.all()] == ["Unga möts över gränser"]
    assert application.addressed_to == bun
    detail = client.get(en("application-detail", application.pk)).text
    assert "2026-09-01 – 2026-09-08" in detail  # the period, read from the project


def test_a_stored_application_of_the_wrong_kind_is_refused_on_submit(
    client, coordinator, youth_exchange, bun
):
    """Imported before #12 as a partnership: it cannot go on until it fits the project."""
    application = factories.ApplicationFactory(
        project=youth_exchange, addressed_to=bun, kind=ApplicationKind.YOUTH_EXCHANGE
    )
    Application.objects.filter(pk=application.pk).update(kind=ApplicationKind.PARTNERSHIP)
    client.force_login(coordinator)

    response = client.post(en("application-submit", application.pk), follow=True)

    assert "The kind must fit the project" in response.text
    application.refresh_from_db()
    assert application.status == "draft"
