"""The daily reminders read the yearly calls too (S6, #13): next year's deadline is reminded
of without anyone entering it, once per date."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from followup.models import SentReminder
from followup.queries import deadlines
from tests import factories


@pytest.fixture
def coordinator_with_email(coordinator):
    coordinator.email = "samordnare@example.org"
    coordinator.save()
    return coordinator


@pytest.fixture
def yearly(db):
    return factories.RecurringCallFactory(
        programme__name="Nordplus Junior", month=7, day=1, note="Huvudomgång"
    )


def test_coming_lists_a_yearly_deadline(yearly, today):
    items = deadlines.coming(today)

    assert [(i.kind, i.object_id, i.due_on, i.title) for i in items] == [
        ("yearly_call", yearly.pk, datetime.date(2026, 7, 1), str(yearly.programme))
    ]


def test_each_years_deadline_is_reminded_of_once(yearly, coordinator_with_email, today):
    call_command("send_funding_reminders")
    call_command("send_funding_reminders")

    assert len(mail.outbox) == 1
    assert "2026-07-01" in mail.outbox[0].body
    assert "Nordplus Junior" in mail.outbox[0].body

    # A year later the same yearly call falls due again: a new reminder, nobody entered it.
    with time_machine.travel(datetime.datetime(2027, 6, 15, 9, 0), tick=False):
        call_command("send_funding_reminders")

    assert len(mail.outbox) == 2
    assert "2027-07-01" in mail.outbox[1].body
    assert sorted(SentReminder.objects.values_list("kind", "due_on")) == [
        ("yearly_call", datetime.date(2026, 7, 1)),
        ("yearly_call", datetime.date(2027, 7, 1)),
    ]
