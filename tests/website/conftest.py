"""A small published world for the public site, with unpublished records and personal data
beside it that must never show."""

import copy
import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from governance.models import BodyKind, Role
from partners.models import DatePrecision, RelationshipKind, RelationshipStatus
from projects.models import FundingOutcome, ProjectKind, ProjectStatus
from tests import database, factories
from tests.conftest import make_bun, make_kf, make_ks

# Put into every field that holds personal data or internal notes; no public output may
# ever contain it.
SECRET = "HEMLIGT-7f3a9"


@pytest.fixture(autouse=True)
def _fresh_cache_and_swedish():
    """Cached fragments and the active language of one test must not leak into the next:
    a request under /en/ leaves English active in the thread, and reverse() follows it."""
    cache.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()


@dataclass
class World:
    kf: object
    ks: object
    bun: object
    strategy: object
    objective: object
    other_objective: object
    joniskis: object
    skaerbaek: object
    tonder: object
    hidden_place: object
    twin_town: object
    ended_twin_town: object
    hidden_relationship: object
    chain: object
    project: object
    hidden_project: object
    project_decision: object
    establishing_decision: object
    hidden_decision: object
    public_meeting: object
    private_meeting: object
    nordic_meeting: object


def _published_place(**kwargs):
    return factories.PlaceFactory(published=True, **kwargs)


# --- The world written once for a module's tests (#15) ---------------------------------------
#
# Writing the world is some 330 statements and 0.3 s of a test's set-up, and some hundred
# tests of the public site ask for it. A module that says ``SHARED_WORLD = True`` (with
# ``pytestmark`` using ``shared_world``) gets it written once, in a transaction kept open for
# the module (``tests.database.rows_for_several_tests``): each test's own transaction is a
# savepoint in it, so whatever a test changes is undone after it, as before. Each test gets
# its own copy of the objects (``copy.deepcopy``, as they were right after writing), so
# nothing a test sets on them reaches the next. Only for modules without transactional tests;
# every test of such a module sees the world, whether it asks for it or not, and ``kf``,
# ``ks`` and ``bun`` are the world's.

#: For ``pytestmark`` of a module with ``SHARED_WORLD = True``: the module's rows come first,
#: before any test's own transaction (a module-scoped fixture is set up before them).
shared_world = pytest.mark.usefixtures("_shared_world_rows")


@dataclass
class _Shared:
    world: World
    kf: object
    ks: object
    bun: object


@pytest.fixture(scope="module")
def _shared_world_rows(request, django_db_setup, django_db_blocker):
    assert getattr(request.module, "SHARED_WORLD", False), "a module of its own world"

    def write():
        kf, ks, bun = make_kf(), make_ks(), make_bun()
        return _Shared(_write_world(kf, ks, bun), kf, ks, bun)

    with database.rows_for_several_tests(django_db_blocker, write) as rows:
        yield rows


@pytest.fixture
def _shared_for_the_test(request, db):
    """This test's copy of the module's world, or None where the module writes its own."""
    if "_shared_world_rows" not in request.fixturenames:
        return None
    return copy.deepcopy(request.getfixturevalue("_shared_world_rows"))


@pytest.fixture
def kf(_shared_for_the_test):
    return _shared_for_the_test.kf if _shared_for_the_test else make_kf()


@pytest.fixture
def ks(_shared_for_the_test):
    return _shared_for_the_test.ks if _shared_for_the_test else make_ks()


@pytest.fixture
def bun(_shared_for_the_test):
    return _shared_for_the_test.bun if _shared_for_the_test else make_bun()


@pytest.fixture
def world(_shared_for_the_test, kf, ks, bun):
    """Joniškis (active twin town), Skærbæk (ended, merged into an unpublished Tønder),
    a published school exchange, and unpublished things beside them."""
    if _shared_for_the_test:
        return _shared_for_the_test.world
    return _write_world(kf, ks, bun)


