"""Projects and exchanges of a body, and their funding checks (S5, S6, S11, S12)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.generic import (
    CreateView,
    DetailView,
    ListView,
    TemplateView,
    UpdateView,
    View,
)

from projects import funding_match, predicates, publishing, queries, steps
from projects.models import (
    Application,
    FundingCheck,
    ParticipantCount,
    Project,
    ProjectCost,
    ProjectStatus,
    ProposalStatus,
    TextProposal,
)
from projects.services import funding
from projects.services import projects as project_service
from staff.filters import ProjectFilter
from staff.forms import (
    FundingCheckForm,
    ParticipantCountFormSet,
    ProgrammeOutcomeForm,
    ProjectCostFormSet,
    ProjectForm,
    ReturnProposalForm,
)
from staff.mixins import StaffMixin, add_errors
from staff.views.documents import documents_context
from staff.views.pictures import pictures_context


def checks_of_project():
    """How many funding checks a project has, as a correlated subquery: computed for the 50
    projects of the page only, where ``Count("funding_checks")`` grouped every project first
    (docs/performance.md, "Signed-in pages, uncached")."""
    return Coalesce(queries.per_project(FundingCheck.objects.all(), Count("pk")), 0)


class ProjectListView(StaffMixin, ListView):
    """The projects and exchanges of the user's bodies, with the state of their check."""

    http_method_names = ["get", "head"]

    template_name = "staff/project_list.html"
    context_object_name = "projects"
    paginate_by = 50

    def allowed(self):
        return self.rights.may_draft

    def get_queryset(self):
        self.filterset = ProjectFilter(
            self.request.GET or None,
            queryset=queries.projects_of(self.rights)
            .select_related("responsible_body", "unit")
            .annotate(check_count=checks_of_project())
            .order_by("title"),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter=self.filterset, **kwargs)
        # Each row's kind and status named from one table of labels for the page (#15):
        # ``get_FOO_display`` translates every label of the field again for every row.
        kinds = choice_labels(Project._meta.get_field("kind"))
        statuses = choice_labels(Project._meta.get_field("status"))
        # And each row's link from one address with the key left out, not 50 ``{% url %}``.
        before, _key, after = reverse("staff:project-detail", args=[_KEY_MARK]).partition(
            str(_KEY_MARK)
        )
        for project in context["projects"]:
            project.kind_label = kinds.get(project.kind, project.kind)
            project.status_label = statuses.get(project.status, project.status)
            project.detail_url = f"{before}{project.pk}{after}"
        return context


# A project key no project has: where each row's own goes in its page's address.
_KEY_MARK = 8642097531


def choice_labels(field) -> dict:
    """A field's stored values and their labels in the active language: what
    ``get_FOO_display`` shows (the value itself when it is not among the choices)."""
    return {value: str(label) for value, label in field.flatchoices}


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


WAITS_FOR_PUBLISHING = _lazy(
    "Your change waits for the coordinator's publishing. Other changes are saved; the public "
    "pages show the published text until the coordinator publishes yours."
)


def refusal(project) -> str:
    """Who may change the work, for the 403 page (#11)."""
    return project_service.refusal_to_edit(project)


class ProjectUpdateView(ProjectObjectMixin, UpdateView):
    template_name = "staff/project_form.html"
    form_class = ProjectForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rights": self.rights}

    def form_valid(self, form):
        # The public text of a published project waits for the coordinator (#11).
        proposal = publishing.save_project(form.save(commit=False), by=self.request.user)
        form.save_m2m()
        if proposal is None:
            messages.success(self.request, _("The project is saved."))
        else:
            messages.info(self.request, WAITS_FOR_PUBLISHING)
        return redirect("staff:project-detail", pk=self.project.pk)


