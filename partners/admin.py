"""Admin for places abroad, relationships with their status history, agreements and visits.

Relationships, their status changes and agreements are public records: never deleted here.
A relationship's status changes only through ``record_status_change`` (S2).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from modeltranslation.utils import build_localized_fieldname

from governance.access import may_keep_records
from governance.admin import (
    PictureInline,
    PublicRecordMixin,
    RecordAdmin,
    RecordInline,
    TranslatedRecordAdmin,
    TranslatedRecordInline,
    ValidatedModelForm,
)
from governance.uploads import DownloadAdminMixin, attachment, download_url_name
from partners import services
from partners.models import (
    Agreement,
    AgreementDocument,
    Chain,
    ContactAbroad,
    NordicMeeting,
    PeerMunicipality,
    Place,
    PlacePicture,
    Relationship,
    StatusChange,
    Visit,
    VisitParticipant,
)


class StatusChangeForm(ValidatedModelForm):
    """A new status change; its previous status is the relationship's present one (S2)."""

    def clean(self):
        cleaned = super().clean()
        relationship = cleaned.get("relationship")
        if relationship is not None and relationship.pk:
            # What record_status_change will fill in, so that the model's rules see it now.
            self.instance.from_status = relationship.status
        return cleaned


def record_status_change(relationship, data) -> StatusChange:
    """Record a status change from a validated StatusChangeForm's data."""
    # The service's ``reason`` is the default-language text; modeltranslation would store it
    # in the language of the request, so the call runs in the default language.
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    with translation.override(default):
        return services.record_status_change(
            relationship,
            to_status=data["to_status"],
            on=data["changed_on"],
            reason=data[build_localized_fieldname("reason", default)],
            reason_en=data.get("reason_en") or "",
            decision=data.get("decision"),
        )


class StatusChangeInline(PublicRecordMixin, TranslatedRecordInline):
    """The dated status history: earlier rows are read-only, a new row is added (S2)."""

    model = StatusChange
    form = StatusChangeForm
    fields = ("changed_on", "from_status", "to_status", "reason", "decision")
    readonly_fields = ("from_status",)
    autocomplete_fields = ("decision",)
    ordering = ("changed_on", "pk")

    def has_change_permission(self, request, obj=None):
        return False


class AgreementInline(PublicRecordMixin, TranslatedRecordInline):
    model = Agreement
    fields = (
        "title",
        "signed_on",
        "signed_precision",
        "valid_from",
        "valid_until",
        "decision",
        "withdrawn_on",
        "withdrawal_reason",
    )
    autocomplete_fields = ("decision",)
    show_change_link = True
    extra = 0


class PeerMunicipalityInline(RecordInline):
    model = PeerMunicipality
    fields = ("name", "area")
    extra = 0


class VisitParticipantInline(RecordInline):
    model = VisitParticipant
    fields = ("person", "role", "level")
    autocomplete_fields = ("person",)


class PlacePictureInline(PictureInline):
    model = PlacePicture


@admin.register(Place)
class PlaceAdmin(TranslatedRecordAdmin):
    inlines = [PlacePictureInline]
    list_display = ("name", "local_name", "country", "kind", "administered_by", "published")
    list_filter = (("country", CountryFilter), "kind", "published")
    list_select_related = ("administered_by",)
    search_fields = ("name", "local_name", "slug")
    autocomplete_fields = ("administered_by", "successor")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Relationship)
