"""What an application's or a project's status allows: each rule written once, here.

Services, models, the admin, follow-up and the public site ask these predicates; templates
ask the model properties that delegate to them, never a status literal. The status sets are
here too, for querysets that filter by the same rule.

Import direction: this module imports the status values (``projects.statuses``) and
``governance``, never a model of ``projects``. It reads attributes of the instance it is
given, so ``projects.models`` imports it freely.
"""

from django.utils.translation import gettext_lazy as _

from governance.models import Outcome
from projects.statuses import ApplicationStatus, FundingOutcome, ProjectStatus

# --- applications ------------------------------------------------------------------------

# Not yet sent for decision: the applicant may still change, submit or withdraw it.
OPEN_APPLICATION_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.IN_CONSULTATION)
# Decided or withdrawn: nothing more happens to it.
CLOSED_APPLICATION_STATUSES = (ApplicationStatus.DECIDED, ApplicationStatus.WITHDRAWN)
# On its way to a decision (a draft, in consultation, submitted): a project has at most one
# such application at a time (#11).
PENDING_APPLICATION_STATUSES = (*OPEN_APPLICATION_STATUSES, ApplicationStatus.SUBMITTED)
# Sent to the deciding body (waiting or decided): a missing consultation shows (S9).
SENT_APPLICATION_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.DECIDED)
# The applicant's own until it goes to consultation: the deciding body does not see it yet.
PRIVATE_APPLICATION_STATUSES = (ApplicationStatus.DRAFT,)


def may_be_edited(application) -> bool:
    """A draft, or one in consultation, can still change."""
    return application.status in OPEN_APPLICATION_STATUSES


def is_shown_to_deciding_body(application) -> bool:
    """Members of the addressed body follow it once it leaves the draft (S8, S9)."""
    return application.status not in PRIVATE_APPLICATION_STATUSES


def may_be_submitted(application) -> bool:
    """A draft, or one in consultation, can be sent for decision (with or without it, S9)."""
    return application.status in OPEN_APPLICATION_STATUSES


def may_be_consulted(application) -> bool:
    """The network's view can be recorded until the application is decided or withdrawn (S9)."""
    return application.status not in CLOSED_APPLICATION_STATUSES


def starts_consultation(application) -> bool:
    """Recording the network's view on a draft puts the draft in consultation."""
    return application.status == ApplicationStatus.DRAFT


def may_be_decided(application) -> bool:
    """Only an application sent for decision waits for its body's decision (S8)."""
    return application.status == ApplicationStatus.SUBMITTED


def may_be_withdrawn(application) -> bool:
    """An application can be withdrawn until it is decided; it stays on record."""
    return application.status not in CLOSED_APPLICATION_STATUSES


def is_pending(application) -> bool:
    """Not yet decided or withdrawn: the one application its project has under way (#11)."""
    return application.status in PENDING_APPLICATION_STATUSES


def is_sent(application) -> bool:
    """Sent to the deciding body: waiting for its decision, or decided."""
    return application.status in SENT_APPLICATION_STATUSES


def is_decided(application) -> bool:
    return application.status == ApplicationStatus.DECIDED


# --- deleting: a decided application is a public record (allmän handling) ------------------

# The statuses whose applications are kept for ever; querysets refuse to delete them.
KEPT_APPLICATION_STATUSES = (ApplicationStatus.DECIDED,)
DECIDED_APPLICATION_KEPT = _("A decided application is a public record and cannot be deleted.")
PROJECT_WITH_DECISION_KEPT = _(
    "A project or exchange with a decided application is a public record and cannot be deleted."
)


def may_be_deleted(application) -> bool:
    """A draft (or any application not yet decided) may go; a decided one is a public record."""
    return application.status not in KEPT_APPLICATION_STATUSES and application.decision_id is None


def project_may_be_deleted(project) -> bool:
    """A project may go only while none of its applications is decided (its decisions stay)."""
    if project.pk is None:
        return True
    return all(may_be_deleted(application) for application in project.applications.all())


def is_withdrawn(application) -> bool:
    return application.status == ApplicationStatus.WITHDRAWN


