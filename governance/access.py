"""Who may do what: the one module that views, templates, forms, the admin and services ask.

A user's rights follow from their groups (coordinator, contributor, board member) and their
memberships valid on the day (S8, S12, S17). Both are loaded once, in two queries, into a
``Rights`` object; ``rights_of(user)`` keeps it on the user object, which Django's
authentication middleware creates once per request, so a page asks as often as it likes and
the database is asked twice. ``accounts.middleware.RightsMiddleware`` puts the same object on
``request.rights`` for views and templates.

The module-level functions below (``is_coordinator(user)``, ``may_draft(user)`` ...) are the
same questions for callers that hold a user rather than a request (services, the admin, commands).
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.models import DECIDING_ROLES, Body, BodyKind, Membership, Role

COORDINATOR_GROUP = "coordinator"
CONTRIBUTOR_GROUP = "contributor"
BOARD_MEMBER_GROUP = "board member"

# Officials work for a body through a membership with one of these roles in it, in an
# administration under it, or in a unit (a school) of that administration (#11).
WORKING_ROLES = (Role.OFFICIAL, Role.COORDINATOR)


@dataclass(frozen=True)
class WorkScope:
    """Whose work a contributor edits (#11), as primary keys of bodies:

    - ``bodies``: deciding bodies the person is an official of directly: all their work;
    - ``administrations``: administrations: their own work and their units';
    - ``administered``: the deciding bodies above those administrations: their work that
      names no unit (work with no unit is the responsible body's administration's);
    - ``units``: units (schools): their own work.

    ``Rights.may_edit_project`` asks it of one project and ``projects.queries.projects_of``
    of the database, with the same four clauses (a test holds them equal)."""

    bodies: frozenset = frozenset()
    administrations: frozenset = frozenset()
    administered: frozenset = frozenset()
    units: frozenset = frozenset()


# Where rights_of() keeps the user's rights, by day, on the user object.
_CACHE_ATTRIBUTE = "_access_rights"


class Rights:
    """What one user may do on one day. Built by ``rights_of``; ask it, never recompute."""

    def __init__(self, user, day: datetime.date):
        self.user = user
        self.day = day
        self.authenticated = bool(getattr(user, "is_authenticated", False))

    # --- What is loaded: two queries, each at most once ----------------------------------

    @cached_property
    def groups(self) -> frozenset[str]:
        if not self.authenticated:
            return frozenset()
        return frozenset(self.user.groups.values_list("name", flat=True))

    @cached_property
    def memberships(self) -> tuple[Membership, ...]:
        """The user's memberships valid on the day, with their bodies and the bodies above."""
        if not self.authenticated:
            return ()
        return tuple(
            Membership.objects.valid_on(self.day)
            .filter(person__user=self.user)
            .select_related("body__parent__parent")
            .order_by("pk")
        )

    # --- Roles ---------------------------------------------------------------------------

    @cached_property
    def is_coordinator(self) -> bool:
        """The international coordinator keeps every record (S13)."""
        if not self.authenticated:
            return False
        return bool(getattr(self.user, "is_superuser", False)) or COORDINATOR_GROUP in self.groups

    @cached_property
    def is_contributor(self) -> bool:
        return self.authenticated and CONTRIBUTOR_GROUP in self.groups

    @cached_property
    def deciding_bodies(self) -> tuple[Body, ...]:
        """Bodies whose decisions the user may record on the day: member or secretary (S8)."""
        bodies = {}
        for membership in self.memberships:
            if membership.role in DECIDING_ROLES and membership.body.decides:
                bodies.setdefault(membership.body.pk, membership.body)
        return tuple(bodies.values())

    @cached_property
    def workplaces(self) -> tuple[Body, ...]:
        """The bodies the user works in on the day (an official's or coordinator's
        membership): a unit (a school), an administration, or a deciding body itself."""
        places = {}
        for membership in self.memberships:
            if membership.role in WORKING_ROLES:
                places.setdefault(membership.body.pk, membership.body)
        return tuple(places.values())

    @cached_property
    def work_bodies(self) -> tuple[Body, ...]:
        """Deciding bodies a contributor works for on the day: through an official's
        membership of the body itself, of an administration under it, or of a unit (a
        school) of that administration (S12, #11)."""
        bodies = {}
        for place in self.workplaces:
            body = place
            while body is not None and not body.decides:
                body = body.parent
            if body is not None:
                bodies.setdefault(body.pk, body)
        return tuple(bodies.values())

    @cached_property
    def work_scope(self) -> WorkScope:
        """Whose work the user edits as a contributor (#11); empty for anyone else."""
        if not self.is_contributor:
            return WorkScope()
        bodies, administrations, administered, units = set(), set(), set(), set()
        for place in self.workplaces:
            if place.decides:
                bodies.add(place.pk)
            elif place.kind == BodyKind.ADMINISTRATION:
                administrations.add(place.pk)
                if place.parent_id is not None:
                    administered.add(place.parent_id)
            elif place.kind == BodyKind.UNIT:
                units.add(place.pk)
        return WorkScope(
            frozenset(bodies), frozenset(administrations), frozenset(administered), frozenset(units)
        )

    @cached_property
    def recording_body_pks(self) -> frozenset[int]:
        """Keys of the bodies whose decisions the user may record on the day (templates ask
        ``application.addressed_to_id in request.rights.recording_body_pks``)."""
        return frozenset(b.pk for b in self.deciding_bodies)

    @cached_property
    def is_board_member(self) -> bool:
        """A member or the secretary of a deciding body in its current term."""
        return bool(self.deciding_bodies)

    @cached_property
    def person_pk(self) -> int | None:
        if not self.authenticated:
            return None
        if self.memberships:
            return self.memberships[0].person_id
        person = getattr(self.user, "person", None)
        return person.pk if person is not None else None

    # --- Pages and steps -----------------------------------------------------------------

    @cached_property
    def may_use_staff_pages(self) -> bool:
        """The coordinator, a contributor, or a board member in office."""
        return self.is_coordinator or self.is_contributor or self.is_board_member

    @cached_property
    def may_draft(self) -> bool:
        """Contributors who work for a body, and the coordinator, draft applications and work."""
        return self.is_coordinator or (self.is_contributor and bool(self.work_bodies))

    @cached_property
    def may_see_queue(self) -> bool:
        """ "Ärenden att besluta": board members in office, and the coordinator."""
        return self.is_coordinator or self.is_board_member

    @cached_property
    def may_record_consultation(self) -> bool:
        """The coordinator leads the network and records its view (S9, S17)."""
        return self.is_coordinator

    @cached_property
    def may_keep_records(self) -> bool:
        """The admin: the coordinator's, on an account the admin lets in (staff) (S13)."""
        return bool(getattr(self.user, "is_staff", False)) and self.is_coordinator

    @cached_property
    def may_see_visits(self) -> bool:
        """Visits name their participants; the coordinator keeps them (S14)."""
        return self.is_coordinator

    @cached_property
    def may_import(self) -> bool:
        """Spreadsheet imports change every kind of record at once: the coordinator's alone
        (#15). An import job is seen and confirmed only by whoever asked for it."""
        return self.is_coordinator

    def may_see_import_job(self, job) -> bool:
        return self.may_import and job.requested_by_id == getattr(self.user, "pk", None)

    @cached_property
    def may_follow_up(self) -> bool:
        """The coordinator and the members of the executive board (KS) follow up the strategy."""
        if self.is_coordinator:
            return True
        return any(b.kind == BodyKind.EXECUTIVE_BOARD for b in self.deciding_bodies)

    @cached_property
    def may_register_term(self) -> bool:
        """After an election the coordinator registers a body's memberships for the new term
        and gives the new members their accounts (#11)."""
        return self.is_coordinator

    def may_record_decision(self, body: Body) -> bool:
        """A member (chair, vice chair, member, substitute) or the secretary of the body, by a
        membership valid on the day: ask it of ``rights_of(user, meeting_date)`` (S8, #11).

        The coordinator prepares decisions (the queue, the proposal, the documents) and
        records one only through a secretary's membership of the body, like anyone else.
        """
        return any(b.pk == body.pk for b in self.deciding_bodies)

    def may_correct_decision(self, decision) -> bool:
        """Put right an error in a recorded decision (rättelse): the coordinator, or the
        secretary of the decision's body on the day (#11)."""
        if self.is_coordinator:
            return True
        return any(
            m.role == Role.SECRETARY and m.body_id == decision.body_id for m in self.memberships
        )

    def may_edit_for_body(self, body: Body) -> bool:
        """Draft work for a body (choose it as responsible): its contributors, wherever in
        its administration they work (S12). Editing one project asks ``may_edit_project``."""
        if self.is_coordinator:
            return True
        return self.is_contributor and any(b.pk == body.pk for b in self.work_bodies)

    def may_edit_project(self, project) -> bool:
        """Edit a project or exchange, its funding checks and its applications (#11, S12):
        the coordinator; a contributor of its unit (a school), of the administration above
        that unit, or of the responsible body itself; work that names no unit is the
        responsible body's administration's."""
        if self.is_coordinator:
            return True
        scope = self.work_scope
        if project.responsible_body_id in scope.bodies:
            return True
        if project.unit_id is None:
            return project.responsible_body_id in scope.administered
        if project.unit_id in scope.units or project.unit_id in scope.administrations:
            return True
        return project.unit.parent_id in scope.administrations

    def may_see_funding_suggestions(self, project) -> bool:
        """Which programmes may fund a project, and by when (S6, #13): whoever follows up the
        strategy, and the staff who work on the project (a school sees its own work's)."""
        return self.may_follow_up or self.may_edit_project(project)

    @cached_property
    def may_see_funding_calendar(self) -> bool:
        """The deadline calendar of the funding catalogue and its iCal feed: the coordinator,
        who follows every call for the municipality (#13)."""
        return self.is_coordinator

    @cached_property
    def may_publish(self) -> bool:
        """Publish a project, take it off the public site, publish a change to a published
        project's public text, or send it back: the coordinator, whose own changes publish at
        once (#11, #12). Others' changes wait."""
        return self.is_coordinator

    def may_preview_project(self, project) -> bool:
        """See a project's public page before it is published (#12): whoever publishes, and
        the staff who work on it."""
        return self.may_publish or self.may_edit_project(project)

    def may_edit_application(self, application) -> bool:
        """Edit, submit or withdraw an application: whoever may edit its project, or, for
        one with no project (a new twin town), the contributor who drafted it."""
        if self.is_coordinator:
            return True
        if not self.is_contributor:
            return False
        if application.project_id is not None:
            return self.may_edit_project(application.project)
        applicant_pk = application.submitted_by_id
        return applicant_pk is not None and applicant_pk == self.person_pk

    @cached_property
    def may_submit_with_gaps(self) -> bool:
        """Send a case for decision with open checklist items (#12): the coordinator, whose
        warning goes with the case; a contributor sends it once nothing the board needs is
        missing."""
        return self.is_coordinator

    def may_return_application(self, application) -> bool:
        """Send a case waiting for decision back to its applicant, with the reason (#12): the
        coordinator, who prepares the body's decisions, or a member or the secretary of the
        addressed body."""
        return self.is_coordinator or self.may_record_decision(application.addressed_to)

    def may_prepare_decision(self, body: Body) -> bool:
        """Write the officials' proposal for a decision (förslag till beslut) and its
        motivation (#12): the coordinator, or the secretary of the body that decides."""
        if self.is_coordinator:
            return True
        return any(m.role == Role.SECRETARY and m.body_id == body.pk for m in self.memberships)

    @cached_property
    def may_publish_document(self) -> bool:
        """Mark a document of case work public, or internal again (#12): the coordinator,
        who answers for what the public pages show. Every document is internal until then."""
        return self.is_coordinator

    def may_add_picture(self, project) -> bool:
        """Add pictures to a project or remove them on the staff pages (#14): whoever may edit
        the work (a school its own exchange's), who took the pictures and knows who is in
        them. Removing one is always theirs, since consent may be withdrawn."""
        return self.may_edit_project(project)

    @cached_property
    def may_publish_picture(self) -> bool:
        """Show a picture on the public site, confirming that everyone recognisable in it
        agreed (#14, S16): the coordinator, who answers for what the public pages show."""
        return self.is_coordinator

    @cached_property
    def may_keep_places(self) -> bool:
        """See the partner places on the staff pages and add, change or remove their pictures
        (#14): the coordinator, who keeps the register of partners and answers for what the
        public place pages show."""
        return self.is_coordinator

    def may_add_place_picture(self, place) -> bool:
        """Add a picture to a partner place or remove one (#14): whoever keeps the places."""
        return self.may_keep_places

    def may_change_picture(self, picture) -> bool:
        """Change a picture's texts and order (#14): the coordinator; the work's own staff
        while it is not public, since a public picture's texts are public text. A place's
        picture (it has no project) is the coordinator's alone."""
        if self.may_publish_picture:
            return True
        project = getattr(picture, "project", None)
        return project is not None and not picture.public and self.may_add_picture(project)

    def may_add_decision_document(self, decision) -> bool:
        """Add a document to a recorded decision (its minutes extract, #12) or withdraw one:
        the coordinator or the secretary of the decision's body, who keep its record."""
        return self.may_correct_decision(decision)

    def may_add_meeting_document(self, meeting) -> bool:
        """Add a document to a meeting (its agenda, its minutes) or withdraw one (#12): whoever
        keeps the meeting (``may_keep_meeting``)."""
        return self.may_keep_meeting(meeting.body)

    def may_read_meeting_documents(self, meeting) -> bool:
        """A meeting's documents: whoever reads the meeting (``may_read_meeting``, #12)."""
        return self.may_read_meeting(meeting)

    # --- Meetings of the bodies (#12) ----------------------------------------------------

    @cached_property
    def meeting_body_pks(self) -> frozenset[int]:
        """Bodies whose meetings the user reads: a member's or the secretary's in office.
        The coordinator reads every body's (``may_read_meeting``)."""
        return frozenset(m.body_id for m in self.memberships if m.role in DECIDING_ROLES)

    @cached_property
    def secretary_body_pks(self) -> frozenset[int]:
        """Bodies the user is the secretary of on the day: whose meetings they keep."""
        return frozenset(m.body_id for m in self.memberships if m.role == Role.SECRETARY)

    @cached_property
    def may_see_meetings(self) -> bool:
        """The staff pages of meetings: the coordinator, and members and secretaries in
        office, who read their bodies' meetings (#12)."""
        return self.is_coordinator or bool(self.meeting_body_pks)

    @cached_property
    def may_add_meetings(self) -> bool:
        """Register a meeting of some body: the coordinator, or a secretary in office (#12)."""
        return self.is_coordinator or bool(self.secretary_body_pks)

    def may_read_meeting(self, meeting) -> bool:
        """A meeting, its agenda, minutes, decisions and documents: the coordinator, and the
        members and secretary of its body in office (#12)."""
        return self.is_coordinator or meeting.body_id in self.meeting_body_pks

    def may_keep_meeting(self, body: Body) -> bool:
        """Register or change a meeting of the body, and keep its documents (#12): the
        coordinator, or the secretary of the body in office. Members read it."""
        return self.is_coordinator or body.pk in self.secretary_body_pks


def rights_of(user, day: datetime.date | None = None) -> Rights:
    """The user's rights on ``day`` (today by default), loaded once per user object and day."""
    day = day or timezone.localdate()
    if user is None or not getattr(user, "is_authenticated", False):
        return Rights(user, day)
    cache = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if day not in cache:
        cache[day] = Rights(user, day)
    return cache[day]


def forget_rights(user) -> None:
    """Drop what ``rights_of`` keeps: after the user's groups or memberships changed."""
    user.__dict__.pop(_CACHE_ATTRIBUTE, None)


# --- The same questions, for callers that hold a user ------------------------------------


def is_coordinator(user) -> bool:
    return rights_of(user).is_coordinator


def is_contributor(user) -> bool:
    return rights_of(user).is_contributor


def memberships_of(user, day: datetime.date | None = None) -> tuple[Membership, ...]:
    """The user's memberships valid on ``day`` (today by default)."""
    return rights_of(user, day).memberships


def deciding_bodies_of(user, day: datetime.date | None = None) -> list[Body]:
    return list(rights_of(user, day).deciding_bodies)


def work_bodies_of(user, day: datetime.date | None = None) -> list[Body]:
    return list(rights_of(user, day).work_bodies)


def is_board_member(user, day: datetime.date | None = None) -> bool:
    return rights_of(user, day).is_board_member


def may_use_staff_pages(user, day: datetime.date | None = None) -> bool:
    return rights_of(user, day).may_use_staff_pages


def may_draft(user, day: datetime.date | None = None) -> bool:
    return rights_of(user, day).may_draft


def may_record_decision(user, body: Body, day: datetime.date | None = None) -> bool:
    return rights_of(user, day).may_record_decision(body)


def decision_refusal(body: Body, day: datetime.date) -> str:
    """Why a decision of ``body`` dated ``day`` was refused: who may record it (S8, #11)."""
    return _(
        "Only members or the secretary of %(body)s, in office on %(day)s, may record its "
        "decision (S8). The coordinator prepares it; a member or the secretary records it."
    ) % {"body": body.short_name, "day": day.isoformat()}


def may_correct_decision(user, decision) -> bool:
    return rights_of(user).may_correct_decision(decision)


CORRECTION_REFUSAL = gettext_lazy(
    "Only the secretary of the decision's body or the coordinator may correct a decision."
)


def may_edit_for_body(user, body: Body, day: datetime.date | None = None) -> bool:
    return rights_of(user, day).may_edit_for_body(body)


def may_edit_project(user, project) -> bool:
    return rights_of(user).may_edit_project(project)


def may_edit_application(user, application) -> bool:
    return rights_of(user).may_edit_application(application)


def may_publish(user) -> bool:
    return rights_of(user).may_publish


def may_record_consultation(user) -> bool:
    return rights_of(user).may_record_consultation


def may_keep_records(user) -> bool:
    return rights_of(user).may_keep_records


def may_see_visits(user) -> bool:
    return rights_of(user).may_see_visits


def may_follow_up(user) -> bool:
    return rights_of(user).may_follow_up


def coordinator_emails() -> list[str]:
    """Where news for the coordinator goes: active accounts in the coordinator group."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(groups__name=COORDINATOR_GROUP, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))
