"""Applications from draft to decision and steering group (S6-S9, S11)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from governance import access, services
from governance.admin import DecisionCorrectionForm
from projects import predicates, queries
from projects.forms import ALREADY_DECIDED, DecisionForm
from projects.models import Application, DocumentKind
from projects.services import applications, documents
from staff import minutes_extract
from staff.filters import ApplicationFilter
from staff.forms import (
    ApplicationForm,
    ConsultationForm,
    ProposalForm,
    ReasonForm,
    SteeringGroupForm,
    SteeringGroupMemberFormSet,
    application_mode,
)
from staff.last_visit import LastVisitMixin
from staff.mixins import StaffMixin, add_errors
from staff.views.documents import documents_context
from staff.views.projects import refusal

# What the lists show of each application (its drafter is shown on its own page only, #15).
LIST_RELATED = ("addressed_to", "project__responsible_body", "decision__body")


class StaffHomeView(LastVisitMixin, StaffMixin, TemplateView):
    """Where a signed-in user starts: their applications and, for members, the queue."""

    http_method_names = ["get", "head"]

    template_name = "staff/home.html"

    def get_context_data(self, **kwargs):
        rights = self.rights
        return super().get_context_data(
            applications=queries.with_last_change(
                queries.applications_of(rights).select_related(*LIST_RELATED)
            )[:10],
            queue_count=queries.decision_queue(rights).count() if rights.may_see_queue else 0,
            waiting_count=queries.waiting_proposals().count() if rights.may_publish else 0,
            # Approved work not yet on the public site, each with its preview (#12).
            unpublished=queries.awaiting_publication() if rights.may_publish else ([], 0),
            **kwargs,
        )


class ApplicationListView(LastVisitMixin, StaffMixin, ListView):
    """Every application the user is involved in, with its status (issue 4, step 6)."""

    http_method_names = ["get", "head"]

    template_name = "staff/application_list.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = ApplicationFilter(
            self.request.GET or None,
            queryset=queries.with_last_change(
                queries.applications_of(self.rights).select_related(*LIST_RELATED)
            ).order_by("-created_at"),
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class DecisionQueueView(StaffMixin, ListView):
    """ "Ärenden att besluta": what the user's board has to decide (S8, S9 warning)."""

    http_method_names = ["get", "head"]
    template_name = "staff/decision_queue.html"
    context_object_name = "applications"

    def allowed(self):
        return self.rights.may_see_queue

    def get_queryset(self):
        return (
            queries.decision_queue(self.rights)
            .select_related(*LIST_RELATED)
            .order_by("submitted_on", "pk")
        )