class RelationshipAdmin(PublicRecordMixin, TranslatedRecordAdmin):
    list_display = ("place", "kind", "status", "start_display", "chain", "published")
    list_filter = ("kind", "status", "channel", "chain", "published")
    list_select_related = ("place", "chain")
    search_fields = ("place__name", "place__local_name", "theme_sv", "channel_organisation")
    autocomplete_fields = ("place", "established_by", "ended_by", "chain")

    @admin.display(description=_("started"), ordering="started_on")
    def start_display(self, relationship):
        return relationship.start_display

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Once saved, the status changes only through a dated status change (S2).
        return [*readonly, "status"] if obj is not None else readonly

    def get_inlines(self, request, obj):
        if obj is None:
            return [AgreementInline, PeerMunicipalityInline]
        return [StatusChangeInline, AgreementInline, PeerMunicipalityInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is StatusChange:
            self._record_status_changes(formset)
        else:
            super().save_formset(request, form, formset, change)

    def _record_status_changes(self, formset):
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.extra_forms:
            if row.has_changed():
                change = record_status_change(formset.instance, row.cleaned_data)
                formset.new_objects.append(change)


@admin.register(StatusChange)
class StatusChangeAdmin(PublicRecordMixin, TranslatedRecordAdmin):
    """Status changes are added, never changed (S2); a new one goes through the service."""

    form = StatusChangeForm
    list_display = ("relationship", "changed_on", "from_status", "to_status", "decision")
    list_filter = ("to_status", "from_status")
    list_select_related = ("relationship__place", "decision__body")
    search_fields = ("relationship__place__name", "reason_sv", "reason_en")
    autocomplete_fields = ("relationship", "decision")
    readonly_fields = ("from_status",)
    date_hierarchy = "changed_on"

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        recorded = record_status_change(form.cleaned_data["relationship"], form.cleaned_data)
        # The admin logs and links to ``obj``; make it the record the service created.
        obj.pk, obj.from_status = recorded.pk, recorded.from_status
        obj._state.adding = False


@admin.register(Chain)
class ChainAdmin(TranslatedRecordAdmin):
    list_display = ("name",)
    search_fields = ("name_sv", "name_en")


@admin.register(NordicMeeting)
class NordicMeetingAdmin(RecordAdmin):
    list_display = ("__str__", "year", "host", "starts_on", "ends_on")
    list_filter = ("chain",)
    list_select_related = ("chain", "host")
    search_fields = ("chain__name_sv", "host__name", "notes")
    autocomplete_fields = ("chain", "host")


class InForceFilter(admin.SimpleListFilter):
    title = _("withdrawn")
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return [("no", _("in force or expired")), ("yes", _("withdrawn"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(withdrawn_on__isnull=self.value() == "no")
        return queryset


@admin.register(Agreement)
class AgreementAdmin(DownloadAdminMixin, PublicRecordMixin, TranslatedRecordAdmin):
    """Agreements are withdrawn with a date and a reason, never deleted (S4). Their document,
    internal or not, opens through the coordinator's protected download."""

    list_display = ("title", "relationship", "signed_display", "valid_until", "withdrawn_on")
    list_filter = (InForceFilter, "document_is_internal")
    list_select_related = ("relationship__place",)
    search_fields = ("title_sv", "title_en", "relationship__place__name")
    autocomplete_fields = ("relationship", "decision")

    readonly_fields = ("document_versions",)

    def get_urls(self):
        view = self.admin_site.admin_view(self.version_download_view)
        route = "<path:object_id>/versions/<int:version>/download/"
        name = download_url_name(AgreementDocument)
        return [path(route, view, name=name), *super().get_urls()]

    def version_download_view(self, request, object_id, version):
        """One version of the agreement's document, internal or not: the coordinator's."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not may_keep_records(request.user):
            raise PermissionDenied
        agreement = self.get_object(request, unquote(object_id))
        if agreement is None or not self.has_view_permission(request, agreement):
            raise Http404
        found = agreement.document_versions.filter(pk=version).first()
        if found is None:
            raise Http404
        return attachment(found.file)

    @admin.display(description=_("signed"), ordering="signed_on")
    def signed_display(self, agreement):
        return agreement.signed_display

    @admin.display(description=_("versions of the document"))
    def document_versions(self, agreement):
        """Every file the agreement has had, oldest first, and when each was in force (#11).
        Uploading a new document adds a version; none is removed or replaced."""
        if agreement is None or agreement.pk is None:
            return _("Each uploaded document is kept as a version.")
        periods = agreement.document_periods
        if not periods:
            return _("No document yet.")
        url = f"admin:{download_url_name(AgreementDocument)}"  # a version's, under its agreement
        rows = format_html_join(
            "",
            "<tr><td><a href='{}'>{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    reverse(url, args=[quote(agreement.pk), version.pk]),
                    version.file.name,
                    version.in_force_from.isoformat(),
                    replaced_on.isoformat() if replaced_on else _("in force"),
                    version.uploaded_by or "",
                    version.note,
                )
                for version, replaced_on in periods
            ),
        )
        return format_html(
            "<table id='document-versions'><thead><tr><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("file"),
            _("in force from"),
            _("replaced on"),
            _("uploaded by"),
            _("note"),
            rows,
        )


@admin.register(ContactAbroad)
class ContactAbroadAdmin(RecordAdmin):
    list_display = ("name", "organisation", "place", "role", "email", "remove_after")
    list_filter = ("place",)
    list_select_related = ("place",)
    search_fields = ("name", "organisation", "email")
    autocomplete_fields = ("place",)


class WithoutChairFilter(admin.SimpleListFilter):
    title = _("twin-town visit without the chair (S14)")
    parameter_name = "without_chair"

    def lookups(self, request, model_admin):
        return [("yes", _("yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.without_chair_on_twin_town()
        return queryset


@admin.register(Visit)
class VisitAdmin(RecordAdmin):
    """Visits and delegations; a twin-town visit without the chair of KF or KS is flagged."""

    list_display = ("place", "starts_on", "direction", "relationship", "chair_present")
    list_filter = (WithoutChairFilter, "direction", "is_example")
    list_select_related = ("place", "relationship__place")
    search_fields = ("place__name", "purpose")
    autocomplete_fields = ("place", "relationship", "nordic_meeting")
    date_hierarchy = "starts_on"
    inlines = [VisitParticipantInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_chair_flag()

    @admin.display(description=_("Chair along"), boolean=True, ordering="has_chair")
    def chair_present(self, visit):
        """S14: shown for twin-town visits only, where the chair of KF or KS should go."""
        return visit.has_chair if visit.is_twin_town_visit else None
