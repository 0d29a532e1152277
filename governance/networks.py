"""The international and regional networks: who is represented, which meetings were held
(S17, S20, S21). The networks are bodies, so their reads live with the bodies."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from governance.models import Body, BodyKind, Meeting, Membership


def administrations_without_representative(day: datetime.date):
    """Active administrations with no representative in the international network today."""
    represented = Membership.objects.valid_on(day).filter(
        body__kind=BodyKind.INTERNATIONAL_NETWORK, represents=OuterRef("pk")
    )
    return (
        Body.objects.administrations()
        .active_on(day)
        .annotate(represented=Exists(represented))
        .filter(represented=False)
        .order_by("name")
    )


def meetings_held(year: int, kind: str = BodyKind.INTERNATIONAL_NETWORK, *, kinds=()):
    """Meetings of the international (or regional) network held in a calendar year: a
    meeting planned for later this year is not held yet (#11). With ``kinds``, the meetings
    of each of those networks, in one query (the dashboard's two rows of meetings, #15)."""
    return meetings_in_year(year, kind, kinds=kinds).filter(starts_at__lte=timezone.now())


def meetings_in_year(year: int, kind: str = BodyKind.INTERNATIONAL_NETWORK, *, kinds=()):
    """The network's meetings of a calendar year, held or planned: ``meetings_held`` before
    the clock is asked, for a statement compiled once (``governance.compiled``), whose rows
    ``is_held`` then judges (#15)."""
    of_kind = {"body__kind__in": kinds} if kinds else {"body__kind": kind}
    return Meeting.objects.filter(**of_kind, starts_at__year=year).select_related("body")


def is_held(meeting: Meeting, now: datetime.datetime) -> bool:
    """``meetings_held``'s condition for one meeting of ``meetings_in_year``: it has begun by
    ``now``; one planned for later this year is not held yet (#11)."""
    return meeting.starts_at <= now
