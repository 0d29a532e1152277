"""Who may do what. The one module that views, admin and services ask (DESIGN.md)."""

import datetime

from django.utils import timezone

from governance.models import DECIDING_ROLES, Body, BodyKind, Membership, Role

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


# --- Staff pages (issue 4) ---------------------------------------------------------------
# Officials work for a body through a membership with one of these roles in it, or in an
# administration under it (a school belongs to its administration, which belongs to BUN).
WORKING_ROLES = (Role.OFFICIAL, Role.COORDINATOR)


def work_bodies_of(user, day: datetime.date | None = None) -> list[Body]:
    """Deciding bodies a contributor works for on ``day``: through an official's membership
    of the body itself or of an administration under it (S12)."""
    bodies = {}
    for membership in (
        memberships_of(user, day).filter(role__in=WORKING_ROLES).select_related("body__parent")
    ):
        body = membership.body if membership.body.decides else membership.body.parent
        if body is not None and body.decides:
            bodies[body.pk] = body
    return list(bodies.values())


def is_board_member(user, day: datetime.date | None = None) -> bool:
    """A member or the secretary of a deciding body in its current term."""
    return bool(deciding_bodies_of(user, day))


def may_use_staff_pages(user, day: datetime.date | None = None) -> bool:
    """The coordinator, a contributor, or a board member in office."""
    return is_coordinator(user) or is_contributor(user) or is_board_member(user, day)


def may_draft(user, day: datetime.date | None = None) -> bool:
    """Contributors who work for a body, and the coordinator, draft applications and work."""
    if is_coordinator(user):
        return True
    return is_contributor(user) and bool(work_bodies_of(user, day))


def may_edit_for_body(user, body: Body, day: datetime.date | None = None) -> bool:
    """Edit a body's projects, funding checks and applications: its contributors (S12)."""
    if is_coordinator(user):
        return True
    return is_contributor(user) and any(b.pk == body.pk for b in work_bodies_of(user, day))


def may_record_consultation(user) -> bool:
    """The coordinator leads the network and records its view (S9, S17)."""
    return is_coordinator(user)


def may_keep_records(user) -> bool:
    """The admin: the coordinator's, on an account the admin lets in (staff) (S13)."""
    return bool(getattr(user, "is_staff", False)) and is_coordinator(user)


def may_see_visits(user) -> bool:
    """Visits name their participants; the coordinator keeps them (S14)."""
    return is_coordinator(user)


def coordinator_emails() -> list[str]:
    """Where news for the coordinator goes: active accounts in the coordinator group."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(groups__name=COORDINATOR_GROUP, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _person_pk(user):
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person.pk if person is not None else None


def may_edit_work(user, responsible_body: Body | None, applicant_pk=None) -> bool:
    """Edit an application or project: the coordinator, a contributor of the responsible
    body, or the contributor who drafted it (a new twin town has no responsible body)."""
    if is_coordinator(user):
        return True
    if not is_contributor(user):
        return False
    if responsible_body is not None and may_edit_for_body(user, responsible_body):
        return True
    return applicant_pk is not None and applicant_pk == _person_pk(user)


def may_follow_up(user) -> bool:
    """The coordinator and the members of the executive board (KS) follow up the strategy."""
    if is_coordinator(user):
        return True
    return any(b.kind == BodyKind.EXECUTIVE_BOARD for b in deciding_bodies_of(user))
