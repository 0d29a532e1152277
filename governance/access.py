"""Who may do what. The one module that views, admin and services ask (DESIGN.md)."""

import datetime

from django.utils import timezone

from governance.models import DECIDING_ROLES, Body, Membership

COORDINATOR_GROUP = "coordinator"
CONTRIBUTOR_GROUP = "contributor"
BOARD_MEMBER_GROUP = "board member"


def _in_group(user, name: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.groups.filter(name=name).exists()


def is_coordinator(user) -> bool:
    """The international coordinator keeps every record (S13)."""
    return bool(getattr(user, "is_superuser", False)) or _in_group(user, COORDINATOR_GROUP)


def is_contributor(user) -> bool:
    return _in_group(user, CONTRIBUTOR_GROUP)


def memberships_of(user, day: datetime.date | None = None):
    """The user's memberships valid on ``day`` (today by default)."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return Membership.objects.none()
    return person.memberships.valid_on(day or timezone.localdate()).select_related("body")


def deciding_bodies_of(user, day: datetime.date | None = None) -> list[Body]:
    """Bodies whose decisions the user may record on ``day``: member or secretary (S8)."""
    return [
        m.body for m in memberships_of(user, day).filter(role__in=DECIDING_ROLES) if m.body.decides
    ]


def may_record_decision(user, body: Body, day: datetime.date | None = None) -> bool:
    """A member or the secretary of the body on the day, or the coordinator (S8)."""
    if is_coordinator(user):
        return True
    return any(b.pk == body.pk for b in deciding_bodies_of(user, day))
