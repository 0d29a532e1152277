"""Reads shared by the staff pages: which applications and projects a user is involved in."""

from django.db.models import Q

from governance import access
from projects.models import Application, ApplicationStatus, Project


def applications_of(user):
    """Applications the user follows: their body's, their own, or addressed to their board."""
    qs = Application.objects.all()
    if access.is_coordinator(user):
        return qs
    person = getattr(user, "person", None)
    work = [b.pk for b in access.work_bodies_of(user)] if access.is_contributor(user) else []
    boards = [b.pk for b in access.deciding_bodies_of(user)]
    scope = Q(project__responsible_body__in=work) | (
        Q(addressed_to__in=boards) & ~Q(status=ApplicationStatus.DRAFT)
    )
    if person is not None and access.is_contributor(user):
        scope |= Q(submitted_by=person)
    return qs.filter(scope)


def decision_queue(user):
    """ "Ärenden att besluta": submitted applications addressed to the user's bodies today."""
    qs = Application.objects.awaiting_decision()
    if not access.is_coordinator(user):
        qs = qs.filter(addressed_to__in=[b.pk for b in access.deciding_bodies_of(user)])
    return qs


def projects_of(user):
    """Projects and exchanges the user may edit: their body's, or all for the coordinator."""
    if access.is_coordinator(user):
        return Project.objects.all()
    if not access.is_contributor(user):
        return Project.objects.none()
    return Project.objects.filter(responsible_body__in=[b.pk for b in access.work_bodies_of(user)])


def may_view_application(user, application: Application) -> bool:
    """Whether the application is among those the user follows (S8)."""
    return applications_of(user).filter(pk=application.pk).exists()
