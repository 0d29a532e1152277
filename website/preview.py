"""The staff preview of a project's public page (#12): the public page's own template and
reads, before the work is published, marked as a preview, never cached, never indexed, and
shown only to whoever may publish the work or works on it (``Rights.may_preview_project``).

It lives here, not in ``staff``, because it renders the public page's own template and reads;
``website`` and ``staff`` are siblings that import neither each other, so the view asks
``governance.access`` itself. The publishing step is the staff page's POST
(``staff.views.projects.ProjectPublishView``), which calls ``projects.publishing``.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse_lazy, translate_url
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from governance.access import rights_of
from projects import predicates
from projects.models import Project
from website import queries


@method_decorator(never_cache, name="dispatch")
class ProjectPreviewView(LoginRequiredMixin, DetailView):
    """The public page of a project as it is or would be published, for staff only: the
    signed-out are sent to sign in, others who may not see it are refused with the reason."""

    http_method_names = ["get", "head"]
    template_name = "website/project_preview.html"
    login_url = reverse_lazy("accounts:login")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.project = get_object_or_404(
            Project.objects.select_related("responsible_body", "unit__parent"), pk=kwargs["pk"]
        )
        if not self.rights.may_preview_project(self.project):
            message = _(
                "Only the international coordinator and the staff of the work see its preview."
            )
            return TemplateResponse(
                request, "website/project_preview_refused.html", {"message": message}, status=403
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def rights(self):
        """The user's rights, loaded once per request (the rights middleware), else asked."""
        rights = getattr(self.request, "rights", None)
        return rights if rights is not None else rights_of(self.request.user)

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