def is_approved(application) -> bool:
    """The deciding body approved it."""
    decision = application.decision if application.decision_id else None
    return decision is not None and decision.outcome == Outcome.APPROVED


def may_be_given_steering_group(application) -> bool:
    """The deciding body appoints steering groups for approved work only (S8)."""
    return is_approved(application)


def may_be_approved(application) -> bool:
    """Approval needs the project's funding check completed (S6); a new twin town has none."""
    project = application.project if application.project_id else None
    return project is None or project.funding_check_complete


def needs_funding_warning(application) -> bool:
    """Still to be decided, but its work cannot be approved yet: the check is open (S6)."""
    return application.status not in CLOSED_APPLICATION_STATUSES and not may_be_approved(
        application
    )


def lacks_consultation(application) -> bool:
    """Waiting for a decision without the network's view: a visible warning (S9)."""
    return may_be_decided(application) and application.consultation_on is None


# --- the checklist before submission (#12) -----------------------------------------------

# What the deciding body needs before it can decide well: the network's view (or the
# coordinator's recorded reason why it is not asked, S9) and the completed funding check
# (S6). Documents are not on record yet, so they are no item of the list.
GAP_CONSULTATION = "consultation"
GAP_FUNDING = "funding"
GAP_MESSAGES = {
    GAP_CONSULTATION: _(
        "The international network has not been consulted, and the coordinator has recorded "
        "no reason why not (S9)."
    ),
    GAP_FUNDING: _(
        "The funding check is not completed; the board cannot approve the work until it is (S6)."
    ),
}


def consultation_settled(application) -> bool:
    """The network's view is given, or the coordinator recorded why it is not asked (S9)."""
    return application.consultation_on is not None or bool(
        application.no_consultation_reason.strip()
    )


def submission_gaps(application) -> tuple[str, ...]:
    """The checklist's open items, as codes of ``GAP_MESSAGES``, in the order of the steps.

    The funding item asks ``may_be_approved``, the one rule of what completes a check."""
    gaps = []
    if not consultation_settled(application):
        gaps.append(GAP_CONSULTATION)
    if not may_be_approved(application):
        gaps.append(GAP_FUNDING)
    return tuple(gaps)


CASE_STEPS = (
    ("drafted", _("Application written")),
    (GAP_CONSULTATION, _("The international network consulted, or the reason why not (S9)")),
    (GAP_FUNDING, _("Funding check completed (S6)")),
    ("sent", _("Sent for decision")),
    ("decided", _("Decided")),
)


def case_steps(application) -> list[tuple[str, str, bool]]:
    """The case's way to its decision, each step with whether it is done (#12)."""
    done = {
        "drafted": application.pk is not None,
        GAP_CONSULTATION: consultation_settled(application),
        GAP_FUNDING: may_be_approved(application),
        "sent": is_sent(application),
        "decided": is_decided(application),
    }
    return [(code, label, done[code]) for code, label in CASE_STEPS]


def may_be_returned(application) -> bool:
    """A case sent for decision can go back to the applicant to be put right and sent again."""
    return application.status == ApplicationStatus.SUBMITTED


def was_returned(application) -> bool:
    """Sent back by the deciding side and not yet sent again: the applicant reads why."""
    return application.status in OPEN_APPLICATION_STATUSES and bool(application.returned_reason)


# --- projects ----------------------------------------------------------------------------

# Approved work, so its funding check must be complete (S6).
APPROVED_STATUSES = (ProjectStatus.APPROVED, ProjectStatus.ONGOING, ProjectStatus.COMPLETED)
# Not (yet) approved: a status the responsible body's staff may set without a decision.
UNDECIDED_STATUSES = (ProjectStatus.IDEA, ProjectStatus.PLANNED, ProjectStatus.CANCELLED)
# Waiting for approval: an approving decision moves the work to approved.
AWAITING_APPROVAL_STATUSES = (ProjectStatus.IDEA, ProjectStatus.PLANNED)
# Work under way or about to be: what the public site and the objectives row count as current.
CURRENT_STATUSES = (ProjectStatus.PLANNED, ProjectStatus.APPROVED, ProjectStatus.ONGOING)
# Reported to the council as the year's work: ideas and cancelled work are not (S22).
REPORTED_STATUSES = (*CURRENT_STATUSES, ProjectStatus.COMPLETED)
# An idea needs no funding check yet (S6, #13): the dashboard does not flag it.
FUNDING_CHECK_NOT_YET_STATUSES = (ProjectStatus.IDEA,)
# Work that has actually begun.
STARTED_STATUSES = (ProjectStatus.ONGOING, ProjectStatus.COMPLETED)


