"""A network meeting planned for later in the year is not yet held (#11, S17, S22): the
dashboard's count (governance.networks.meetings_held) and the yearly report leave it out
until its day, while the public calendar lists it as upcoming."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from followup import report
from governance import networks
from tests import factories

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def meetings(network_body):
    held = factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime(2026, 3, 10, 13, 0, tzinfo=STOCKHOLM)
    )
    planned = factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime(2026, 5, 4, 13, 0, tzinfo=STOCKHOLM)
    )
    return held, planned


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 4, 15, 10, 0, tzinfo=STOCKHOLM), tick=False):
        yield


def test_meetings_held_leaves_out_a_meeting_planned_later_this_year(meetings):
    held, _planned = meetings

    assert list(networks.meetings_held(2026)) == [held]


def test_yearly_report_leaves_out_a_meeting_planned_later_this_year(meetings):
    held, _planned = meetings

    assert report.build(2026).meetings == [held]


def test_report_of_a_past_year_keeps_its_meetings(network_body):
    meeting = factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime(2025, 12, 30, 13, 0, tzinfo=STOCKHOLM)
    )

    assert report.build(2025).meetings == [meeting]
