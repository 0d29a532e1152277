"""Deadlines and report dates in the next 30 days, and the daily reminder e-mail (S6)."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from followup.models import SentReminder
from followup.queries import deadlines
from governance.access import COORDINATOR_GROUP
from projects.models import FundingOutcome
from tests import factories


def _deadline(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17)))


@pytest.fixture
def coordinator_with_email(coordinator):
    coordinator.email = "samordnare@example.org"
    coordinator.save()
    return coordinator


@pytest.fixture
def dated_items(db):
    """A call, a planned application and a report in the window; others outside it."""
    call = factories.CallFactory(
        programme__name="Nordplus Junior", deadline=_deadline(datetime.date(2026, 7, 1))
    )
    factories.CallFactory(deadline=_deadline(datetime.date(2026, 8, 1)))  # 47 days ahead
    check = factories.FundingCheckFactory(
        project__title="Elevutbyte Finland",
        outcome=FundingOutcome.WILL_APPLY,
        deadline=datetime.date(2026, 6, 20),
    )
    report = factories.ReportObligationFactory(
        title="Årsrapport på engelska", due_on=datetime.date(2026, 7, 15)
    )
    factories.ReportObligationFactory(
        due_on=datetime.date(2026, 7, 1), submitted_on=datetime.date(2026, 6, 1)
    )
    return call, check, report


def test_coming_lists_deadlines_and_reports_in_the_next_30_days(dated_items, today):
    call, check, report = dated_items

    items = deadlines.coming(today)

    assert [(i.kind, i.object_id, i.due_on) for i in items] == [
        ("check_deadline", check.pk, datetime.date(2026, 6, 20)),
        ("call_deadline", call.pk, datetime.date(2026, 7, 1)),
        ("report_due", report.pk, datetime.date(2026, 7, 15)),
    ]


def test_coming_is_empty_when_nothing_falls_due(db, today):
    factories.CallFactory(deadline=_deadline(datetime.date(2026, 6, 14)))

    assert deadlines.coming(today) == []


def test_overdue_reports_are_listed(db, today):
    report = factories.ReportObligationFactory(due_on=datetime.date(2026, 5, 31))

    assert [i.object_id for i in deadlines.overdue_reports(today)] == [report.pk]


def test_the_dashboard_reads_the_coming_and_the_overdue_in_one_go(
    dated_items, today, django_assert_num_queries
):
    """The dashboard's ``coming_and_overdue`` (#15) is ``coming`` and ``overdue_reports``,
    the reports of both read in one query: calls, yearly calls, checks and reports."""
    for due_on in (datetime.date(2026, 5, 31), datetime.date(2026, 6, 14), today):
        factories.ReportObligationFactory(due_on=due_on)
    factories.ReportObligationFactory(due_on=today + datetime.timedelta(days=30))
    expected = (deadlines.coming(today), deadlines.overdue_reports(today))

    with django_assert_num_queries(4):
        both = deadlines.coming_and_overdue(today)

    assert both == expected
    assert [len(items) for items in both] == [5, 2]


def test_reminder_command_emails_coordinators_once_per_date(
    dated_items, coordinator_with_email, today
):
    call_command("send_funding_reminders")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["samordnare@example.org"]
    assert "Nordplus Junior" in mail.outbox[0].body
    assert SentReminder.objects.count() == 3

    call_command("send_funding_reminders")

    assert len(mail.outbox) == 1


def test_reminder_command_next_day_sends_only_new_items(dated_items, coordinator_with_email, today):
    call_command("send_funding_reminders")
    factories.ReportObligationFactory(title="Slutrapport", due_on=datetime.date(2026, 7, 16))

    with time_machine.travel(datetime.datetime(2026, 6, 16, 9, 0), tick=False):
        call_command("send_funding_reminders")

    assert len(mail.outbox) == 2
    assert "Slutrapport" in mail.outbox[1].body
    assert "Nordplus Junior" not in mail.outbox[1].body


def test_reminder_command_reminds_again_when_the_date_moves(
    dated_items, coordinator_with_email, today
):
    _call, check, _report = dated_items
    call_command("send_funding_reminders")
    check.deadline = datetime.date(2026, 6, 25)
    check.save()

    call_command("send_funding_reminders")

    assert len(mail.outbox) == 2
    assert SentReminder.objects.filter(object_id=check.pk, kind="check_deadline").count() == 2


def test_reminder_command_records_nothing_when_sending_fails(
    dated_items, coordinator_with_email, today, settings
):
    settings.EMAIL_BACKEND = "tests.followup.failing_mail.Backend"

    with pytest.raises(ConnectionError):
        call_command("send_funding_reminders")

    assert SentReminder.objects.count() == 0


def test_reminder_command_without_coordinator_address_is_refused(dated_items, today):
    Group.objects.get_or_create(name=COORDINATOR_GROUP)

    with pytest.raises(CommandError, match="No coordinator has an e-mail address"):
        call_command("send_funding_reminders")

    assert SentReminder.objects.count() == 0


def test_reminder_command_dry_run_sends_and_records_nothing(
    dated_items, coordinator_with_email, today
):
    call_command("send_funding_reminders", "--dry-run")

    assert mail.outbox == []
    assert SentReminder.objects.count() == 0
