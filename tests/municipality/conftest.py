"""Fixtures of the municipality tests: the municipality's data loaded as the quick start does;
for the personal-data tests, a cut-off day, people in every kind of link, and the public
site's world (tests/website) to compare its pages before and after a purge."""

import datetime

import pytest

from governance.models import Role
from tests import database, factories
from tests.municipality.helpers import run
from tests.website.conftest import (  # noqa: F401 (fixtures)
    _fresh_cache_and_swedish,
    _shared_for_the_test,
    world,
)


@pytest.fixture(scope="module")
def _vimmerby_rows(django_db_setup, django_db_blocker):
    """Vimmerby's data loaded once for a module whose every test wants it (it says
    ``pytest.mark.usefixtures("_vimmerby_rows")``): each test's changes are undone after it,
    as with a load of its own, at a tenth of the time (#15). The command's output."""
    with database.rows_for_several_tests(django_db_blocker, lambda: run("load_municipality")) as (
        output
    ):
        yield output


@pytest.fixture
def vimmerby(request, db):
    """Vimmerby's data, loaded as the quick start does; the command's output."""
    if "_vimmerby_rows" in request.fixturenames:
        return request.getfixturevalue("_vimmerby_rows")
    return run("load_municipality")


# The purge runs "on" this day with a retention of 36 months: the cut-off is 2028-01-01.
TODAY = datetime.date(2031, 1, 1)
MONTHS = 36


@pytest.fixture
def old_visit(db):
    """A twin-town visit that ended in 2026, long before the cut-off, with pupils counted."""
    return factories.VisitFactory(
        starts_on=datetime.date(2026, 5, 4),
        ends_on=datetime.date(2026, 5, 8),
        pupil_count=24,
        young_people_count=5,
    )


def participant(visit, level, first_name, **person_fields):
    """A named participant of ``visit``, with an e-mail address and a phone number."""
    person = factories.PersonFactory(
        first_name=first_name,
        last_name="Deltagare",
        email=f"{first_name.lower()}@example.se",
        phone="070-123 45 67",
        **person_fields,
    )
    return factories.VisitParticipantFactory(visit=visit, person=person, level=level)


@pytest.fixture
def current_member(db, ks):
    """A person with an open-ended membership: still involved, so nothing of theirs goes."""
    person = factories.PersonFactory(
        first_name="Nuvarande", email="nuvarande@example.se", phone="0492-100 00"
    )
    factories.MembershipFactory(
        person=person, body=ks, role=Role.OFFICIAL, starts_on=datetime.date(2020, 1, 1)
    )
    return person
