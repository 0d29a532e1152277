"""What is new since the user's last visit to a staff list (#12).

The time of the previous visit to each list is kept in the user's session, per page; the list
marks the rows whose last change (their history's latest entry) came after it. The first
visit in a session marks nothing: there is nothing to compare with.

The time is kept to the whole second, rounded down (#15): a second visit within the same
second finds the time it would write already there, and the session is not written again
(a transaction and an UPDATE of the session's row saved). Rounded down, a change made in the
second of the visit, before it, is marked once more on the next visit; none is ever missed.
"""

import datetime

from django.utils import timezone

SESSION_KEY = "staff_last_visits"


class LastVisitMixin:
    """For a list's view: ``since`` in the context, the previous visit's time or None."""

    def get(self, request, *args, **kwargs):
        visits = request.session.get(SESSION_KEY, {})
        key = request.resolver_match.url_name if request.resolver_match else request.path
        previous = visits.get(key)
        self.since = _parse(previous)
        now = timezone.now().replace(microsecond=0).isoformat()
        if previous != now:
            request.session[SESSION_KEY] = {**visits, key: now}
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(since=self.since, **kwargs)


def _parse(value) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
