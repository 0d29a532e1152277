"""The matcher over the real catalogue of data/vimmerby.toml (#13, S6): real cases, each
asserting which programmes fit and which do not, and why. A yearly call rolls over to next
year without anyone entering it."""

import datetime
from dataclasses import dataclass, field

import pytest
import time_machine
from django.utils import translation

from projects import funding_match
from projects.models import Programme, ProjectKind
from tests import database, factories
from tests.municipality.helpers import run

pytestmark = pytest.mark.django_db

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture(scope="module")
def _catalogue_rows(django_db_setup, django_db_blocker):
    """The municipality's data, loaded once for the module's tests (tests/database.py, #15)."""
    with database.rows_for_several_tests(django_db_blocker, lambda: run("load_municipality")):
        yield


@pytest.fixture
def catalogue(_catalogue_rows, db):
    """The real catalogue, loaded as the quick start does."""


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def on_3_december_2026():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=STOCKHOLM), tick=False):
        yield


@dataclass
class Case:
    kind: str
    countries: list[str]
    school: str = ""
    ages: tuple[int, int] | None = None
    participants: int = 0
    fits: set[str] = field(default_factory=set)  # exactly these fit; every other does not
    fails: dict[str, str] = field(default_factory=dict)  # slug: a rule that fails


CASES = {
    "a Joniškis school exchange with pupils of 13-15": Case(
        kind=ProjectKind.SCHOOL_EXCHANGE,
        countries=["LT"],
        school="Vimarskolan",
        ages=(13, 15),
        participants=24,
        fits={"nordplus-junior", "erasmus-plus-skola-ka1"},
        fails={
            "icld-kommunala-partnerskap": (
                "Partners in countries the programme does not cover: Lithuania."
            ),
            "nordplus-vuxen": (
                "The programme does not fund a school exchange; it funds: adult education, network."
            ),
            "erasmus-plus-ungdomsutbyten": "The programme does not fund a school exchange;",
            "interreg-central-baltic": "Our municipality is outside the programme's area.",
        },
    ),
    "a Kauhava youth exchange": Case(
        kind=ProjectKind.YOUTH_EXCHANGE,
        countries=["FI"],
        ages=(15, 19),
        participants=30,
        fits={"erasmus-plus-ungdomsutbyten"},
        fails={
            "nordplus-junior": "Municipalities may not apply.",
            "icld-kommunala-partnerskap": (
                "Partners in countries the programme does not cover: Finland."
            ),
            "erasmus-plus-skola-ka1": "The programme does not fund a youth exchange;",
        },
    ),
    "the Mukono partnership": Case(
        kind=ProjectKind.PARTNERSHIP,
        countries=["UG"],
        fits={"icld-kommunala-partnerskap", "icld-natverk"},
        fails={
            "erasmus-plus-skola-ka1": (
                "Partners in countries the programme does not cover: Uganda."
            ),
            "si-ostersjoregionen": "Partners in countries the programme does not cover: Uganda.",
            "interreg-south-baltic": (
                "Partners in countries the programme does not cover: Uganda."
            ),
            "nordplus-horisontal": "Partners in countries the programme does not cover: Uganda.",
        },
    ),
    "a CERV twinning event with Kauhava and Rygge/Moss": Case(
        kind=ProjectKind.TWIN_TOWN,
        countries=["FI", "NO"],
        participants=120,
        fits={"cerv-town-twinning", "cerv-networks-of-towns"},
        fails={
            "icld-kommunala-partnerskap": (
                "Partners in countries the programme does not cover: Finland, Norway."
            ),
            "nordplus-junior": "Municipalities may not apply.",
            "erasmus-plus-ungdomsutbyten": "The programme does not fund a twin-town cooperation;",
        },
    ),
    "a Nordic network meeting": Case(
        kind=ProjectKind.NETWORK,
        countries=["FI", "NO", "DK"],
        fits={
            "nordplus-horisontal",
            "nordplus-vuxen",
            "nordplus-nordiska-sprak",
            "nordisk-kulturkontakt-natverk",
            "cerv-networks-of-towns",
            "erasmus-plus-small-scale-partnerships",
            "interreg-baltic-sea-region",
        },
        fails={
            "cerv-town-twinning": "The programme does not fund a network;",
            "erasmus-plus-skola-ka1": "The programme does not fund a network;",
            "icld-kommunala-partnerskap": "Partners in countries the programme does not cover:",
        },
    ),
}


def _project(case: Case):
    project = factories.ProjectFactory(kind=case.kind, school=case.school)
    project.places.set([factories.PlaceFactory(country=code) for code in case.countries])
    if case.ages:
        project.youngest_age, project.oldest_age = case.ages
        project.save()
    if case.participants:
        factories.ParticipantCountFactory(project=project, level="pupil", count=case.participants)
    return project


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_real_cases_fit_the_programmes_they_should(catalogue, on_3_december_2026, name):
    case = CASES[name]

    suggestions = {s.programme.slug: s for s in funding_match.suggest(_project(case))}

    fitting = {slug for slug, s in suggestions.items() if s.matches}
    assert fitting == case.fits, {
        "should fit": {slug: suggestions[slug].unmet for slug in case.fits - fitting},
        "should not fit": sorted(fitting - case.fits),
    }
    assert all(suggestions[slug].unmet for slug in suggestions.keys() - case.fits)
    for slug, rule in case.fails.items():
        assert not suggestions[slug].matches, slug
        assert any(reason.text.startswith(rule) for reason in suggestions[slug].unmet), (
            slug,
            [reason.text for reason in suggestions[slug].unmet],
        )