class ProjectDetailView(ProjectObjectMixin, DetailView):
    """A project with everything entered on it, its funding check, applications, the moves
    of its status its staff may make, and the one next step (#12)."""

    http_method_names = ["get", "head"]

    template_name = "staff/project_detail.html"
    context_object_name = "project"

    def get_object(self, queryset=None):
        return (
            Project.objects.select_related("responsible_body", "unit", "funding_check_closed_by")
            .prefetch_related(
                "places",
                "objectives",
                "cooperating_bodies",
                Prefetch(
                    "funding_checks",
                    FundingCheck.objects.select_related("programme__funder", "checked_by"),
                ),
                Prefetch("applications", Application.objects.select_related("decision__body")),
                Prefetch("participant_counts", ParticipantCount.objects.order_by("level")),
                Prefetch("costs", ProjectCost.objects.select_related("body").order_by("year")),
                "pictures",
            )
            .get(pk=self.project.pk)
        )

    def get_context_data(self, **kwargs):
        project = self.object
        # Where the project may apply: its own staff and whoever follows up (#13).
        kwargs.setdefault(
            "may_see_funding_suggestions", self.rights.may_see_funding_suggestions(project)
        )
        # The latest change of the public text: waiting, or sent back with its reason (#11).
        latest = project.text_proposals.select_related("proposed_by", "handled_by").first()
        if latest is not None and latest.status in (
            ProposalStatus.WAITING,
            ProposalStatus.RETURNED,
        ):
            kwargs.setdefault("proposal", latest)
        kwargs.setdefault("may_publish", self.rights.may_publish)
        kwargs.setdefault("may_preview", self.rights.may_preview_project(self.project))
        # The preview leads to publishing only for whoever may publish work not yet public.
        kwargs.setdefault("offers_publishing", self.rights.may_publish and not project.published)
        kwargs.setdefault("next_step", steps.next_step(project))
        kwargs.setdefault(
            "moves",
            [(status, ProjectStatus(status).label) for status in predicates.project_moves(project)],
        )
        kwargs.setdefault("costs_total", sum(cost.amount for cost in project.costs.all()))
        # The work's pictures (#14): its staff add and remove them, the coordinator publishes.
        for key, value in pictures_context(self.rights, project).items():
            kwargs.setdefault(key, value)
        # The project's documents and its applications' (#12); they are added to the project.
        docs = list(queries.project_documents(self.object))
        kwargs.update(
            documents_context(
                self.rights,
                docs,
                {
                    "project": [self.object],
                    "application": {d.application for d in docs if d.application_id},
                },
                upload_target=self.object,
            )
        )
        return super().get_context_data(**kwargs)


class ProjectMoveView(ProjectObjectMixin, View):
    """Move the work to the next status the rules allow (#12, S6, S8, S11): POST only."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        target = request.POST.get("status", "")
        try:
            moved = project_service.move(self.project, to=target, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The work is now “%(status)s”.") % {"status": moved.get_status_display()},
            )
        return redirect(reverse("staff:project-detail", args=[self.project.pk]) + "#status")


class ProjectParticipantsView(ProjectObjectMixin, TemplateView):
    """The project's participants by level and its costs: add, change or remove rows, all
    or nothing (#12, S12, S15). Pupils are counted here, never named."""

    template_name = "staff/project_participants.html"

    def formsets(self, data=None):
        return (
            ParticipantCountFormSet(
                data,
                instance=self.project,
                prefix="participants",
                queryset=ParticipantCount.objects.order_by("level"),
            ),
            ProjectCostFormSet(
                data,
                instance=self.project,
                prefix="costs",
                queryset=ProjectCost.objects.select_related("body").order_by("year", "pk"),
            ),
        )

    def get_context_data(self, **kwargs):
        if "participants" not in kwargs:
            kwargs["participants"], kwargs["costs"] = self.formsets()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        participants, costs = self.formsets(request.POST)
        if participants.is_valid() and costs.is_valid():
            try:
                participants.save()
                costs.save()
            except ValidationError as error:
                transaction.set_rollback(True)  # nothing of the POST stays
                errors = error.messages
            else:
                messages.success(request, _("The participants and costs are saved."))
                return redirect("staff:project-detail", pk=self.project.pk)
        else:
            errors = [_("Nothing was saved: put right the rows marked below.")]
        context = self.get_context_data(participants=participants, costs=costs, errors=errors)
        return self.render_to_response(context, status=400)


class FundingSuggestionsView(ProjectObjectMixin, TemplateView):
    """The programmes that may fund the project, ranked, each rule met or not in words, and
    the next deadline; the ones that do not fit folded away with the rule that fails (S6,
    #13). A school's staff see it for their own work; the access module says who."""

    http_method_names = ["get", "head"]
    template_name = "staff/project_funding.html"

    def allowed(self):
        if not self.rights.may_see_funding_suggestions(self.project):
            raise PermissionDenied(
                _(
                    "Only staff of %(unit)s and those who follow up may see where “%(title)s” "
                    "may apply for funding."
                )
                % {
                    "unit": self.project.workplace.name
                    if self.project.workplace
                    else _("its unit"),
                    "title": self.project.title,
                }
            )
        return True

    http_method_names = ["get", "head", "post"]

    def get_context_data(self, forms=None, **kwargs):
        suggestions = self.suggestions
        fitting = [s for s in suggestions if s.matches]
        may_record = self.rights.may_edit_project(self.project)
        if may_record and forms is None:
            forms = self._forms(fitting)
        rows = list(zip(fitting, forms or [None] * len(fitting), strict=True))
        return super().get_context_data(
            fitting=fitting,
            rows=rows,
            may_record=may_record,
            lacking=[
                s for s in fitting if not predicates.records_funding_outcome(s.existing_check)
            ],
            not_fitting=[s for s in suggestions if not s.matches],
            facts=funding_match.facts_of(self.project),
            **kwargs,
        )

    @cached_property
    def suggestions(self):
        return funding_match.suggest(self.project)

    def _forms(self, fitting, data=None):
        return [
            ProgrammeOutcomeForm(data, suggestion=suggestion, project=self.project)
            for suggestion in fitting
        ]

    def post(self, request, *args, **kwargs):
        """Record the outcomes entered, and complete the check if asked: all, or nothing."""
        if not self.rights.may_edit_project(self.project):
            raise PermissionDenied(refusal(self.project))
        person = getattr(request.user, "person", None)
        if person is None:
            raise PermissionDenied(_("Your account is not linked to a person, who checks."))
        forms = self._forms([s for s in self.suggestions if s.matches], data=request.POST)
        complete = "complete" in request.POST
        errors = []
        try:
            with transaction.atomic():
                saved = self._save(forms, person)
                if complete:
                    funding.complete_funding_check(self.project, by=person)
        except _Invalid:
            errors.append(_("Nothing was saved: put right the rows marked below."))
        except ValidationError as error:
            errors.extend(error.messages)
        if errors:
            self.suggestions = funding_match.suggest(self.project)  # as stored: nothing changed
            for form, suggestion in zip(forms, self._fitting_now(), strict=False):
                form.suggestion = suggestion
            context = self.get_context_data(forms=forms, errors=errors)
            return self.render_to_response(context, status=400)
        if complete:
            messages.success(request, _("The funding check is completed."))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s outcome is recorded.",
                    "%(count)s outcomes are recorded.",
                    saved,
                )
                % {"count": saved},
            )
        return redirect("staff:funding-suggestions", pk=self.project.pk)

    def _fitting_now(self):
        return [s for s in self.suggestions if s.matches]

    def _save(self, forms, person) -> int:
        today = timezone.localdate()
        valid = [form.is_valid() for form in forms]  # every row, so every row shows its errors
        if not all(valid):
            raise _Invalid
        saved = 0
        for form in forms:
            check = form.check_to_save(checked_by=person, today=today)
            if check is None:
                continue
            try:
                check.save()
            except ValidationError as error:
                add_errors(form, error)
                continue
            saved += 1
        if any(form.errors for form in forms):
            raise _Invalid
        return saved


