"""The path of an application to its decision (S6-S9, S11).

Every path that moves an application (admin, staff pages, commands) calls these functions,
so none of them can skip a rule of the strategy.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import access
from governance.models import Decision, Meeting, Outcome, Person
from partners.models import Relationship, RelationshipKind, RelationshipStatus
from projects import notifications, predicates
from projects.models import (
    Application,
    ApplicationStatus,
    ProjectStatus,
    SteeringGroup,
    SteeringGroupMember,
)
from projects.models.application import (
    EXCHANGE_APPLICATION_KINDS,
    application_kind_for,
    person_twice_message,
    twin_town_exists_message,
)


def _take_from_project(application: Application) -> None:
    """An application on a project applies for the project as it stands (#12): its kind
    follows the project's kind, its cost is the project's cost to the municipality; its
    objectives are the project's (set after the save). The form does not ask for them again;
    a decided application keeps them as they were decided."""
    project = application.project
    if not application.kind:
        application.kind = application_kind_for(project)
    application.cost = project.own_cost


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def submission_refusal(gaps) -> str:
    """Why a contributor cannot send the case yet: the checklist's open items (#12)."""
    items = " ".join(str(predicates.GAP_MESSAGES[gap]) for gap in gaps)
    return _(
        "The case cannot be sent for decision yet: %(items)s Ask the international "
        "coordinator, who can send it with a warning to the board, or withdraw it."
    ) % {"items": items}


@transaction.atomic
def submit(application: Application, *, by=None, on: datetime.date | None = None) -> Application:
    """Send an application for decision, after its checklist (#12, S6, S9).

    A contributor (``by``) sends it only with nothing open on the checklist; the coordinator,
    or a step with no user (loading the demo, the shell), may send it with open items, which
    are stored with the case and shown to the board. Side effects: sets status, submission
    date and the open items; after commit, tells the body's members and secretary.
    """
    app = _locked(application)
    if not predicates.may_be_submitted(app):
        raise ValidationError(_("Only a draft or an application in consultation can be submitted."))
    gaps = predicates.submission_gaps(app)
    if gaps and by is not None and not access.rights_of(by).may_submit_with_gaps:
        raise ValidationError(submission_refusal(gaps))
    if app.project_id and not app.proposes_twin_town:
        _take_from_project(app)  # the case goes with the project's figures as they are now
        app.objectives.set(app.project.objectives.all())
    app.status = ApplicationStatus.SUBMITTED
    app.submitted_on = on or timezone.localdate()
    app.submitted_with_gaps = " ".join(gaps)
    app.save()
    notifications.notify(notifications.ARRIVED_IN_QUEUE, app.pk)
    return app


@transaction.atomic
def record_no_consultation_reason(application: Application, *, by, reason: str) -> Application:
    """The coordinator records why the network is not consulted on a case (S9, #12)."""
    if not access.rights_of(by).may_record_consultation:
        raise PermissionDenied(_("Only the international coordinator records this."))
    app = _locked(application)
    if not predicates.may_be_edited(app):
        raise ValidationError(_("Only a draft or an application in consultation can change."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason why the network is not consulted.")})
    app.no_consultation_reason = reason.strip()
    app.save()
    return app


@transaction.atomic
def return_to_applicant(
    application: Application, *, by, reason: str, on: datetime.date | None = None
) -> Application:
    """Send a case waiting for decision back to its applicant, who puts it right and sends it
    again, or withdraws it (#12): a case the board cannot approve never leaves a school stuck.

    Side effects: the case is a draft again (in consultation, if the network's view is on
    record), with the reason and the day; after commit, the applicant is told.
    """
    app = _locked(application)
    if not access.rights_of(by).may_return_application(app):
        raise PermissionDenied(
            _(
                "Only the international coordinator, or members and the secretary of %(body)s, "
                "may return the case."
            )
            % {"body": app.addressed_to.short_name}
        )
    if not predicates.may_be_returned(app):
        raise ValidationError(_("Only a case waiting for decision can be returned."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason why the case is returned.")})
    app.status = (
        ApplicationStatus.IN_CONSULTATION if app.has_consultation else ApplicationStatus.DRAFT
    )
    app.submitted_on = None
    app.submitted_with_gaps = ""
    app.returned_reason = reason.strip()
    app.returned_on = on or timezone.localdate()
    app.save()
    notifications.notify(notifications.RETURNED, app.pk)
    return app


@transaction.atomic
def save_proposal(
    application: Application, *, by, proposed_decision: str, motivation: str
) -> Application:
    """The officials' proposal for a decision and its motivation (#12), until it is decided."""
    app = _locked(application)
    if not access.rights_of(by).may_prepare_decision(app.addressed_to):
        raise PermissionDenied(
            _(
                "Only the international coordinator or the secretary of %(body)s writes the "
                "proposal for its decision."
            )
            % {"body": app.addressed_to.short_name}
        )
    if predicates.is_decided(app) or predicates.is_withdrawn(app):
        raise ValidationError(_("The case is closed; its proposal does not change."))
    app.proposed_decision = proposed_decision.strip()
    app.proposal_motivation = motivation.strip()
    app.save()
    return app


@transaction.atomic
def record_consultation(application: Application, *, meeting: Meeting, view: str) -> Application:
    """Record the international network's view, given at one of its meetings (S9)."""
    app = _locked(application)
    if not predicates.may_be_consulted(app):
        raise ValidationError(_("The application is closed; its consultation cannot change."))
    app.consultation_meeting = meeting
    app.consultation_on = meeting.date
    app.consultation_view = view
    if predicates.starts_consultation(app):
        app.status = ApplicationStatus.IN_CONSULTATION
    app.save()
    notifications.notify(notifications.CONSULTED, app.pk)
    return app


@transaction.atomic
def withdraw(application: Application) -> Application:
    """Withdraw an application that is not yet decided. It stays on record."""
    app = _locked(application)
    if not predicates.may_be_withdrawn(app):
        raise ValidationError(_("A decided or withdrawn application cannot be withdrawn."))
    app.status = ApplicationStatus.WITHDRAWN
    app.save()
    return app


@transaction.atomic
def decide(
    application: Application,
    *,
    by,
    outcome: str,
    meeting_date: datetime.date,
    paragraph: int,
    case_number: str = "",
    motivation: str = "",
    minutes_approved_on: datetime.date | None = None,
    notice_posted_on: datetime.date | None = None,
    meeting: Meeting | None = None,
) -> Decision:
    """Record the addressed body's decision on an application (S6-S8).

    Side effects: creates the Decision; marks the application decided; on approval, marks
    its project approved, or for a new twin town creates the twin-town relationship; after
    commit, e-mails the applicant and the coordinator. Locks the application, so two members
    recording at once produce exactly one decision.
    """
    app = _locked(application)
    body = app.addressed_to
    if not predicates.may_be_decided(app):
        raise ValidationError(
            _("Only a submitted application can be decided; this one is %(s)s.")
            % {"s": app.get_status_display()}
        )
    if meeting is not None:
        meeting_date = meeting.date
    if not access.may_record_decision(by, body, meeting_date):
        raise PermissionDenied(access.decision_refusal(body, meeting_date))
    if app.submitted_on and meeting_date < app.submitted_on:
        raise ValidationError(
            {"meeting_date": _("A decision cannot be dated before the application was submitted.")}
        )
    if outcome == Outcome.APPROVED and not predicates.may_be_approved(app):
        raise ValidationError(
            _("The work cannot be approved before its funding check is completed (S6).")
        )
    if outcome == Outcome.APPROVED and app.proposes_twin_town:
        _refuse_second_twin_town(app)
    decision = Decision(
        body=body,
        meeting=meeting,
        meeting_date=meeting_date,
        paragraph=paragraph,
        case_number=case_number,
        title=app.title,
        outcome=outcome,
        text=motivation,
        minutes_approved_on=minutes_approved_on,
        notice_posted_on=notice_posted_on,
    )
    decision.save()
    app.decision = decision
    app.status = ApplicationStatus.DECIDED
    app.save()
    if outcome == Outcome.APPROVED:
        _carry_out_approval(app, decision)
    # Mail leaves the machine only once the decision is on record.
    notifications.notify(notifications.DECIDED, app.pk)
    return decision


def _refuse_second_twin_town(app: Application) -> None:
    """A place has at most one active twin town (S7): KF cannot approve a second one."""
    if Relationship.objects.active_twin_town_of(app.proposed_place_id).exists():
        raise ValidationError(twin_town_exists_message(app.proposed_place))


def _carry_out_approval(app: Application, decision: Decision) -> None:
    if app.proposes_twin_town:
        Relationship.objects.create(
            place=app.proposed_place,
            kind=RelationshipKind.TWIN_TOWN,
            status=RelationshipStatus.ACTIVE,
            started_on=decision.meeting_date,
            established_by=decision,
        )
    elif app.project and predicates.awaits_approval(app.project):
        app.project.status = ProjectStatus.APPROVED
        app.project.save()


@transaction.atomic
def save_draft(application: Application, *, by: Person, objectives=None) -> Application:
    """Create or change an application that has not been sent for decision (S7, S11).

    Side effects: saves the application with ``by`` as its applicant when new; on a project,
    takes the project's kind (when none is given), cost and objectives (#12); a new twin town
    sets the ``objectives`` given. Refuses a school or youth exchange that needs no political
    decision (S11), and (the model) a kind that does not fit the project.
    """
    if application.pk:
        stored = _locked(application)
        if not predicates.may_be_edited(stored):
            raise ValidationError(_("Only a draft or an application in consultation can change."))
        application.status = stored.status
    if application.submitted_by_id is None:
        application.submitted_by = by
    if application.project_id and not application.proposes_twin_town:
        _take_from_project(application)
    if (
        application.kind in EXCHANGE_APPLICATION_KINDS
        and application.project_id
        and not application.project.requires_decision
    ):
        raise ValidationError(
            {
                "project": _(
                    "This exchange needs no political decision (S11): it costs the "
                    "municipality no more than %(limit)s SEK and is not marked as needing one."
                )
                % {"limit": settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD}
            }
        )
    new = application.pk is None
    application.save()
    if application.project_id and not application.proposes_twin_town:
        application.objectives.set(application.project.objectives.all())
    elif objectives is not None:
        application.objectives.set(objectives)
    if new:
        notifications.notify(notifications.WAITS_FOR_CONSULTATION, application.pk)
    return application


@transaction.atomic
def appoint_steering_group(
    application: Application, *, by, name: str, members: list[dict]
) -> SteeringGroup:
    """The deciding body appoints a steering group for approved work (S8).

    ``members`` holds dicts with person, role, starts_on and ends_on. Side effects: creates
    the group, appointed by the application's decision, and its members.
    """
    app = _locked(application)
    if not predicates.may_be_given_steering_group(app):
        raise ValidationError(_("A steering group is appointed for approved work only."))
    if not access.may_record_decision(by, app.addressed_to):
        raise PermissionDenied(
            _(
                "Only members or the secretary of %(body)s, in office on %(day)s, may appoint "
                "its steering groups (S8)."
            )
            % {"body": app.addressed_to.short_name, "day": timezone.localdate().isoformat()}
        )
    if not members:
        raise ValidationError(_("A steering group has at least one member."))
    people = [member["person"] for member in members]
    twice = [person for index, person in enumerate(people) if person in people[:index]]
    if twice:
        raise ValidationError(person_twice_message(twice[0]))
    group = SteeringGroup(name=name, application=app, appointed_by=app.decision)
    group.save()
    for member in members:
        SteeringGroupMember(group=group, **member).save()
    return group