def test_the_ones_that_fit_come_first_and_the_others_carry_the_failing_rule(
    catalogue, on_3_december_2026
):
    suggestions = funding_match.suggest(_project(CASES["the Mukono partnership"]))

    fits = [s.matches for s in suggestions]
    assert fits == sorted(fits, reverse=True)  # every fitting one before every other
    assert all(s.unmet for s in suggestions if not s.matches)


def test_nordplus_adult_is_not_offered_for_a_pupil_exchange(catalogue, on_3_december_2026):
    suggestions = {
        s.programme.slug: s
        for s in funding_match.suggest(
            _project(CASES["a Joniškis school exchange with pupils of 13-15"])
        )
    }

    assert not suggestions["nordplus-vuxen"].matches


def test_a_youth_exchange_with_children_below_13_does_not_fit(catalogue, on_3_december_2026):
    case = CASES["a Kauhava youth exchange"]
    project = _project(Case(kind=case.kind, countries=case.countries, ages=(11, 15)))

    [youth] = [
        s for s in funding_match.suggest(project) if s.programme.slug.endswith("ungdomsutbyten")
    ]

    assert [r.text for r in youth.unmet] == [
        "The programme is for participants aged 13 to 30; the project's are 11 to 15."
    ]


def test_a_twinning_event_below_fifty_participants_does_not_fit_cerv(catalogue, on_3_december_2026):
    project = _project(Case(kind=ProjectKind.TWIN_TOWN, countries=["FI", "NO"], participants=20))

    [cerv] = [s for s in funding_match.suggest(project) if s.programme.slug == "cerv-town-twinning"]

    assert [r.text for r in cerv.unmet] == ["Needs at least 50 participants; 20 are recorded."]
    # What the catalogue does not know is said, not guessed.
    assert "Which countries the programme covers is not recorded: check with the funder." in [
        r.text for r in cerv.unknown
    ]


def test_unknown_rules_say_check_with_the_funder_in_swedish(catalogue, on_3_december_2026):
    project = _project(CASES["a CERV twinning event with Kauhava and Rygge/Moss"])

    with translation.override("sv"):
        [cerv] = [
            s for s in funding_match.suggest(project) if s.programme.slug == "cerv-town-twinning"
        ]

    assert cerv.matches
    assert "Ingen kommande ansökningsfrist är registrerad: kontrollera med finansiären." in [
        r.text for r in cerv.unknown
    ]


# --- Yearly calls roll over to next year -----------------------------------------------------


def _nordplus_deadline(day: datetime.date):
    project = _project(CASES["a Joniškis school exchange with pupils of 13-15"])
    moment = datetime.datetime.combine(day, datetime.time(12), STOCKHOLM)
    with time_machine.travel(moment, tick=False):
        [junior] = [
            s for s in funding_match.suggest(project) if s.programme.slug == "nordplus-junior"
        ]
    return junior.next_deadline


@pytest.mark.parametrize(
    ("day", "deadline", "note"),
    [
        # Across the year boundary: in December the next one is February of next year.
        (datetime.date(2026, 12, 3), datetime.date(2027, 2, 1), "The main round, 23:59 CET."),
        (datetime.date(2027, 1, 31), datetime.date(2027, 2, 1), "The main round, 23:59 CET."),
        (datetime.date(2027, 2, 1), datetime.date(2027, 2, 1), "The main round, 23:59 CET."),
        (datetime.date(2027, 2, 2), datetime.date(2027, 10, 1), "Preparatory visits only."),
        (datetime.date(2027, 10, 2), datetime.date(2028, 2, 1), "The main round, 23:59 CET."),
    ],
)
def test_nordplus_deadline_comes_back_every_year(catalogue, day, deadline, note):
    found = _nordplus_deadline(day)

    assert (found.day, found.recurring) == (deadline, True)
    assert found.note == note


def test_the_reason_names_the_next_deadline_after_new_year(catalogue):
    project = _project(CASES["a Joniškis school exchange with pupils of 13-15"])
    with time_machine.travel(datetime.datetime(2027, 12, 31, 12, 0, tzinfo=STOCKHOLM), tick=False):
        [junior] = [
            s for s in funding_match.suggest(project) if s.programme.slug == "nordplus-junior"
        ]

    assert junior.reasons[-1].text == "Next deadline: 2028-02-01. The main round, 23:59 CET."


def test_an_explicit_call_before_the_yearly_one_comes_first(catalogue):
    junior = Programme.objects.get(slug="nordplus-junior")
    factories.CallFactory(
        programme=junior,
        year=2027,
        deadline=datetime.datetime(2027, 1, 15, 12, 0, tzinfo=STOCKHOLM),
        note="Extra round",
    )

    found = _nordplus_deadline(datetime.date(2026, 12, 3))

    assert (found.day, found.recurring, found.note) == (
        datetime.date(2027, 1, 15),
        False,
        "Extra round",
    )