class ApplicationObjectMixin(StaffMixin):
    """Loads the application named in the URL before the right is checked."""

    def dispatch(self, request, *args, **kwargs):
        self.application = self.load_application(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def load_application(self, pk: int) -> Application:
        return get_object_or_404(self.application_queryset(), pk=pk)

    def application_queryset(self):
        """What the view reads with the application, once (#15)."""
        return Application.objects.select_related("project__responsible_body", "project__unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("application", self.application)
        return context

    def may_edit(self):
        return self.rights.may_edit_application(self.application)

    def edit_refusal(self):
        """Who may change the application (#11): its project's unit, or its drafter."""
        app = self.application
        if app.project_id is None:
            return _(
                "Only the one who drafted this application and the international coordinator "
                "may change it."
            )
        return refusal(app.project)

    def may_decide(self):
        return self.rights.may_record_decision(self.application.addressed_to)

    def to_detail(self):
        return redirect("staff:application-detail", pk=self.application.pk)


class ApplicationCreateView(StaffMixin, FormView):
    """Step 1: a contributor or the coordinator drafts an application. Fields show by kind
    (#12): on a project (``?project=<pk>``, from its page) the application takes the
    project's kind, cost, period and objectives; ``?kind=twin_town`` proposes a new twin town."""

    template_name = "staff/application_form.html"
    form_class = ApplicationForm

    def allowed(self):
        return self.rights.may_draft

    def mode(self) -> str:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        return application_mode(source.get("kind"))

    def get_initial(self):
        initial = super().get_initial()
        project = self.chosen_project()
        if project is not None:
            initial["project"] = project.pk
        return initial

    def chosen_project(self):
        """The project named in the query or the form, if the user may apply for it."""
        if self.mode() != "project":
            return None
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        pk = source.get("project", "")
        if not pk.isdigit():
            return None
        return (
            queries.projects_of(self.rights)
            .select_related("responsible_body")
            .prefetch_related("objectives")
            .filter(pk=pk)
            .first()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rights": self.rights, "mode": self.mode()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("project", self.chosen_project())
        kwargs.setdefault("mode", self.mode())
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            app = applications.save_draft(
                form.instance,
                by=self.request.user.person,
                objectives=form.cleaned_data.get("objectives"),
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The draft is saved."))
        return redirect("staff:application-detail", pk=app.pk)


class ApplicationUpdateView(ApplicationObjectMixin, ApplicationCreateView):
    """A draft, or one in consultation, can still change."""

    def allowed(self):
        if not self.may_edit():
            raise PermissionDenied(self.edit_refusal())
        if not predicates.may_be_edited(self.application):
            raise PermissionDenied(_("Only a draft or an application in consultation can change."))
        return True

    def mode(self) -> str:
        return application_mode(self.application.kind)

    def chosen_project(self):
        if self.request.method == "POST":
            return super().chosen_project()
        return self.application.project if self.mode() == "project" else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.application}


class ApplicationDetailView(ApplicationObjectMixin, DetailView):
    """Everything needed to follow or decide an application, and its history."""

    http_method_names = ["get", "head"]

    template_name = "staff/application_detail.html"
    context_object_name = "application"

    def allowed(self):
        return queries.may_view_application(self.rights, self.application)

    def load_application(self, pk: int) -> Application:
        # The case with all the page shows, read once (not once to check the right and once
        # more for the page), in two queries compiled once per process (#15).
        application = queries.case_page(pk)
        if application is None:
            raise Http404(_("No application has this number."))
        return application

    def get_object(self, queryset=None):
        return self.application

    def get_context_data(self, **kwargs):
        app = self.object
        may_edit = self.may_edit()
        steps = predicates.case_steps(app)
        current = next((code for code, _label, done in steps if not done), None)
        gaps = predicates.submission_gaps(app)
        may_submit = predicates.may_be_submitted(app) and may_edit
        return super().get_context_data(
            history=app.history.select_related("history_user").order_by("-history_date"),
            steps=steps,
            current_step=None if predicates.is_withdrawn(app) else current,
            may_submit=may_submit and (not gaps or self.rights.may_submit_with_gaps),
            submit_blocked=may_submit and bool(gaps) and not self.rights.may_submit_with_gaps,
            submit_with_gaps=may_submit and bool(gaps) and self.rights.may_submit_with_gaps,
            may_withdraw=predicates.may_be_withdrawn(app) and may_edit,
            may_return=predicates.may_be_returned(app) and self.rights.may_return_application(app),
            may_give_reason=predicates.may_be_edited(app)
            and not app.has_consultation
            and self.rights.may_record_consultation,
            may_propose=not (predicates.is_decided(app) or predicates.is_withdrawn(app))
            and self.rights.may_prepare_decision(app.addressed_to),
            may_edit=predicates.may_be_edited(app) and may_edit,
            may_consult=predicates.may_be_edited(app) and self.rights.may_record_consultation,
            may_decide=predicates.may_be_decided(app) and self.may_decide(),
            may_appoint=predicates.may_be_given_steering_group(app) and self.may_decide(),
            may_correct=bool(app.decision_id) and self.rights.may_correct_decision(app.decision),
            may_keep_extract=bool(app.decision_id)
            and self.rights.may_add_decision_document(app.decision),
            # What the board decides on: the case's, its project's and its decision's (#12).
            **documents_context(
                self.rights,
                list(queries.case_documents(app)),
                {"application": [app], "project": [app.project], "decision": [app.decision]},
                upload_target=app,
            ),
            **kwargs,
        )


class ApplicationSubmitView(ApplicationObjectMixin, View):
    """Send for decision after the checklist (#12): a contributor with nothing open on it; the
    coordinator also with open items, which go with the case to the board (S6, S9)."""

    http_method_names = ["post"]

    def allowed(self):
        if not self.may_edit():
            raise PermissionDenied(self.edit_refusal())
        return True

    def post(self, request, *args, **kwargs):
        try:
            applications.submit(self.application, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The application is sent for decision."))
        return self.to_detail()


class ApplicationWithdrawView(ApplicationObjectMixin, TemplateView):
    """Withdraw an undecided application, after a confirmation (#12); it stays on record."""

    template_name = "staff/application_withdraw.html"

    def allowed(self):
        if not self.may_edit():
            raise PermissionDenied(self.edit_refusal())
        return True

    def get(self, request, *args, **kwargs):
        if not predicates.may_be_withdrawn(self.application):
            messages.info(request, _("A decided or withdrawn application cannot be withdrawn."))
            return self.to_detail()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            applications.withdraw(self.application)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The application is withdrawn."))
        return self.to_detail()


class ReasonView(ApplicationObjectMixin, FormView):
    """A step taken with its reason (#12)."""

    form_class = ReasonForm
    # The domain service that takes the step: (application, by=, reason=), set by each page.
    service = None

    def form_valid(self, form):
        try:
            self.service(self.application, by=self.request.user, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, error if isinstance(error, ValidationError) else _err(error))
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return self.to_detail()


class ReturnView(ReasonView):
    """Send a case waiting for decision back to its applicant (#12): the coordinator, or the
    addressed body's members and secretary. The applicant puts it right and sends it again."""

    template_name = "staff/application_return.html"

    def allowed(self):
        if not self.rights.may_return_application(self.application):
            raise PermissionDenied(
                _(
                    "Only the international coordinator, or members and the secretary of "
                    "%(body)s, may return the case."
                )
                % {"body": self.application.addressed_to.short_name}
            )
        return True

    def get(self, request, *args, **kwargs):
        if not predicates.may_be_returned(self.application):
            messages.info(request, _("Only a case waiting for decision can be returned."))
            return self.to_detail()
        return super().get(request, *args, **kwargs)

    service = staticmethod(applications.return_to_applicant)

    @property
    def done(self):
        return _("The case is returned to the applicant.")


class NoConsultationReasonView(ReasonView):
    """The coordinator records why the network is not consulted on the case (S9, #12)."""

    template_name = "staff/application_no_consultation.html"

    def allowed(self):
        return self.rights.may_record_consultation

    service = staticmethod(applications.record_no_consultation_reason)

    @property
    def done(self):
        return _("The reason is recorded; the case may be sent without the network's view.")


class ProposalView(ApplicationObjectMixin, FormView):
    """The officials' proposal for a decision and its motivation (#12): the coordinator or
    the secretary of the addressed body. The decision form starts from it."""

    template_name = "staff/application_proposal.html"
    form_class = ProposalForm

    def allowed(self):
        if not self.rights.may_prepare_decision(self.application.addressed_to):
            raise PermissionDenied(
                _(
                    "Only the international coordinator or the secretary of %(body)s writes the "
                    "proposal for its decision."
                )
                % {"body": self.application.addressed_to.short_name}
            )
        return True

    def get_initial(self):
        return {
            "proposed_decision": self.application.proposed_decision,
            "motivation": self.application.proposal_motivation,
        }

    def form_valid(self, form):
        try:
            applications.save_proposal(
                self.application,
                by=self.request.user,
                proposed_decision=form.cleaned_data["proposed_decision"],
                motivation=form.cleaned_data["motivation"],
            )
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, error if isinstance(error, ValidationError) else _err(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The proposal is saved."))
        return self.to_detail()


class ConsultationView(ApplicationObjectMixin, FormView):
    """Step 2: the coordinator records the international network's view (S9)."""

    template_name = "staff/application_consultation.html"
    form_class = ConsultationForm

    def allowed(self):
        return self.rights.may_record_consultation

    def form_valid(self, form):
        try:
            applications.record_consultation(
                self.application,
                meeting=form.cleaned_data["meeting"],
                view=form.cleaned_data["view"],
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The network's view is recorded."))
        return self.to_detail()


class DecideView(ApplicationObjectMixin, FormView):
    """Step 4: a member or the secretary of the addressed body records its decision (S8)."""

    template_name = "staff/application_decide.html"
    form_class = DecisionForm

    def allowed(self):
        if not self.may_decide():
            # The coordinator prepares the decision; a member or the secretary records it.
            body = self.application.addressed_to
            raise PermissionDenied(access.decision_refusal(body, self.rights.day))
        return True

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "application": self.application,
            "user": self.request.user,
        }

    def get(self, request, *args, **kwargs):
        if not predicates.may_be_decided(self.application):
            messages.info(request, _("This application is not waiting for a decision."))
            return self.to_detail()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        """What the member decides on: the case's documents, to read (#12)."""
        kwargs.setdefault("documents", list(queries.case_documents(self.application)))
        return super().get_context_data(**kwargs)

    def get_initial(self):
        """The form starts from the officials' proposal (#12)."""
        app = self.application
        text = "\n\n".join(t for t in (app.proposed_decision, app.proposal_motivation) if t)
        return {"motivation": text} if text else {}

    def post(self, request, *args, **kwargs):
        if not predicates.may_be_decided(self.application):
            # A second confirmation (a double POST, the back button) records nothing.
            messages.error(request, ALREADY_DECIDED)
            return self.to_detail()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        """The first POST shows what will be recorded; only the confirmation records it."""
        if not form.confirmed:
            return self.render_to_response(
                self.get_context_data(form=form, confirming=form.confirming)
            )
        try:
            applications.decide(self.application, by=self.request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            if not predicates.may_be_decided(_fresh(self.application)):
                messages.error(self.request, ALREADY_DECIDED)
                return self.to_detail()
            add_errors(form, error if isinstance(error, ValidationError) else _err(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The decision is recorded."))
        return self.to_detail()


def _fresh(application):
    return Application.objects.get(pk=application.pk)


def _err(refusal: PermissionDenied) -> ValidationError:
    return ValidationError(str(refusal))


class SteeringGroupView(ApplicationObjectMixin, FormView):
    """Step 5: the deciding body appoints a steering group for approved work (S8)."""

    template_name = "staff/application_steering_group.html"
    form_class = SteeringGroupForm

    def allowed(self):
        return self.may_decide()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", SteeringGroupMemberFormSet(prefix="members"))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = SteeringGroupMemberFormSet(request.POST, prefix="members")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        members = [f.cleaned_data for f in formset if f.cleaned_data]
        try:
            applications.appoint_steering_group(
                self.application, by=request.user, name=form.cleaned_data["name"], members=members
            )
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, error if isinstance(error, ValidationError) else _err(error))
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("The steering group is appointed."))
        return self.to_detail()


class MinutesExtractView(ApplicationObjectMixin, View):
    """The decision's minutes extract (protokollsutdrag) as a PDF (#12): to whoever may read
    the application, once it is decided."""

    http_method_names = ["get", "head"]

    def allowed(self):
        return queries.may_view_application(self.rights, self.application)

    def get(self, request, *args, **kwargs):
        app = (
            Application.objects.select_related("decision__body")
            .filter(pk=self.application.pk, decision__isnull=False)
            .first()
        )
        if app is None:
            raise Http404(_("The application has no decision yet."))
        response = HttpResponse(
            minutes_extract.minutes_extract_pdf(app), content_type="application/pdf"
        )
        name = minutes_extract.filename(app.decision)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class KeepMinutesExtractView(ApplicationObjectMixin, View):
    """Keep the decision's minutes extract as a document of the decision (#12): the
    coordinator or the body's secretary, who keep its record. A later one (after a
    correction) is kept beside it; none is replaced."""

    http_method_names = ["post"]

    def allowed(self):
        decision = self.application.decision
        if decision is None:
            raise PermissionDenied(_("The application has no decision yet."))
        if not self.rights.may_add_decision_document(decision):
            raise PermissionDenied(documents.refusal(decision))
        return True

    def post(self, request, *args, **kwargs):
        app = Application.objects.select_related("decision__body").get(pk=self.application.pk)
        pdf = minutes_extract.minutes_extract_pdf(app)
        name = minutes_extract.filename(app.decision)
        documents.add_document(
            app.decision,
            by=request.user,
            kind=DocumentKind.MINUTES_EXTRACT,
            title=name.removesuffix(".pdf"),
            file=ContentFile(pdf, name=name),
        )
        messages.success(request, _("The minutes extract is kept as a document of the decision."))
        return self.to_detail()


class DecisionCorrectionView(ApplicationObjectMixin, FormView):
    """A correction (rättelse) of the application's decision: the secretary of the body that
    decided it, or the coordinator, with the reason (#11)."""

    template_name = "staff/application_correct_decision.html"
    form_class = DecisionCorrectionForm

    def allowed(self):
        decision = self.application.decision
        if decision is None:
            raise PermissionDenied(_("The application has no decision to correct."))
        if not self.rights.may_correct_decision(decision):
            raise PermissionDenied(access.CORRECTION_REFUSAL)
        return True

    def form_valid(self, form):
        try:
            services.correct_decision(
                self.application.decision, by=self.request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, error if isinstance(error, ValidationError) else _err(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The correction is recorded."))
        return self.to_detail()
