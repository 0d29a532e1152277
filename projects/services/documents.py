"""Documents of case work (#12): adding one, marking it public, withdrawing it.

Every path that changes a document (the staff pages; the admin is the coordinator's) calls
these, so the rules of who and when are asked once: who may add to what
(``governance.access``), what an application's state allows (``predicates.takes_documents``),
and that only the coordinator marks a document public. The file's kind and size are the
model's (``governance.uploads.DocumentValidator``), met on every save.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance import access
from governance.models import Decision, Meeting
from projects import predicates
from projects.models import Application, CaseDocument, Project
from projects.models.document import WITHDRAWAL_NEEDS_REASON


def may_add(rights, target) -> bool:
    """Whether the user may add a document to (or withdraw one of) the target."""
    if isinstance(target, Application):
        return rights.may_edit_application(target)
    if isinstance(target, Project):
        return rights.may_edit_project(target)
    if isinstance(target, Decision):
        return rights.may_add_decision_document(target)
    if isinstance(target, Meeting):
        return rights.may_add_meeting_document(target)
    return False


def refusal(target) -> str:
    """Who may add documents to the target, for the refusal: it names the unit (#11)."""
    if isinstance(target, Decision | Meeting):
        return _(
            "Only the international coordinator or the secretary of the body may add or "
            "withdraw its documents."
        )
    project = target if isinstance(target, Project) else target.project
    if project is None:
        return _(
            "Only the one who drafted this application and the international coordinator "
            "may add or withdraw its documents."
        )
    workplace = project.workplace
    return _(
        "Only staff of %(unit)s and the international coordinator may add or withdraw "
        "documents of “%(title)s”."
    ) % {"unit": workplace.name if workplace else _("its unit"), "title": project.title}


def _check_state(rights, target) -> None:
    if isinstance(target, Application) and not predicates.takes_documents(target):
        raise ValidationError(
            _(
                "The application is decided or withdrawn: what the board decided on stays as "
                "it was. Add a document of the decision instead."
            ),
            code="closed",
        )


def target_field(target) -> str:
    """The document's field that names the target: "application", "project" ..."""
    return {Application: "application", Project: "project", Decision: "decision"}.get(
        type(target), "meeting"
    )


@transaction.atomic
def add_document(target, *, by, kind, file, title="", public=False) -> CaseDocument:
    """A new document of the application, project, meeting or decision; internal unless the
    coordinator marks it public. A refused file saves nothing."""
    rights = access.rights_of(by)
    if not may_add(rights, target):
        raise PermissionDenied(refusal(target))
    if public and not rights.may_publish_document:
        raise PermissionDenied(str(NOT_PUBLISHER))
    _check_state(rights, target)
    document = CaseDocument(
        kind=kind,
        title=title,
        file=file,
        public=public,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        **{target_field(target): target},
    )
    document.save()
    return document


NOT_PUBLISHER = gettext_lazy(
    "Only the international coordinator marks a document public; it stays internal until then."
)


@transaction.atomic
def set_public(document: CaseDocument, *, by, public: bool) -> CaseDocument:
    """Mark the document public (listed on the public pages) or internal again."""
    if not access.rights_of(by).may_publish_document:
        raise PermissionDenied(str(NOT_PUBLISHER))
    document = CaseDocument.objects.select_for_update().get(pk=document.pk)
    if public and document.is_withdrawn:
        raise ValidationError(_("A withdrawn document is not published."), code="withdrawn")
    document.public = public
    document.save()
    return document


@transaction.atomic
def withdraw(document: CaseDocument, *, by, reason: str) -> CaseDocument:
    """The document no longer counts: kept, with the day and the reason, and no longer
    public. Whoever may add documents to its record withdraws them."""
    document = CaseDocument.objects.select_for_update().get(pk=document.pk)
    target = document.target
    rights = access.rights_of(by)
    if not may_add(rights, target):
        raise PermissionDenied(refusal(target))
    if document.is_withdrawn:
        raise ValidationError(_("The document is already withdrawn."), code="withdrawn")
    if not rights.is_coordinator:
        _check_state(rights, target)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": WITHDRAWAL_NEEDS_REASON})
    document.withdrawn_at = timezone.now()
    document.withdrawal_reason = reason
    document.public = False
    document.save()
    return document
