"""The path of an application to its decision (S6-S9, S11).

Every path that moves an application (admin, staff pages, commands) calls these functions,
so none of them can skip a rule of the strategy.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import access
from governance.models import Decision, Meeting, Outcome
from partners.models import Relationship, RelationshipKind, RelationshipStatus
from projects.models import Application, ApplicationKind, ApplicationStatus, ProjectStatus

OPEN_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.IN_CONSULTATION)


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def submit(application: Application, *, on: datetime.date | None = None) -> Application:
    """Send an application for decision. Side effects: sets status and submission date."""
    app = _locked(application)
    if app.status not in OPEN_STATUSES:
        raise ValidationError(_("Only a draft or an application in consultation can be submitted."))
    app.status = ApplicationStatus.SUBMITTED
    app.submitted_on = on or timezone.localdate()
    app.save()
    return app


@transaction.atomic
def record_consultation(application: Application, *, meeting: Meeting, view: str) -> Application:
    """Record the international network's view, given at one of its meetings (S9)."""
    app = _locked(application)
    if app.status in (ApplicationStatus.DECIDED, ApplicationStatus.WITHDRAWN):
        raise ValidationError(_("The application is closed; its consultation cannot change."))
    app.consultation_meeting = meeting
    app.consultation_on = meeting.date
    app.consultation_view = view
    if app.status == ApplicationStatus.DRAFT:
        app.status = ApplicationStatus.IN_CONSULTATION
    app.save()
    return app


@transaction.atomic
def withdraw(application: Application) -> Application:
    """Withdraw an application that is not yet decided. It stays on record."""
    app = _locked(application)
    if app.status in (ApplicationStatus.DECIDED, ApplicationStatus.WITHDRAWN):
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
    its project approved, or for a new twin town creates the twin-town relationship. Locks
    the application, so two members recording at once produce exactly one decision.
    """
    app = _locked(application)
    body = app.addressed_to
    if app.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted application can be decided; this one is %(s)s.")
            % {"s": app.get_status_display()}
        )
    if not access.may_record_decision(by, body, meeting_date):
        raise PermissionDenied(
            _("Only members or the secretary of %(body)s may record its decision (S8).")
            % {"body": body.name}
        )
    if app.submitted_on and meeting_date < app.submitted_on:
        raise ValidationError(
            {"meeting_date": _("A decision cannot be dated before the application was submitted.")}
        )
    if outcome == Outcome.APPROVED and app.project and not app.project.funding_check_complete:
        raise ValidationError(
            _("The work cannot be approved before its funding check is completed (S6).")
        )
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
    return decision


def _carry_out_approval(app: Application, decision: Decision) -> None:
    if app.kind == ApplicationKind.TWIN_TOWN:
        Relationship.objects.create(
            place=app.proposed_place,
            kind=RelationshipKind.TWIN_TOWN,
            status=RelationshipStatus.ACTIVE,
            started_on=decision.meeting_date,
            established_by=decision,
        )
    elif app.project and app.project.status in (ProjectStatus.IDEA, ProjectStatus.PLANNED):
        app.project.status = ProjectStatus.APPROVED
        app.project.save()
