"""What is new since the user's last visit to a staff list (#12).

The time of the previous visit to each list is kept in the user's session, per page; the list
marks the rows whose last change (their history's latest entry) came after it. The first
visit in a session marks nothing: there is nothing to compare with.
"""

import datetime

from django.utils import timezone

SESSION_KEY = "staff_last_visits"


class LastVisitMixin:
    """For a list's view: ``since`` in the context, the previous visit's time or None."""

    def get(self, request, *args, **kwargs):
        visits = dict(request.session.get(SESSION_KEY, {}))
        key = request.resolver_match.url_name if request.resolver_match else request.path
        previous = visits.get(key)
        self.since = _parse(previous)
        visits[key] = timezone.now().isoformat()
        request.session[SESSION_KEY] = visits
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(since=self.since, **kwargs)


def _parse(value) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
