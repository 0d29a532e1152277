"""The staff preview of a project's public page (#12): the public page's own template and
reads, before the work is published, marked as a preview, never cached, never indexed, and
shown only to whoever may publish the work or works on it (``Rights.may_preview_project``).

It lives here, not in ``staff``, because it renders the public page (``website`` imports
``staff``, never the other way); the publishing step itself is the staff page's POST
(``staff.views.projects.ProjectPublishView``), which calls ``projects.publishing``.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import translate_url
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from projects import predicates
from projects.models import Project
from staff.mixins import StaffMixin
from website import queries


@method_decorator(never_cache, name="dispatch")
class ProjectPreviewView(StaffMixin, DetailView):
    """The public page of a project as it is or would be published, for staff only."""

    http_method_names = ["get", "head"]
    template_name = "website/project_preview.html"

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(
            Project.objects.select_related("responsible_body", "unit__parent"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        if not self.rights.may_preview_project(self.project):
            raise PermissionDenied(
                _("Only the international coordinator and the staff of the work see its preview.")
            )
        return True

    def get_object(self, queryset=None):
        return self.project

    def get_context_data(self, **kwargs):
        project = queries.project_detail(Project.objects.all()).get(pk=self.project.pk)
        other = "en" if get_language() != "en" else "sv"
        return super().get_context_data(
            project=project,
            section="projects",
            # The page's fragment cache is skipped: a part of its key that is None renders
            # it uncached (website.templatetags.fragment_cache).
            content_version=None,
            gaps=predicates.publishing_gaps(self.project),
            may_publish=self.rights.may_publish,
            has_english=bool(self.project.title_en or self.project.summary_en),
            other_language=other,
            other_language_url=translate_url(self.request.path, other),
            **kwargs,
        )
