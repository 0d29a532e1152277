"""A project's own staff move their work through its statuses (#12, S6, S8, S11).

The staff project page offers the moves ``predicates.project_moves`` allows; this service
judges the move again on the stored row, so a page left open, or a second tab, cannot skip a
rule. ``Project.clean`` then applies the model's own rules on the save.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from governance import access
from projects import predicates
from projects.models import Application, Project


def refusal_to_edit(project) -> str:
    """Who may change the work (#11), for a refused step."""
    workplace = project.workplace
    return _("Only staff of %(unit)s and the international coordinator may change “%(title)s”.") % {
        "unit": workplace.name if workplace else _("its unit"),
        "title": project.title,
    }


@transaction.atomic
def move(project: Project, *, to: str, by) -> Project:
    """Move the work to the status ``to``, if its staff may and the rules allow.

    Raises PermissionDenied when ``by`` may not edit the work, ValidationError (nothing
    changed) when the move is not allowed now. Side effect: saves the new status (history
    records the change)."""
    stored = (
        Project.objects.select_for_update(of=("self",))
        .select_related("responsible_body", "unit__parent")
        .prefetch_related(Prefetch("applications", Application.objects.select_related("decision")))
        .get(pk=project.pk)
    )
    if not access.may_edit_project(by, stored):
        raise PermissionDenied(refusal_to_edit(stored))
    refusal = predicates.project_move_refusal(stored, to)
    if refusal:
        raise ValidationError({"status": refusal})
    stored.status = to
    stored.save()
    return stored