def counts_as_approved(project) -> bool:
    """Approved, ongoing or completed: work that a decision (or its body) has approved."""
    return project.status in APPROVED_STATUSES


def has_approving_decision(project) -> bool:
    """An application of the work was approved by the work's responsible body (S8)."""
    if project.pk is None:
        return False
    return project.applications.filter(
        decision__outcome=Outcome.APPROVED, decision__body_id=project.responsible_body_id
    ).exists()


def lacks_approving_decision(project) -> bool:
    """Approved, ongoing or completed work that needs a political decision (S8, S11) without
    its responsible body's approving decision on one of its applications (#11)."""
    return (
        counts_as_approved(project)
        and project.requires_decision
        and not has_approving_decision(project)
    )


def lacks_funding_check_for_approval(project) -> bool:
    """Approved work whose funding check is not completed: never allowed (S6)."""
    return counts_as_approved(project) and not project.funding_check_complete


def awaits_approval(project) -> bool:
    """An idea or planned work, which an approving decision makes approved."""
    return project.status in AWAITING_APPROVAL_STATUSES


def is_current(project) -> bool:
    return project.status in CURRENT_STATUSES


def is_reported(project) -> bool:
    return project.status in REPORTED_STATUSES


def has_started(project) -> bool:
    return project.status in STARTED_STATUSES


def is_completed(project) -> bool:
    return project.status == ProjectStatus.COMPLETED


def is_cancelled(project) -> bool:
    return project.status == ProjectStatus.CANCELLED


def needs_funding_check(project) -> bool:
    """Work not cancelled whose funding check is not completed: a dashboard row (S6)."""
    return not is_cancelled(project) and not project.funding_check_complete


# --- publishing (#12) ----------------------------------------------------------------------

# Never published by a step: an idea is not yet work, cancelled work did not happen.
UNPUBLISHABLE_STATUSES = (ProjectStatus.IDEA, ProjectStatus.CANCELLED)


def publishing_gaps(project) -> tuple[str, ...]:
    """Why the work may not be published now, each reason in words; empty when it may (#12).

    Work that needs a political decision (S8, S11) is published once its responsible body has
    approved it; other work once it is planned. The public page shows its Swedish title and
    summary, so both are written first (an English text may be added later: the English page
    shows the Swedish until then)."""
    gaps = []
    if project.published:
        gaps.append(str(ALREADY_PUBLISHED))
    if project.requires_decision:
        if not (counts_as_approved(project) and has_approving_decision(project)):
            body = getattr(project.responsible_body, "name", "")
            gaps.append(str(NOT_APPROVED_FOR_PUBLISHING % {"body": body}))
    elif project.status in UNPUBLISHABLE_STATUSES:
        gaps.append(str(NOT_PLANNED_FOR_PUBLISHING))
    title = getattr(project, "title_sv", None) or ""
    summary = getattr(project, "summary_sv", None) or ""
    if not title.strip() or not summary.strip():
        gaps.append(str(NO_PUBLIC_TEXT))
    return tuple(gaps)


def may_be_published(project) -> bool:
    """The coordinator may publish the work now (#12): nothing in ``publishing_gaps``."""
    return not publishing_gaps(project)


def may_be_unpublished(project) -> bool:
    """Published work may be taken off the public site, with a reason kept in its history."""
    return bool(project.published)


