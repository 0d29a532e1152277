"""Publishing moderation (#11): a change to a published project's public text waits for the
coordinator, who publishes it or sends it back with a reason.

``save_project`` is the one way the staff pages save a project: internal fields (notes, costs,
dates, status) save at once; a change of the public text (``PUBLIC_TEXT_FIELDS``: what the
public pages, search, the Atom feed and the API show) of a published project by anyone but the
coordinator becomes a ``TextProposal`` and the project keeps its published text. An
unpublished project's text is edited directly: nothing of it is public yet.

Publishing the work itself (#12): ``publish_project`` puts approved work on the public site
(when: ``predicates.publishing_gaps``; who: ``Rights.may_publish``), ``unpublish_project``
takes it off with a reason kept in its history. The staff pages and the admin both call them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import access
from projects import predicates
from projects.models import PUBLIC_TEXT_FIELDS, Project, ProposalStatus, TextProposal


def public_text_changes(project: Project) -> dict:
    """The public texts of ``project`` (as edited, not yet saved) that differ from the row."""
    if project.pk is None:
        return {}
    stored = Project.objects.filter(pk=project.pk).values(*PUBLIC_TEXT_FIELDS).first()
    if stored is None:
        return {}
    edited = {name: getattr(project, name) for name in PUBLIC_TEXT_FIELDS}
    return {
        name: value
        for name, value in edited.items()
        if (value or "") != (stored[name] or "") and _shown(edited, name) != _shown(stored, name)
    }


def _shown(texts: dict, name: str) -> str:
    """What the public pages show for the field: an empty English text falls back to the
    Swedish (modeltranslation), so an English form that sends the fallback back changes
    nothing."""
    value = texts[name] or ""
    if not value and name.endswith("_en"):
        value = texts.get(name.removesuffix("_en") + "_sv") or ""
    return value


@transaction.atomic
def save_project(project: Project, *, by) -> TextProposal | None:
    """Save ``project`` as edited by the user ``by``; return the proposal its public text
    became, or None when everything was saved at once."""
    stored = Project.objects.filter(pk=project.pk).values("published", *PUBLIC_TEXT_FIELDS).first()
    changes = public_text_changes(project)
    if not stored or not stored["published"] or not changes or access.may_publish(by):
        project.save()
        return None
    for name in changes:
        setattr(project, name, stored[name])  # the published text stays until publishing
    project.save()
    waiting = TextProposal.objects.select_for_update().filter(
        project=project, status=ProposalStatus.WAITING
    )
    for earlier in waiting:
        earlier.status = ProposalStatus.REPLACED
        earlier.save()
    return TextProposal.objects.create(
        project=project, changes=changes, proposed_by=getattr(by, "person", None)
    )


def _handle(proposal: TextProposal, by) -> TextProposal:
    if not access.may_publish(by):
        raise PermissionDenied(_("Only the international coordinator publishes public text."))
    proposal = TextProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_waiting:
        raise ValidationError(_("This change is no longer waiting for publishing."))
    return proposal


@transaction.atomic
def publish(proposal: TextProposal, *, by) -> Project:
    """The coordinator publishes the proposed text: the project's public text becomes it."""
    proposal = _handle(proposal, by)
    project = Project.objects.select_for_update().get(pk=proposal.project_id)
    for name, value in proposal.changes.items():
        setattr(project, name, value)
    project.save()
    proposal.status = ProposalStatus.PUBLISHED
    proposal.handled_by = getattr(by, "person", None)
    proposal.handled_at = timezone.now()
    proposal.save()
    return project


@transaction.atomic
def send_back(proposal: TextProposal, *, by, reason: str) -> TextProposal:
    """The coordinator sends the change back with a reason, which the proposer sees on the
    project's staff page. The published text stays."""
    proposal = _handle(proposal, by)
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Say why the change is sent back: the proposer reads it.")}
        )
    proposal.status = ProposalStatus.RETURNED
    proposal.reason = reason.strip()
    proposal.handled_by = getattr(by, "person", None)
    proposal.handled_at = timezone.now()
    proposal.save()
    return proposal


def entering_publication_gaps(project: Project) -> tuple[str, ...]:
    """Why ``project``, marked published as edited (a spreadsheet row), may not come onto the
    public site: the same rule as ``publish_project`` (#12). Empty when it is not marked
    published, was published already, or may be."""
    if not project.published:
        return ()
    if project.pk is not None and Project.objects.filter(pk=project.pk, published=True).exists():
        return ()
    project.published = False  # asked as it stands before publishing
    try:
        return predicates.publishing_gaps(project)
    finally:
        project.published = True


# The reason of a history row holds this many characters (django-simple-history).
REASON_MAX_LENGTH = 100


def _refuse_unless_publisher(by) -> None:
    if not access.may_publish(by):
        raise PermissionDenied(_("Only the international coordinator publishes work."))


@transaction.atomic
def publish_project(project: Project, *, by) -> Project:
    """Put the work on the public site (#12): the coordinator, once nothing in
    ``predicates.publishing_gaps`` stands in the way. A refusal changes nothing."""
    _refuse_unless_publisher(by)
    project = (
        Project.objects.select_for_update().select_related("responsible_body").get(pk=project.pk)
    )
    if gaps := predicates.publishing_gaps(project):
        raise ValidationError(list(gaps))
    project.published = True
    project._change_reason = "published"
    project.save()
    return project


@transaction.atomic
def unpublish_project(project: Project, *, by, reason: str) -> Project:
    """Take the work off the public site (#12), with the reason kept in its history. Its
    decisions leave the public decision pages with it (kept, never edited) and return when the
    work is published again."""
    _refuse_unless_publisher(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the work is taken off the public site.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Keep the reason within %(limit)s characters.")
                % {"limit": REASON_MAX_LENGTH}
            }
        )
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not predicates.may_be_unpublished(project):
        raise ValidationError(_("The work is not published."))
    project.published = False
    project._change_reason = reason
    project.save()
    return project
