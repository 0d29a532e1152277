"""Deadlines and report dates coming up for the coordinator (S6)."""

import datetime
import functools
from dataclasses import dataclass

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from followup.models import ReminderKind
from governance import compiled
from projects import funding_calls
from projects.models import FundingCheck, FundingOutcome, ReportObligation

WINDOW_DAYS = 30


@dataclass(frozen=True)
class DatedItem:
    """Something that falls due on a date: a call's deadline, an application, a report."""

    kind: str
    object_id: int
    due_on: datetime.date
    title: str
    detail: str
    url: str | None = None

    @property
    def kind_label(self) -> str:
        return ReminderKind(self.kind).label


# A key no record has, reversed once per model and language, then replaced by each record's.
_ANY_KEY = "918273645546372819"


@functools.lru_cache(maxsize=512)
def _change_url(name: str, language, prefix: str, urlconf) -> str | None:
    try:
        return reverse(name, args=[_ANY_KEY])
    except NoReverseMatch:
        return None


def admin_url(obj) -> str | None:
    """The admin page where the record is fixed, if the admin registers that model.

    Reversed once per model, language and prefix: the dashboard links some hundred records, and
    resolving each one's URL anew was a tenth of its Python (cProfile, #15)."""
    return admin_urls(obj._meta.model)(obj.pk)


def _none(pk) -> None:
    return None


def admin_urls(model):
    """``admin_url`` for the records of ``model`` by their key, for a list of them: the
    language, the prefix and the reversed URL looked up once for the list, not once a record
    (#15). Call it where the list is made, in the request's language."""
    meta = model._meta
    name = f"admin:{meta.app_label}_{meta.model_name}_change"
    url = _change_url(name, get_language(), get_script_prefix(), get_urlconf())
    if url is None:
        return _none
    head, tail = url.split(f"/{_ANY_KEY}/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"


def _calls(start, end):
    """Explicit calls and yearly ones, next year's included (projects.funding_calls, #13)."""
    for deadline in funding_calls.calls_between(start, end):
        recurring = deadline.is_recurring
        yield DatedItem(
            ReminderKind.YEARLY_CALL_DEADLINE if recurring else ReminderKind.CALL_DEADLINE,
            deadline.source_id,
            deadline.day,
            str(deadline.programme),
            _("Call %(year)s closes")
            % {"year": deadline.day.year if recurring else deadline.call.year},
            admin_url(deadline.programme),
        )


def _planned_applications(start, end):
    return FundingCheck.objects.filter(
        outcome=FundingOutcome.WILL_APPLY, deadline__gte=start, deadline__lte=end
    ).select_related("project", "programme__funder")


def _unsubmitted_reports(start, end):
    return ReportObligation.objects.filter(
        submitted_on__isnull=True, due_on__gte=start, due_on__lte=end
    ).select_related("funding_check__project", "funding_check__programme__funder")


def _checks(start, end):
    # Each of these lists compiled once a process for each range (governance.compiled, #15).
    checks = compiled.rows("deadline-checks", _planned_applications, start, end)
    for check in checks:
        yield DatedItem(
            ReminderKind.CHECK_DEADLINE,
            check.pk,
            check.deadline,
            str(check.project),
            _("Application to %(programme)s") % {"programme": check.programme},
            admin_url(check.project),
        )


def _reports(start, end):
    reports = compiled.rows("deadline-reports", _unsubmitted_reports, start, end)
    for report in reports:
        yield DatedItem(
            ReminderKind.REPORT_DUE,
            report.pk,
            report.due_on,
            str(report.funding_check.project),
            _("%(title)s to %(funder)s")
            % {"title": report.title, "funder": report.funding_check.programme.funder},
            admin_url(report.funding_check.project),
        )


def _in_order(items) -> list[DatedItem]:
    return sorted(items, key=lambda item: (item.due_on, item.kind, item.title))


def coming(today: datetime.date | None = None, days: int = WINDOW_DAYS) -> list[DatedItem]:
    """Call deadlines, planned applications and unsubmitted reports due within ``days``."""
    start = today or timezone.localdate()
    end = start + datetime.timedelta(days=days)
    return _in_order([*_calls(start, end), *_checks(start, end), *_reports(start, end)])


def coming_and_overdue(
    today: datetime.date, days: int = WINDOW_DAYS
) -> tuple[list[DatedItem], list[DatedItem]]:
    """``coming(today, days)`` and ``overdue_reports(today)`` together, for the dashboard: the
    unsubmitted reports of both read in one query (#15), those due before today overdue."""
    end = today + datetime.timedelta(days=days)
    reports = list(_reports(datetime.date.min, end))
    due = [report for report in reports if report.due_on >= today]
    overdue = [report for report in reports if report.due_on < today]
    return _in_order([*_calls(today, end), *_checks(today, end), *due]), overdue


def overdue_reports(today: datetime.date | None = None) -> list[DatedItem]:
    """Reports owed to a funder whose due date has passed without a submission."""
    day = today or timezone.localdate()
    return list(_reports(datetime.date.min, day - datetime.timedelta(days=1)))
