"""Rows added inline are held to the same rules as records added on their own page."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from governance.models import Decision
from partners.models import VisitParticipant
from projects.models import FundingCheck, ParticipantCount, Project
from strategy.models import Objective, Revision
from tests import factories


def _english(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def _rows(prefix, *rows, initial=0):
    """Management data and fields of an inline formset posted with ``rows``."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _meeting_data(meeting, *decisions):
    return {
        "body": meeting.body.pk,
        "starts_at_0": "2026-03-10",
        "starts_at_1": "18:00",
        **_rows("decisions", *decisions),
    }


def test_decision_added_to_a_meeting_takes_its_body_and_date(client, coordinator, ks):
    meeting = factories.MeetingFactory(body=ks)
    client.force_login(coordinator)
    row = {"paragraph": "7", "title_sv": "Vänortsavtal", "outcome": "approved"}

    response = client.post(
        _english("governance_meeting_change", meeting.pk), _meeting_data(meeting, row)
    )

    assert response.status_code == 302
    assert Decision.objects.get().citation == "KS 2026-03-10 § 7"


def test_decision_added_to_a_meeting_with_a_used_paragraph_is_refused(client, coordinator, ks):
    meeting = factories.MeetingFactory(body=ks)
    factories.DecisionFactory(body=ks, meeting_date=datetime.date(2026, 3, 10), paragraph=7)
    client.force_login(coordinator)
    row = {"paragraph": "7", "title_sv": "Vänortsavtal", "outcome": "approved"}

    response = client.post(
        _english("governance_meeting_change", meeting.pk), _meeting_data(meeting, row)
    )

    assert response.status_code == 200
    message = "This body already has a decision with this paragraph on this meeting date."
    assert escape(message) in response.content.decode()
    assert Decision.objects.count() == 1


def _visit_data(place, *participants):
    return {
        "place": place.pk,
        "direction": "outgoing",
        "starts_on": "2026-05-04",
        "purpose": "Vänortsbesök",
        "pupil_count": "12",
        "young_people_count": "0",
        **_rows("participants", *participants),
    }


def test_visit_added_with_its_participants(client, coordinator):
    place, person = factories.PlaceFactory(), factories.PersonFactory()
    client.force_login(coordinator)
    row = {"person": person.pk, "role": "ordförande", "level": "elected"}

    response = client.post(_english("partners_visit_add"), _visit_data(place, row))

    assert response.status_code == 302
    assert VisitParticipant.objects.get().person == person


def test_pupil_named_on_a_visit_is_refused(client, coordinator):
    """Pupils are counted on the visit, never named."""
    place, pupil = factories.PlaceFactory(), factories.PersonFactory()
    client.force_login(coordinator)
    row = {"person": pupil.pk, "level": "pupil"}

    response = client.post(_english("partners_visit_add"), _visit_data(place, row))

    assert response.status_code == 200
    message = "Pupils and young people are counted on the visit, never named."
    assert escape(message) in response.content.decode()
    assert VisitParticipant.objects.count() == 0
    assert place.visits.count() == 0


def _project_data(bun, *, checks=(), counts=()):
    return {
        "title_sv": "Utbyte med Joniškis",
        "slug": "utbyte-joniskis",
        "kind": "school_exchange",
        "status": "idea",
        "responsible_body": bun.pk,
        "own_cost": "0",
        **_rows("funding_checks", *checks),
        **_rows("participant_counts", *counts),
        **_rows("costs"),
    }


def test_project_added_with_funding_check_and_participants(client, coordinator, bun):
    programme = factories.ProgrammeFactory()
    client.force_login(coordinator)
    check = {
        "programme": programme.pk,
        "checked_on": "2026-02-01",
        "checked_by": coordinator.person.pk,
        "outcome": "will_apply",
    }
    count = {"level": "pupil", "count": "24", "women": "12", "men": "12"}

    response = client.post(
        _english("projects_project_add"), _project_data(bun, checks=[check], counts=[count])
    )

    assert response.status_code == 302
    project = Project.objects.get()
    assert list(FundingCheck.objects.values_list("project", "outcome")) == [
        (project.pk, "will_apply")
    ]
    assert ParticipantCount.objects.get().count == 24


def test_participant_count_smaller_than_women_and_men_is_refused(client, coordinator, bun):
    client.force_login(coordinator)
    count = {"level": "pupil", "count": "10", "women": "8", "men": "8"}

    response = client.post(_english("projects_project_add"), _project_data(bun, counts=[count]))

    assert response.status_code == 200
    message = "Women and men together cannot exceed the number."
    assert escape(message) in response.content.decode()
    assert Project.objects.count() == 0


def _strategy_data(strategy, *, objectives=(), revisions=()):
    return {
        "title_sv": strategy.title,
        "adopted_by": strategy.adopted_by.pk,
        **_rows("objectives", *objectives),
        **_rows("revisions", *revisions),
    }


def test_objectives_added_to_a_strategy(client, coordinator):
    """S16: the objectives are records of the strategy."""
    strategy = factories.StrategyFactory()
    client.force_login(coordinator)
    objective = {"number": "1", "text_sv": "Ökad kunskap om omvärlden."}

    response = client.post(
        _english("network_strategy_change", strategy.pk),
        _strategy_data(strategy, objectives=[objective]),
    )

    assert response.status_code == 302
    assert Objective.objects.get().strategy == strategy


def test_revision_decided_before_the_adoption_is_refused(client, coordinator, kf):
    """S21: a revision follows the adoption."""
    strategy = factories.StrategyFactory()
    too_early = factories.DecisionFactory(body=kf, meeting_date=datetime.date(2015, 1, 1))
    client.force_login(coordinator)
    revision = {"decision": too_early.pk, "summary_sv": "Reviderad."}

    response = client.post(
        _english("network_strategy_change", strategy.pk),
        _strategy_data(strategy, revisions=[revision]),
    )

    assert response.status_code == 200
    message = "A revision cannot be decided before the strategy was adopted."
    assert escape(message) in response.content.decode()
    assert Revision.objects.count() == 0
