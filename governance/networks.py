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
    of_kind = {"body__kind__in": kinds} if kinds else {"body__kind": kind}
    return Meeting.objects.filter(
        **of_kind, starts_at__year=year, starts_at__lte=timezone.now()
    ).select_related("body")
