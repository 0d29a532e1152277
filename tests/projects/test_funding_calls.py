"""Deadlines in a range of days, explicit and yearly (S6, #13): next year's call appears
without anyone entering it; an explicit call of that round replaces the yearly one."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from projects.funding_calls import calls_between
from tests import factories

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _at(day, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour), STOCKHOLM)


@pytest.fixture
def nordplus():
    programme = factories.ProgrammeFactory(name="Nordplus Junior")
    factories.RecurringCallFactory(programme=programme, month=2, day=1, note="Huvudomgång")
    return programme


def test_a_yearly_call_rolls_over_to_next_year(nordplus):
    with time_machine.travel(_at(datetime.date(2026, 12, 3)), tick=False):
        found = calls_between(datetime.date(2026, 12, 3), datetime.date(2027, 12, 3))

    assert [(d.day, d.is_recurring, d.note) for d in found] == [
        (datetime.date(2027, 2, 1), True, "Huvudomgång")
    ]
    assert found[0].key == f"yearly-{found[0].recurring.pk}-2027"


def test_a_range_over_two_years_has_both_years_deadlines(nordplus):
    found = calls_between(datetime.date(2027, 1, 1), datetime.date(2028, 12, 31))

    assert [d.day for d in found] == [datetime.date(2027, 2, 1), datetime.date(2028, 2, 1)]
    assert len({d.key for d in found}) == 2


def test_an_explicit_call_of_the_round_replaces_the_yearly_deadline(nordplus):
    call = factories.CallFactory(
        programme=nordplus, year=2027, deadline=_at(datetime.date(2027, 2, 3), 15)
    )
    other = factories.CallFactory(
        programme=nordplus, year=2027, deadline=_at(datetime.date(2027, 10, 1))
    )

    found = calls_between(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))

    assert [(d.day, d.call) for d in found] == [
        (datetime.date(2027, 2, 3), call),
        (datetime.date(2027, 10, 1), other),
    ]


def test_first_and_last_year_and_inactive_programmes(db):
    limited = factories.RecurringCallFactory(month=3, day=15, first_year=2027, last_year=2027)
    factories.RecurringCallFactory(month=4, day=1, programme__is_active=False)

    found = calls_between(datetime.date(2026, 1, 1), datetime.date(2028, 12, 31))

    assert [(d.recurring, d.day) for d in found] == [(limited, datetime.date(2027, 3, 15))]


def test_two_queries_whatever_the_catalogue(nordplus, django_assert_num_queries):
    for month in range(3, 8):
        factories.RecurringCallFactory(month=month, day=1)
        factories.CallFactory(deadline=_at(datetime.date(2027, month, 10)))

    with django_assert_num_queries(2):
        found = calls_between(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))

    assert len(found) == 11


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("english")
def test_a_yearly_call_ends_with_its_last_year(db):
    call = factories.RecurringCallFactory(month=2, day=1, first_year=2027, last_year=2027)

    assert call.next_deadline(datetime.date(2026, 12, 3)) == datetime.date(2027, 2, 1)
    assert call.next_deadline(datetime.date(2027, 2, 2)) is None
    assert call.next_deadline(datetime.date(2025, 3, 1)) == datetime.date(2027, 2, 1)


@pytest.mark.usefixtures("english")
def test_a_yearly_call_on_29_february_is_refused_and_nothing_saved(db):
    programme = factories.ProgrammeFactory()

    with translation.override("sv"):
        with pytest.raises(ValidationError) as error:
            factories.RecurringCallFactory(programme=programme, month=2, day=29)
        assert error.value.message_dict == {
            "day": ["En årlig frist behöver en dag som finns varje år, t.ex. månad 2, dag 1."]
        }
    assert not programme.recurring_calls.exists()