def _write_world(kf, ks, bun) -> World:
    strategy = factories.StrategyFactory(adopted_by__body=kf)
    objective = factories.ObjectiveFactory(strategy=strategy, number=1, text="Ökad förståelse")
    objective.text_en = "Greater understanding"
    objective.save()
    other_objective = factories.ObjectiveFactory(strategy=strategy, number=2, text="Nya kontakter")

    tonder = factories.PlaceFactory(name="Tønder", slug="tonder", country="DK", published=False)
    joniskis = _published_place(
        name="Joniškis",
        slug="joniskis",
        country="LT",
        latitude="56.24083",
        longitude="23.61611",
        wikidata_id="Q1006707",
        public_text="Vänort sedan 1994.",
        internal_note=f"internt {SECRET}",
    )
    joniskis.public_text_en = "Twin town since 1994."
    joniskis.save()
    skaerbaek = _published_place(
        name="Skærbæk",
        slug="skaerbaek",
        country="DK",
        latitude="55.15750",
        longitude="8.76944",
        administered_by=tonder,
        successor=tonder,
        merged_on=datetime.date(2007, 1, 1),
    )
    hidden_place = factories.PlaceFactory(name="Hemligby", slug="hemligby", country="NO")

    establishing = factories.DecisionFactory(
        body=kf, meeting_date=datetime.date(1994, 5, 30), paragraph=55, title="Vänort Joniškis"
    )
    chain = factories.ChainFactory(name="Nordiska vänortskedjan")
    twin_town = factories.RelationshipFactory(
        place=joniskis,
        published=True,
        established_by=establishing,
        internal_note=f"not {SECRET}",
    )
    ended = factories.RelationshipFactory(
        place=skaerbaek,
        published=True,
        chain=chain,
        started_on=datetime.date(1960, 1, 1),
        start_precision=DatePrecision.APPROXIMATE,
        start_note="sedan 1960-talet",
        status=RelationshipStatus.ENDED,
        ended_on=datetime.date(2007, 1, 1),
        channel="organisation",
        channel_organisation="Föreningen Norden",
    )
    factories.StatusChangeFactory(
        relationship=ended,
        changed_on=datetime.date(2007, 1, 1),
        from_status=RelationshipStatus.ACTIVE,
        to_status=RelationshipStatus.ENDED,
        reason="Skærbæk gick upp i Tønder kommun.",
    )
    hidden_relationship = factories.RelationshipFactory(
        place=joniskis, kind=RelationshipKind.INFORMAL, published=False
    )
    factories.RelationshipFactory(place=hidden_place, published=True)  # its place is hidden
    hidden_decision = factories.DecisionFactory(
        body=ks, meeting_date=datetime.date(2025, 2, 3), paragraph=9, title="Internt beslut"
    )

    closer = factories.PersonFactory(first_name="Stina", last_name="Stängare")
    project = factories.ProjectFactory(
        title="Skolutbyte med Joniškis",
        slug="skolutbyte-joniskis",
        summary="Elever i årskurs 8 besöker varandras skolor.",
        kind=ProjectKind.SCHOOL_EXCHANGE,
        status=ProjectStatus.ONGOING,
        responsible_body=bun,
        starts_on=datetime.date(2025, 8, 1),
        ends_on=datetime.date(2027, 6, 30),
        funding_check_closed_on=datetime.date(2025, 6, 1),
        funding_check_closed_by=closer,
        published=True,
        internal_notes=f"anteckning {SECRET}",
    )
    project.title_en = "School exchange with Joniškis"
    project.save()
    project.places.add(joniskis)
    project.relationships.add(twin_town)
    project.objectives.add(objective)
    project.cooperating_bodies.add(ks)
    factories.ParticipantCountFactory(project=project, level="pupil", count=24)
    factories.FundingCheckFactory(
        project=project,
        programme__funder__name="Svenska institutet",
        outcome=FundingOutcome.GRANTED,
        amount_applied=987654,
        amount_granted=876543,
        note=f"bidrag {SECRET}",
        checked_by=factories.PersonFactory(last_name=f"Kontrollant{SECRET}"),
    )
    application = factories.DecidedApplicationFactory(
        project=project,
        kind="school_exchange",
        summary=f"ansökan {SECRET}",
        decision__body=bun,
        decision__title="Skolutbyte med Joniškis godkänns",
        decision__meeting_date=datetime.date(2025, 6, 10),
        decision__paragraph=41,
    )
    hidden_project = factories.ProjectFactory(
        title="Hemligt projekt", slug="hemligt-projekt", responsible_body=bun
    )

    secret_person = factories.PersonFactory(
        first_name="Hemlig",
        last_name=f"Persson{SECRET}",
        email="hemlig@example.org",
        phone=f"070-{SECRET}",
    )
    factories.MembershipFactory(
        person=secret_person,
        body=factories.BodyFactory(
            short_name="IN", name="Internationella nätverket", kind=BodyKind.INTERNATIONAL_NETWORK
        ),
        role=Role.REPRESENTATIVE,
        represents=factories.BodyFactory(
            short_name="BUF",
            name="Barn- och utbildningsförvaltningen",
            kind=BodyKind.ADMINISTRATION,
            parent=bun,
        ),
        starts_on=datetime.date(2024, 1, 1),
    )
    factories.ContactAbroadFactory(place=joniskis, name=f"Kontakt {SECRET}", email="k@example.lt")
    factories.VisitParticipantFactory(
        visit__place=joniskis, visit__relationship=twin_town, person=secret_person
    )
    in_a_week = timezone.now() + datetime.timedelta(days=7)
    public_meeting = factories.MeetingFactory(
        body=ks, starts_at=in_a_week, location="Stadshuset", is_public=True, agenda="Vänorter"
    )
    public_meeting.attendees.add(secret_person)
    # Held a week ago: a meeting has minutes once it is held (#11).
    private_meeting = factories.MeetingFactory(
        body=ks,
        starts_at=timezone.now() - datetime.timedelta(days=7),
        agenda=f"dagordning {SECRET}",
        minutes=f"prot {SECRET}",
    )
    nordic_meeting = factories.NordicMeetingFactory(
        chain=chain,
        year=2026,
        host=joniskis,
        starts_on=datetime.date(2026, 6, 12),
        ends_on=datetime.date(2026, 6, 14),
        notes=f"delegation {SECRET}",
    )
    return World(
        kf=kf,
        ks=ks,
        bun=bun,
        strategy=strategy,
        objective=objective,
        other_objective=other_objective,
        joniskis=joniskis,
        skaerbaek=skaerbaek,
        tonder=tonder,
        hidden_place=hidden_place,
        twin_town=twin_town,
        ended_twin_town=ended,
        hidden_relationship=hidden_relationship,
        chain=chain,
        project=project,
        hidden_project=hidden_project,
        project_decision=application.decision,
        establishing_decision=establishing,
        hidden_decision=hidden_decision,
        public_meeting=public_meeting,
        private_meeting=private_meeting,
        nordic_meeting=nordic_meeting,
    )


@pytest.fixture
def live_world(transactional_db, world, live_server):
    """The published world, served by a live server (the browser tests, test_browser.py)."""
    return world
