"""The one next step of a project or exchange, computed in the domain (#12).

The staff project page shows it as its call to action ("Skriv ansökan", "Genomför
finansieringskontrollen" ...); the template only renders the step it is given. The step reads
the project's status, funding check, participants and applications (prefetched by the page:
no query of its own), and the rules of ``projects.predicates``.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from projects import predicates
from projects.statuses import ProjectStatus

PLAN = "plan"
WRITE_APPLICATION = "write_application"
FUNDING_CHECK = "funding_check"
FOLLOW_APPLICATION = "follow_application"
START = "start"
RECORD_PARTICIPANTS = "record_participants"
COMPLETE = "complete"


@dataclass(frozen=True)
class NextStep:
    """A named step: its code, its words, and the staff page where it is taken."""

    code: str
    label: Promise
    url_name: str
    args: tuple = ()
    query: str = ""
    fragment: str = ""

    @property
    def url(self) -> str:
        url = reverse(self.url_name, args=self.args)
        if self.query:
            url += "?" + self.query
        if self.fragment:
            url += "#" + self.fragment
        return url


LABELS = {
    PLAN: _("Plan the work (dates, school, objectives) and move it to planned"),
    WRITE_APPLICATION: _("Write the application"),
    FUNDING_CHECK: _("Carry out the funding check"),
    FOLLOW_APPLICATION: _("Take the application on to its decision"),
    START: _("Start the work: move it to ongoing"),
    RECORD_PARTICIPANTS: _("Record the participants and the costs"),
    COMPLETE: _("Mark the work completed when it is done"),
}


def _step(code, url_name, *args, query="", fragment="") -> NextStep:
    return NextStep(code, LABELS[code], url_name, args, query, fragment)


def _write_application(project) -> NextStep:
    return _step(WRITE_APPLICATION, "staff:application-create", query=f"project={project.pk}")


def next_step(project) -> NextStep | None:
    """What the work's staff do next, or None when nothing is left (cancelled, or completed
    with its participants recorded).

    Work that needs a political decision (S8, S11) is applied for first, so the network can
    be consulted while the funding check is done (S6, S9); the case is sent once both are
    settled (the checklist, ``predicates.submission_gaps``)."""
    if predicates.is_cancelled(project):
        return None
    if project.status == ProjectStatus.IDEA:
        return _step(PLAN, "staff:project-update", project.pk)
    applications = list(project.applications.all())
    pending = next((a for a in applications if predicates.is_pending(a)), None)
    needs_decision = project.requires_decision and not predicates.approved_in_applications(project)
    if needs_decision and pending is None and not predicates.counts_as_approved(project):
        return _write_application(project)
    if not project.funding_check_complete:
        return _step(FUNDING_CHECK, "staff:funding-suggestions", project.pk)
    if needs_decision and not predicates.counts_as_approved(project):
        return _step(FOLLOW_APPLICATION, "staff:application-detail", pending.pk)
    if project.status in (ProjectStatus.PLANNED, ProjectStatus.APPROVED):
        return _step(START, "staff:project-detail", project.pk, fragment="status")
    recorded = bool(project.participant_counts.all())
    if not recorded:
        return _step(RECORD_PARTICIPANTS, "staff:project-participants", project.pk)
    if project.status == ProjectStatus.ONGOING:
        return _step(COMPLETE, "staff:project-detail", project.pk, fragment="status")
    return None