class _Invalid(Exception):
    """A row of the outcomes form is refused: the whole POST is rolled back."""


class ProposalListView(StaffMixin, ListView):
    """The coordinator's list of changes to published text waiting for publishing (#11)."""

    http_method_names = ["get", "head"]
    template_name = "staff/proposal_list.html"
    context_object_name = "proposals"

    def allowed(self):
        return self.rights.may_publish

    def get_queryset(self):
        return (
            queries.waiting_proposals()
            .select_related("project", "proposed_by")
            .order_by("proposed_at", "pk")
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("return_form", ReturnProposalForm())
        return super().get_context_data(**kwargs)


class ProposalActionView(StaffMixin, View):
    """Publish a waiting change, or send it back with a reason: POST only (#11)."""

    http_method_names = ["post"]

    def allowed(self):
        return self.rights.may_publish

    def post(self, request, *args, **kwargs):
        proposal = get_object_or_404(TextProposal, pk=kwargs["pk"])
        try:
            if kwargs["action"] == "publish":
                publishing.publish(proposal, by=request.user)
                messages.success(request, _("The change is published."))
            else:
                form = ReturnProposalForm(request.POST)
                reason = form.data.get("reason", "")
                publishing.send_back(proposal, by=request.user, reason=reason)
                messages.success(request, _("The change is sent back with your reason."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("staff:proposal-list")


class ProjectPublishView(ProjectObjectMixin, View):
    """Publish the work from its preview (#12), or take it off the public site with a reason:
    POST only, the preview being the confirmation. The rule is ``projects.publishing``'s; a
    refusal is said on the project's page and changes nothing."""

    http_method_names = ["post"]
    unpublish = False

    def allowed(self):
        if not self.rights.may_publish:
            raise PermissionDenied(_("Only the international coordinator publishes work."))
        return True

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                if self.unpublish:
                    publishing.unpublish_project(
                        self.project, by=request.user, reason=request.POST.get("reason", "")
                    )
                else:
                    publishing.publish_project(self.project, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("staff:project-detail", pk=self.project.pk)
        if self.unpublish:
            messages.success(request, _("The work is taken off the public site."))
        else:
            messages.success(request, _("The work is published on the public site."))
        return redirect("staff:project-detail", pk=self.project.pk)


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
