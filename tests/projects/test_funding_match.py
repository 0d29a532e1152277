"""Programme suggestions (projects/funding_match.py) say in words why each programme fits a
project or not (S6)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from projects import funding_match
from projects.models import Call, Programme, ProjectKind
from tests import factories

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def today():
    """The day the suggestions are judged against (a call is open or closed on it)."""
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, 0), tick=False):
        yield TODAY


@pytest.fixture(autouse=True)
def english():
    """Reasons are asserted in their English source form."""
    with translation.override("en"):
        yield


def _project(countries, **kwargs):
    project = factories.ProjectFactory(**kwargs)
    project.places.set([factories.PlaceFactory(country=code) for code in countries])
    return project


def test_suggestion_matches_when_every_rule_is_met(db, today):
    programme = factories.ProgrammeFactory(
        eligible_countries=["LT", "FI"],
        min_partner_countries=2,
        min_eu_members=2,
        activity_kinds=[ProjectKind.PARTNERSHIP],
    )
    factories.CallFactory(programme=programme)
    project = _project(["LT"])

    [suggestion] = funding_match.suggest(project)

    assert suggestion.matches
    assert [r.text for r in suggestion.reasons] == [
        "Municipalities may apply.",
        "Every partner country is eligible (Lithuania).",
        "Needs at least 2 countries; the project has 2.",
        "Needs at least 2 EU member states; the project has 2.",
        "The programme funds this kind of work (partnership project).",
        "Next deadline: 2026-09-30.",
    ]


def test_suggestion_says_which_partner_country_is_not_covered(db, today):
    programme = factories.ProgrammeFactory(eligible_countries=["LT"])
    project = _project(["UG"])

    [suggestion] = funding_match.suggest(project)

    assert not suggestion.matches
    assert suggestion.unmet[0].text == "Partners in countries the programme does not cover: Uganda."
    assert programme == suggestion.programme


def test_suggestion_counts_eu_members_with_our_own_country(db, today):
    factories.ProgrammeFactory(min_partner_countries=4, min_eu_members=3)
    project = _project(["LT", "NO", "UG"])

    [suggestion] = funding_match.suggest(project)

    assert [r.text for r in suggestion.unmet] == [
        "Needs at least 3 EU member states; the project has 2.",
    ]
    # Without a recorded call the deadline is unknown, not a failing rule (#13).
    assert "No coming deadline is recorded: check with the funder." in [
        r.text for r in suggestion.unknown
    ]
    assert "Needs at least 4 countries; the project has 4." in [r.text for r in suggestion.reasons]


def test_school_exchange_applies_as_a_school(db, today):
    factories.ProgrammeFactory(for_municipalities=False, for_schools=False, name="Bara föreningar")
    project = _project(["FI"], kind=ProjectKind.SCHOOL_EXCHANGE, school="Vimmerby gymnasium")

    [suggestion] = funding_match.suggest(project)

    assert suggestion.unmet[0].text == "Neither schools nor municipalities may apply."


def test_participant_minimum_is_checked_against_recorded_participants(db, today):
    factories.ProgrammeFactory(min_participants=25)
    project = _project(["FI"])
    factories.ParticipantCountFactory(project=project, level="pupil", count=20)

    [suggestion] = funding_match.suggest(project)

    assert suggestion.unmet[0].text == "Needs at least 25 participants; 20 are recorded."


def test_matching_programmes_come_first(db, today):
    unfit = factories.ProgrammeFactory(name="A passar inte", eligible_countries=["NO"])
    fit = factories.ProgrammeFactory(name="B passar")
    factories.CallFactory(programme=fit)
    project = _project(["FI"])

    suggestions = funding_match.suggest(project)

    assert [s.programme for s in suggestions] == [fit, unfit]


def test_project_without_partner_place_is_said_to_have_no_country(db, today):
    factories.ProgrammeFactory()
    project = factories.ProjectFactory()

    [suggestion] = funding_match.suggest(project)

    assert suggestion.unmet[0].text == "The project has no partner place yet, so no country."


def test_suggestions_take_the_same_queries_for_one_and_many_programmes(
    db, today, django_assert_num_queries
):
    project = _project(["LT"])
    factories.CallFactory()
    with django_assert_num_queries(6):
        funding_match.suggest(project)
    for _ in range(5):
        factories.CallFactory()
        factories.RecurringCallFactory()
    with django_assert_num_queries(6):
        funding_match.suggest(project)


# --- Contradictory rules: a clear message and nothing saved ------------------------------


def test_programme_with_minimum_grant_above_maximum_is_refused(db):
    programme = factories.ProgrammeFactory.build(
        funder=factories.FunderFactory(),
        grant_min=Decimal(9000),
        grant_max=Decimal(100),
        grant_currency="EUR",
    )

    with pytest.raises(ValidationError) as error:
        programme.save()

    assert error.value.messages == ["The smallest grant cannot exceed the largest."]
    assert Programme.objects.count() == 0


def test_programme_asking_more_eu_members_than_countries_is_refused(db):
    programme = factories.ProgrammeFactory.build(
        funder=factories.FunderFactory(), min_partner_countries=2, min_eu_members=3
    )

    with pytest.raises(ValidationError) as error:
        programme.save()

    assert error.value.messages == [
        "The minimum number of EU members cannot exceed the minimum number of countries."
    ]
    assert Programme.objects.count() == 0


def test_call_with_deadline_before_it_opens_is_refused(db):
    call = factories.CallFactory.build(
        programme=factories.ProgrammeFactory(),
        opens_on=datetime.date(2026, 10, 1),
        deadline=timezone.make_aware(datetime.datetime(2026, 9, 30, 12, 0)),
    )

    with pytest.raises(ValidationError) as error:
        call.save()

    assert error.value.message_dict == {
        "deadline": ["The deadline cannot be before the call opens."]
    }
    assert Call.objects.count() == 0
