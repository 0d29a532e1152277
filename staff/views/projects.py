"""Projects and exchanges of a body, and their funding checks (S5, S6, S11, S12)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView, View

from projects import queries
from projects.models import Application, FundingCheck, Project
from projects.services import funding
from staff.forms import FundingCheckForm, ProjectForm
from staff.mixins import StaffMixin, add_errors


class ProjectListView(StaffMixin, ListView):
    """The projects and exchanges of the user's bodies, with the state of their check."""

    http_method_names = ["get", "head"]

    template_name = "staff/project_list.html"
    context_object_name = "projects"
    paginate_by = 50

    def allowed(self):
        return self.rights.may_draft

    def get_queryset(self):
        return (
            queries.projects_of(self.rights)
            .select_related("responsible_body", "unit")
            .annotate(check_count=Count("funding_checks"))
            .order_by("title")
        )


class ProjectCreateView(StaffMixin, CreateView):
    template_name = "staff/project_form.html"
    form_class = ProjectForm

    def allowed(self):
        return self.rights.may_draft

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rights": self.rights}

    def form_valid(self, form):
        self.object = form.save()
        messages.success(self.request, _("The project is saved."))
        return redirect("staff:project-detail", pk=self.object.pk)


class ProjectObjectMixin(StaffMixin):
    """Loads the project named in the URL; its unit's contributors may work on it (S12, #11)."""

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(
            Project.objects.select_related("responsible_body", "unit__parent"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        if not self.rights.may_edit_project(self.project):
            raise PermissionDenied(refusal(self.project))
        return True

    def get_object(self, queryset=None):
        return self.project

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("project", self.project)
        return context


def refusal(project) -> str:
    """Who may change the work, for the 403 page (#11)."""
    workplace = project.workplace
    return _("Only staff of %(unit)s and the international coordinator may change “%(title)s”.") % {
        "unit": workplace.name if workplace else _("its unit"),
        "title": project.title,
    }


class ProjectUpdateView(ProjectObjectMixin, UpdateView):
    template_name = "staff/project_form.html"
    form_class = ProjectForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rights": self.rights}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The project is saved."))
        return redirect("staff:project-detail", pk=self.project.pk)


class ProjectDetailView(ProjectObjectMixin, DetailView):
    """A project with its funding checks and applications."""

    http_method_names = ["get", "head"]

    template_name = "staff/project_detail.html"
    context_object_name = "project"

    def get_object(self, queryset=None):
        return (
            Project.objects.select_related("responsible_body", "unit", "funding_check_closed_by")
            .prefetch_related(
                "places",
                Prefetch(
                    "funding_checks",
                    FundingCheck.objects.select_related("programme__funder", "checked_by"),
                ),
                Prefetch("applications", Application.objects.select_related("decision__body")),
            )
            .get(pk=self.project.pk)
        )

    def get_context_data(self, **kwargs):
        # The follow-up's programme suggestions open to whoever may follow up (coordinator, KS).
        kwargs.setdefault("may_follow_up", self.rights.may_follow_up)
        return super().get_context_data(**kwargs)


class FundingCheckCreateView(ProjectObjectMixin, CreateView):
    """Record one funding source looked at for the project (S6)."""

    template_name = "staff/fundingcheck_form.html"
    form_class = FundingCheckForm

    def get_initial(self):
        return {"checked_on": timezone.localdate()}

    def get_form_kwargs(self):
        check = FundingCheck(project=self.project, checked_by=self.request.user.person)
        return {**super().get_form_kwargs(), "instance": check}

    def form_valid(self, form):
        try:
            form.save()
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The funding check is recorded."))
        return redirect("staff:project-detail", pk=self.project.pk)


class FundingCompleteView(ProjectObjectMixin, View):
    """Close the project's funding check: every relevant source is looked at (S6)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            funding.complete_funding_check(self.project, by=request.user.person)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The funding check is completed."))
        return redirect("staff:project-detail", pk=self.project.pk)