ALREADY_PUBLISHED = _("The work is already published.")
NOT_APPROVED_FOR_PUBLISHING = _(
    "The work needs a political decision (S8, S11): it is published once %(body)s has approved it."
)
NOT_PLANNED_FOR_PUBLISHING = _("An idea or cancelled work is not published: plan the work first.")
NO_PUBLIC_TEXT = _(
    "Write the public title and summary in Swedish first: the public page shows them."
)


# --- funding checks (S6, #13) --------------------------------------------------------------

# "Not relevant": an outcome only with the reason why.
OUTCOMES_NEEDING_REASON = (FundingOutcome.NOT_APPLICABLE, FundingOutcome.NOT_ELIGIBLE)


def needs_reason(outcome) -> bool:
    """Not applicable or not eligible: the note must say why."""
    return outcome in OUTCOMES_NEEDING_REASON


def records_funding_outcome(check) -> bool:
    """A programme's check says what came of it: will apply, applied, granted, refused, or
    not relevant with a reason. No check, or "not relevant" without a reason, is none."""
    if check is None:
        return False
    return not needs_reason(check.outcome) or bool((check.note or "").strip())


# --- moving a project through its statuses on the staff pages (#12, S6, S8, S11) ----------

# Where work may go next from each status, as its own staff move it. Approval itself is not
# a move: an approving decision sets it (``services.applications.decide``), or, for work that
# needs no political decision, the move to "ongoing" when the work starts.
PROJECT_MOVES = {
    ProjectStatus.IDEA: (ProjectStatus.PLANNED, ProjectStatus.CANCELLED),
    ProjectStatus.PLANNED: (ProjectStatus.ONGOING, ProjectStatus.IDEA, ProjectStatus.CANCELLED),
    ProjectStatus.APPROVED: (ProjectStatus.ONGOING, ProjectStatus.CANCELLED),
    ProjectStatus.ONGOING: (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED),
    ProjectStatus.COMPLETED: (),
    ProjectStatus.CANCELLED: (ProjectStatus.PLANNED,),
}

MOVE_NOT_NEXT = _("The work cannot go from “%(current)s” to “%(target)s”.")
MOVE_NEEDS_FUNDING_CHECK = _(
    "The work can start only when its funding check is completed (S6). Complete the funding "
    "check first."
)
MOVE_NEEDS_DECISION = _(
    "This work needs a political decision (S8, S11): it starts only when %(body)s has "
    "approved an application of it. Write the application first."
)


def approved_in_applications(project) -> bool:
    """As ``has_approving_decision``, read from the project's (prefetched) applications."""
    if project.pk is None:
        return False
    return any(
        application.decision_id is not None
        and application.decision.outcome == Outcome.APPROVED
        and application.decision.body_id == project.responsible_body_id
        for application in project.applications.all()
    )


def project_move_refusal(project, status) -> str | None:
    """Why the work's own staff cannot move it to ``status`` now, or None when they can.

    Entering approved, ongoing or completed work needs the completed funding check (S6) and,
    for work that needs a political decision, its body's approving decision (S8, S11): the
    same rules ``Project.clean`` applies to every save, asked before the button shows."""
    if status not in PROJECT_MOVES.get(project.status, ()):
        return str(MOVE_NOT_NEXT) % {
            "current": ProjectStatus(project.status).label,
            "target": ProjectStatus(status).label if status in ProjectStatus.values else status,
        }
    if status in APPROVED_STATUSES and not counts_as_approved(project):
        if not project.funding_check_complete:
            return str(MOVE_NEEDS_FUNDING_CHECK)
        if project.requires_decision and not approved_in_applications(project):
            return str(MOVE_NEEDS_DECISION) % {"body": project.responsible_body.name}
    return None


def project_moves(project) -> tuple:
    """The statuses the work's own staff may move it to now, in the order of the work."""
    return tuple(
        status
        for status in PROJECT_MOVES.get(project.status, ())
        if project_move_refusal(project, status) is None
    )


# --- documents of case work (#12) -----------------------------------------------------------


def takes_documents(application) -> bool:
    """Documents are added to an application until it is decided or withdrawn: what the
    board decided on stays as it was (a decision's own documents go on the decision)."""
    return not (is_decided(application) or is_withdrawn(application))
