"""Admin for projects, funding and applications (S6-S9, S11, S12, S15).

An application's status and decision change only through ``projects.services.applications``;
a project's funding check is completed through ``projects.services.funding``. The admin's
actions and its "record decision" page call those services and show their refusals.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from governance import access
from governance.access import rights_of
from governance.admin import (
    BoundedInlineFormSet,
    DecisionAdmin,
    DeletionRuleMixin,
    MeetingAdmin,
    PictureInline,
    PublicRecordMixin,
    RecordAdmin,
    RecordInline,
    RelatedChoicesFilter,
    TranslatedRecordAdmin,
    amount_column,
)
from governance.models import Decision, Meeting
from governance.uploads import DownloadAdminMixin, DownloadFileWidget
from projects import predicates, publishing, queries
from projects.forms import ALREADY_DECIDED, DecisionForm
from projects.models import (
    DECIDED_APPLICATION_FROZEN,
    Application,
    Call,
    CaseDocument,
    Funder,
    FundingCheck,
    ParticipantCount,
    Programme,
    Project,
    ProjectCost,
    ProjectPicture,
    RecurringCall,
    ReportObligation,
    SteeringGroup,
    SteeringGroupMember,
)
from projects.models.application import PERSON_ONCE_PER_STEERING_GROUP
from projects.services import applications, funding


class CaseDocumentInline(PublicRecordMixin, RecordInline):
    """A record's documents (#12): never deleted, withdrawn with a reason instead; the file
    opens through the protected download. The coordinator marks one public."""

    model = CaseDocument
    fields = ("kind", "title", "file", "public", "withdrawn_at", "withdrawal_reason")
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = DownloadFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        user = request.user

        class WithUploader(formset):
            """A new row records who uploaded it."""

            def save_new(self, form, commit=True):
                form.instance.uploaded_by = user
                return super().save_new(form, commit=commit)

        return WithUploader


@admin.register(CaseDocument)
class CaseDocumentAdmin(DownloadAdminMixin, PublicRecordMixin, RecordAdmin):
    """Every document of case work, with the record it belongs to (#12)."""

    download_field = "file"
    list_display = ("__str__", "kind", "public", "uploaded_at", "withdrawn_at")
    list_filter = ("kind", "public")
    search_fields = ("title", "file")
    fields = (
        "kind",
        "title",
        "file",
        "application",
        "project",
        "meeting",
        "decision",
        "public",
        "withdrawn_at",
        "withdrawal_reason",
    )
    autocomplete_fields = ("application", "project", "meeting", "decision")
    date_hierarchy = "uploaded_at"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class FundingCheckInline(PublicRecordMixin, RecordInline):
    model = FundingCheck
    fields = (
        "programme",
        "checked_on",
        "checked_by",
        "outcome",
        "amount_applied",
        "amount_granted",
        "currency",
        "exchange_rate",
        "deadline",
        # "Not relevant" needs its reason here too (#13).
        "note",
    )
    autocomplete_fields = ("programme", "checked_by")
    show_change_link = True


class ParticipantCountInline(RecordInline):
    model = ParticipantCount
    fields = ("level", "count", "women", "men")


class ProjectCostInline(RecordInline):
    model = ProjectCost
    fields = ("body", "year", "amount", "description")
    autocomplete_fields = ("body",)


class ProjectPictureInline(PictureInline):
    model = ProjectPicture


class ProjectPaginator(Paginator):
    """The admin list's pages, with every project's number as the database keeps it (#15)."""

    @cached_property
    def count(self):
        return queries.count_of(self.object_list)


@admin.register(Project)
class ProjectAdmin(DeletionRuleMixin, TranslatedRecordAdmin):
    list_display = (
        "title",
        "kind",
        "status",
        "responsible_body",
        "starts_on",
        "funding_check_complete",
        "requires_decision",
        "published",
    )
    list_filter = (
        "kind",
        "status",
        # The bodies' query compiled once per process (#15).
        ("responsible_body", RelatedChoicesFilter),
        "published",
        "is_example",
    )
    list_select_related = ("responsible_body",)
    search_fields = ("title_sv", "title_en", "slug", "school")
    autocomplete_fields = (
        "responsible_body",
        "unit",
        "cooperating_bodies",
        "places",
        "relationships",
        "objectives",
    )
    # Published only through ``publishing.publish_project`` (#12): the action below, or the
    # staff page's preview; taken off the public site there, with a reason.
    readonly_fields = (
        "published",
        "funding_check_closed_on",
        "funding_check_closed_by",
        "created_at",
        "updated_at",
    )
    prepopulated_fields = {"slug": ("title",)}
    # The years come from the index on starts_on (templates/admin/projects/project/
    # change_list.html); a filtered list says "Show all" instead of counting every project
    # once more (docs/performance.md, "Signed-in pages, uncached").
    date_hierarchy = "starts_on"
    show_full_result_count = False
    # An unfiltered list's "N projects" read from the number the database keeps (#15).
    paginator = ProjectPaginator
    inlines = [
        FundingCheckInline,
        ParticipantCountInline,
        ProjectCostInline,
        ProjectPictureInline,
        CaseDocumentInline,
    ]
    actions = ["complete_funding_check", "publish"]

    def deletion_refusal(self, project):
        if predicates.project_may_be_deleted(project):
            return None
        return predicates.PROJECT_WITH_DECISION_KEPT

    @admin.display(description=_("funding check completed"), boolean=True)
    def funding_check_complete(self, project):
        return project.funding_check_complete

    @admin.display(description=_("needs a decision"), boolean=True)
    def requires_decision(self, project):
        return project.requires_decision

    @admin.action(description=_("Complete the funding check (S6)"))
    def complete_funding_check(self, request, queryset):
        person = getattr(request.user, "person", None)
        if person is None:
            message = _(
                "Your login account is not linked to a person, so the system cannot record "
                "who completed the check. Ask the coordinator to link it."
            )
            self.message_user(request, message, messages.ERROR)
            return
        self.apply_to_each(
            request,
            queryset,
            lambda project: funding.complete_funding_check(project, by=person),
            _("Funding check completed for %(count)d project(s)."),
        )

    @admin.action(description=_("Publish on the public site"))
    def publish(self, request, queryset):
        """The same step as the staff page's preview (#12): a refusal names the work and
        the reason, and publishes nothing of it."""
        self.apply_to_each(
            request,
            queryset,
            lambda project: publishing.publish_project(project, by=request.user),
            _("Published: %(count)d project(s)."),
        )


@admin.register(ParticipantCount)
class ParticipantCountAdmin(RecordAdmin):
    list_display = ("project", "level", "count", "women", "men")
    list_filter = ("level",)
    list_select_related = ("project",)
    search_fields = ("project__title_sv",)
    autocomplete_fields = ("project",)


@admin.register(ProjectCost)
class ProjectCostAdmin(RecordAdmin):
    list_display = ("project", "body", "year", amount_column(ProjectCost, "amount"), "description")
    list_filter = ("body", "year")
    list_select_related = ("project", "body")
    search_fields = ("project__title_sv", "description")
    autocomplete_fields = ("project", "body")


@admin.register(Funder)
class FunderAdmin(RecordAdmin):
    list_display = ("name", "short_name", "kind", "url")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")


class CallInline(RecordInline):
    model = Call
    fields = ("year", "opens_on", "deadline", "note")


class RecurringCallInline(RecordInline):
    """A call that comes back every year on the same day (#13)."""

    model = RecurringCall
    fields = ("month", "day", "first_year", "last_year", "note_sv", "note_en")


@admin.register(Programme)
class ProgrammeAdmin(TranslatedRecordAdmin):
    list_display = ("name", "funder", "is_active", "last_verified_on")
    list_filter = ("funder", "is_active", "for_municipalities", "for_schools")
    list_select_related = ("funder",)
    search_fields = ("name_sv", "name_en", "slug", "funder__name", "funder__short_name")
    autocomplete_fields = ("funder",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [RecurringCallInline, CallInline]


@admin.register(Call)
class CallAdmin(RecordAdmin):
    list_display = ("__str__", "programme", "year", "opens_on", "deadline")
    list_filter = ("year",)
    list_select_related = ("programme__funder",)
    search_fields = ("programme__name_sv", "note")
    autocomplete_fields = ("programme",)
    date_hierarchy = "deadline"


class ReportObligationInline(RecordInline):
    model = ReportObligation
    fields = ("title", "due_on", "submitted_on")


@admin.register(FundingCheck)
class FundingCheckAdmin(PublicRecordMixin, RecordAdmin):
    list_display = ("project", "programme", "outcome", "checked_on", "checked_by", "deadline")
    list_filter = ("outcome", "programme__funder")
    list_select_related = ("project", "programme__funder", "checked_by")
    search_fields = ("project__title_sv", "programme__name_sv", "note")
    autocomplete_fields = ("project", "programme", "checked_by")
    date_hierarchy = "checked_on"
    inlines = [ReportObligationInline]


@admin.register(ReportObligation)
class ReportObligationAdmin(RecordAdmin):
    list_display = ("title", "funding_check", "due_on", "submitted_on")
    list_select_related = ("funding_check__project", "funding_check__programme__funder")
    search_fields = ("title", "funding_check__project__title_sv")
    autocomplete_fields = ("funding_check",)
    date_hierarchy = "due_on"


@admin.register(Application)
class ApplicationAdmin(DeletionRuleMixin, RecordAdmin):
    """Applications on their way to a decision; the decision is recorded on its own page."""

    inlines = [CaseDocumentInline]
    list_display = (
        "title",
        "kind",
        "addressed_to",
        "status",
        "submitted_on",
        "consultation_warning",
        "decision",
    )
    list_filter = ("status", "kind", "addressed_to", "is_example")
    list_select_related = ("addressed_to", "decision__body")
    search_fields = ("title", "summary", "decision__case_number")
    autocomplete_fields = (
        "project",
        "proposed_place",
        "addressed_to",
        "objectives",
        "submitted_by",
        "consultation_meeting",
    )
    readonly_fields = ("status", "submitted_on", "decision", "created_at")
    date_hierarchy = "created_at"
    actions = ["submit", "withdraw"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.decision_id:
            # A decided application is frozen (#11): the model refuses a change, the form
            # shows none.
            frozen = [f for f in (*DECIDED_APPLICATION_FROZEN, "objectives") if f not in fields]
            return _amounts_shown(*fields, *frozen)
        return fields

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return _amounts_shown(*fields) if obj is not None and obj.decision_id else fields

    cost_amount = staticmethod(amount_column(Application, "cost"))

    def deletion_refusal(self, application):
        if predicates.may_be_deleted(application):
            return None
        return predicates.DECIDED_APPLICATION_KEPT

    @admin.display(description=_("consultation (S9)"))
    def consultation_warning(self, application):
        return _("Not consulted") if application.lacks_consultation else ""

    @admin.action(description=_("Submit for decision"))
    def submit(self, request, queryset):
        done = _("%(count)d application(s) submitted for decision.")
        # The checklist's rule is the coordinator's here too (#12): open items go with the case.
        self.apply_to_each(
            request, queryset, lambda app: applications.submit(app, by=request.user), done
        )

    @admin.action(description=_("Withdraw"))
    def withdraw(self, request, queryset):
        done = _("%(count)d application(s) withdrawn.")
        self.apply_to_each(request, queryset, applications.withdraw, done)

    def get_urls(self):
        view = self.admin_site.admin_view(self.record_decision_view)
        name = "projects_application_record_decision"
        return [path("<path:object_id>/record-decision/", view, name=name), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        context = {**(extra_context or {}), **self._decision_context(request, application)}
        return super().change_view(request, object_id, form_url, context)

    def _decision_context(self, request, application):
        if application is None or not predicates.may_be_decided(application):
            return {}
        if not rights_of(request.user).may_record_decision(application.addressed_to):
            # The coordinator prepares it; a member or the secretary records it (#11).
            return {"lacks_consultation": application.lacks_consultation}
        url = reverse("admin:projects_application_record_decision", args=[application.pk])
        return {"record_decision_url": url, "lacks_consultation": application.lacks_consultation}

    def record_decision_view(self, request, object_id):
        """Record the addressed body's decision. Open to staff; who may decide is the service's
        question (governance.access: members or the secretary of the body, S8)."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        application = self.get_object(request, unquote(object_id))
        if application is None:
            raise Http404
        if request.method == "GET" and not rights_of(request.user).may_record_decision(
            application.addressed_to
        ):
            # The form is not shown to whoever may not record the body's decision today, as the
            # change page shows no link (S8, #11); a POST dated in an earlier term goes to the
            # service, which judges the meeting's day and says who may.
            raise PermissionDenied(
                access.decision_refusal(application.addressed_to, timezone.localdate())
            )
        change_url = reverse("admin:projects_application_change", args=[application.pk])
        if request.method == "POST" and not predicates.may_be_decided(application):
            # A second confirmation (a double POST, the back button) records nothing (#12).
            self.message_user(request, ALREADY_DECIDED, messages.ERROR)
            return HttpResponseRedirect(change_url)
        data = request.POST if request.method == "POST" else None
        form = DecisionForm(data, application=application, user=request.user)
        confirming = False
        if form.is_bound and form.is_valid():
            # As on the staff decision page: the first POST shows what will be recorded, only
            # the confirmation records it (DecisionForm.confirmed, #12).
            if form.confirmed and self._decide(request, application, form):
                return HttpResponseRedirect(change_url)
            confirming = form.confirming
        return TemplateResponse(
            request,
            "admin/projects/application/record_decision.html",
            {**self._record_decision_context(request, application, form), "confirming": confirming},
        )

    def _decide(self, request, application, form) -> bool:
        """Whether the case is decided now: by this confirmation, or meanwhile by another."""
        try:
            decision = applications.decide(application, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            if not predicates.may_be_decided(Application.objects.get(pk=application.pk)):
                # Another confirmation came first: this one records nothing.
                self.message_user(request, ALREADY_DECIDED, messages.ERROR)
                return True
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
            return False
        message = _("The decision %(citation)s is recorded.") % {"citation": decision.citation}
        self.message_user(request, message, messages.SUCCESS)
        return True

    def _record_decision_context(self, request, application, form):
        return {
            **self.admin_site.each_context(request),
            "title": _("Record decision"),
            "subtitle": str(application),
            "opts": self.opts,
            "original": application,
            "form": form,
            "lacks_consultation": application.lacks_consultation,
        }


def _amounts_shown(*fields):
    """A read-only cost shown as an amount, "12 500 kr" (#12), in the cost's place."""
    return tuple("cost_amount" if field == "cost" else field for field in fields)


class SteeringGroupMemberFormSet(BoundedInlineFormSet):
    """Rows of one steering group; the same person in two rows is refused as the model says."""

    def get_unique_error_message(self, unique_check):
        if set(unique_check) == {"group", "person"}:
            return str(PERSON_ONCE_PER_STEERING_GROUP)
        return super().get_unique_error_message(unique_check)


class SteeringGroupMemberInline(RecordInline):
    model = SteeringGroupMember
    formset = SteeringGroupMemberFormSet
    fields = ("person", "role", "starts_on", "ends_on")
    autocomplete_fields = ("person",)


@admin.register(SteeringGroup)
class SteeringGroupAdmin(RecordAdmin):
    list_display = ("name", "application", "appointed_by")
    list_select_related = ("application", "appointed_by__body")
    search_fields = ("name", "application__title")
    autocomplete_fields = ("application", "appointed_by")
    inlines = [SteeringGroupMemberInline]


@admin.register(SteeringGroupMember)
class SteeringGroupMemberAdmin(RecordAdmin):
    list_display = ("person", "group", "role", "starts_on", "ends_on")
    list_filter = ("role",)
    list_select_related = ("person", "group")
    search_fields = ("person__first_name", "person__last_name", "group__name")
    autocomplete_fields = ("group", "person")


# A meeting's and a decision's documents (#12) are projects' records: their admins, in
# governance, gain the inline here, since governance may not import projects.
admin.site.unregister(Meeting)
admin.site.unregister(Decision)


@admin.register(Meeting)
class MeetingWithDocumentsAdmin(MeetingAdmin):
    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return [*inlines, CaseDocumentInline] if obj is not None else inlines


@admin.register(Decision)
class DecisionWithDocumentsAdmin(DecisionAdmin):
    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return [*inlines, CaseDocumentInline] if obj is not None else inlines
