"""Admin for who decides, and the base that every app's admin builds on.

Every ModelAdmin of the project derives from ``RecordAdmin`` (django-simple-history's
``SimpleHistoryAdmin``: who changed what and when) and, where a model has texts in Swedish
and English, also from modeltranslation's ``TranslationAdmin``. Its forms refuse what the
model's ``save()`` would refuse, as form errors (``ValidatedModelForm``).
"""

import string

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import models
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
)
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin

from governance import access, amounts, compiled, services
from governance.models import (
    DECISION_FILLED_ONCE,
    DECISION_FROZEN_FIELDS,
    Body,
    CorrectableField,
    Decision,
    DecisionCorrection,
    Meeting,
    Membership,
    Person,
    PublicContact,
)
from governance.pictures import PictureWidget
from governance.records import NOT_DELETABLE, PublicRecordDeleteError


def refusal_text(error) -> str:
    """The text of a ValidationError or PermissionDenied, for a message to the user."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class ErrorPlacementMixin:
    """Show an error on a field the form lacks where the user can see it.

    A model's ``clean()`` or a service may name a field that the form does not show: the
    original column of a translated field (``title`` for ``title_sv``), or a read-only field.
    Django would raise ValueError; here the error goes to the field's default-language
    translation, or to the top of the form with the field's name in front.
    """

    error_fields: dict[str, str] = {}  # model field name -> form field name, where they differ
    label_model = None  # the model whose verbose names label the moved errors

    def add_error(self, field, error):
        if field is None:
            error = error if isinstance(error, ValidationError) else ValidationError(error)
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    super().add_error(*self._placed(name, errors))
                return
        super().add_error(field, error)

    def _placed(self, name, errors):
        name = self.error_fields.get(name, name)
        if name == NON_FIELD_ERRORS or name in self.fields:
            return name, errors
        translated = build_localized_fieldname(name, mt_settings.DEFAULT_LANGUAGE)
        if translated in self.fields:
            return translated, errors
        label = self._label(name)
        return None, [f"{label}: {message}" for message in ValidationError(errors).messages]

    def _label(self, name):
        model = self.label_model or getattr(getattr(self, "_meta", None), "model", None)
        try:
            return capfirst(model._meta.get_field(name).verbose_name)
        except (AttributeError, FieldDoesNotExist):
            return name


class TolerantAutocompleteMixin:
    """An autocomplete widget that shows a refused form again whatever id was posted.

    Django's widget looks the posted values up to render them again; a value that is no key
    of the related table ("abc", "1.5", 2**70) raised ValueError or OverflowError there: a 500
    instead of the field's "Select a valid choice". Such a value is shown as no choice; the
    field's error says why.
    """

    def optgroups(self, name, value, attr=None):
        try:
            return super().optgroups(name, value, attr)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return super().optgroups(name, [], attr)


class TolerantAutocompleteSelect(TolerantAutocompleteMixin, AutocompleteSelect):
    pass


class TolerantAutocompleteSelectMultiple(TolerantAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class TolerantAutocompleteAdminMixin:
    """Admins and inlines whose autocomplete fields use the tolerant widgets above, and whose
    date-and-time fields name their two inputs."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, forms.SplitDateTimeWidget):
            # The field's label names no input of the two (a multi-widget has no id for it);
            # each gets its own name, "starts, date" (#12, WCAG 2.1 1.3.1 and 4.1.2).
            name = capfirst(db_field.verbose_name)
            for part, what in zip(widget.widgets, (_("date"), _("time")), strict=True):
                part.attrs = {**part.attrs, "aria-label": f"{name}, {what}"}
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            using = kwargs.get("using")
            kwargs["widget"] = TolerantAutocompleteSelect(db_field, self.admin_site, using=using)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TolerantAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def amount_column(model, name, currency_field=None):
    """A list column or read-only field showing the amount ``name`` as every page shows one:
    digits grouped, unit after ("12 500 kr", ``governance.amounts``, #12). Django's admin would
    show "12500,00"."""

    def column(obj):
        currency = getattr(obj, currency_field) if currency_field else amounts.KRONOR
        return amounts.amount(getattr(obj, name), currency)

    column.__name__ = f"{name}_amount"
    label = capfirst(model._meta.get_field(name).verbose_name)
    return admin.display(description=label, ordering=name)(column)


class ValidatedModelForm(ErrorPlacementMixin, forms.ModelForm):
    """A model form that refuses, as form errors, whatever the model's save() would refuse.

    ``ValidatedModel.save()`` validates every field; a plain ModelForm skips the rules on
    fields it does not show (read-only fields, original columns of translated fields), which
    would turn such a refusal into a server error at save time.
    """

    def _post_clean(self):
        super()._post_clean()
        if not self._errors:
            self._validate_as_save_will()

    def _validate_as_save_will(self):
        # The parent of an inline row may not exist yet; the formset fills it in on save.
        parent_keys = {n for n, f in self.fields.items() if isinstance(f, InlineForeignKeyField)}
        try:
            self.instance.full_clean(exclude=parent_keys)
        except ValidationError as error:
            self._update_errors(error)


# Marks in an address for the values of a link: letters and digits, which ``urlencode`` keeps
# as they are, as it keeps the values put in their place.
_MARKS = ("zq86420975a", "zq86420975b", "zq86420975c")
_KEPT_BY_URLENCODE = frozenset(string.ascii_letters + string.digits + "_.-~")


class QueryStrings:
    """A change list's ``get_query_string``, each set of keys' address worked out once and
    each link's values put into it: the list's filters were copied, sorted and encoded again
    for each of its links (some 100 on the project list: the years, the filters' choices, the
    pages, the columns' sorting), a twentieth of its time (#15). A value that ``urlencode``
    would change (or that holds a mark) is left to Django."""

    def __init__(self, get_query_string):
        self._get = get_query_string
        self._addresses = {}

    def get(self, new_params=None, remove=None):
        new_params, remove = new_params or {}, remove or []
        values = [_kept_as_is(value) for value in new_params.values()]
        if len(values) > len(_MARKS) or None in values:
            return self._get(new_params, remove)
        key = (tuple(new_params), tuple(remove))
        address = self._addresses.get(key)
        if address is None:
            marks = _MARKS[: len(values)]
            address = self._get(dict(zip(new_params, marks, strict=False)), remove)
            # A mark found twice (in a filter's own value) would put the value there too.
            if not all(address.count(mark) == 1 for mark in marks):
                address = False
            self._addresses[key] = address
        if address is False:
            return self._get(new_params, remove)
        for mark, value in zip(_MARKS, values, strict=False):
            address = address.replace(mark, value)
        return address


def _kept_as_is(value):
    """``value`` as text when ``urlencode`` writes it unchanged, else None."""
    if type(value) is int:
        value = str(value)
    if type(value) is not str or "zq86420975" in value:
        return None
    return value if all(char in _KEPT_BY_URLENCODE for char in value) else None


class RelatedChoicesFilter(admin.RelatedFieldListFilter):
    """Django's filter by a related record, its choices' query built and compiled once per
    process (``governance.compiled``): the same statement every time for the same ordering
    and language, read afresh on every request (#15). A field with ``limit_choices_to``, or
    an ordering that is not field names, is left to Django."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        if field.get_limit_choices_to() or not all(isinstance(name, str) for name in ordering):
            return super().field_choices(field, request, model_admin)
        related = compiled.rows(
            "related-filter-choices",
            _related_choices,
            field.model._meta.label,
            field.name,
            tuple(ordering),
        )
        key = field.remote_field.get_related_field().attname
        return [(getattr(record, key), str(record)) for record in related]


def _related_choices(model_label, field_name, ordering):
    """``Field.get_choices``'s query: the related model's records in ``ordering``."""
    field = apps.get_model(model_label)._meta.get_field(field_name)
    records = field.remote_field.model._default_manager.all()
    return records.order_by(*ordering) if ordering else records


class BoundedChangeList(ChangeList):
    """A changelist whose numbers in the address cannot make a server error (issue #15).

    Django turns a year it cannot make a date of into its "invalid lookup" answer (the list
    again, with ``?e=1``) only when ``datetime`` raises ValueError; a 20-digit year raises
    OverflowError, and a date lookup's year may fail only when the query is run. Both now get
    the admin's normal answer to a bad filter.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            super().get_results(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_query_string(self, new_params=None, remove=None):
        """Django's, its addresses worked out once per set of keys (``QueryStrings``, #15)."""
        strings = self.__dict__.get("_query_strings")
        if strings is None:
            strings = self._query_strings = QueryStrings(super().get_query_string)
        return strings.get(new_params, remove)


class BoundedChangeListMixin:
    """A ModelAdmin whose changelist is the ``BoundedChangeList`` (issue #15)."""

    def get_changelist(self, request, **kwargs):
        return BoundedChangeList


class RecordAdmin(BoundedChangeListMixin, TolerantAutocompleteAdminMixin, SimpleHistoryAdmin):
    """The base of every ModelAdmin: history of each change, rules shown as form errors."""

    form = ValidatedModelForm
    list_per_page = 50
    # A web address typed without its scheme is taken as https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def revert_disabled(self, request, obj=None):
        # Reverting to an old version would skip the services: a decision could be undone.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # A service refused a step after the forms had validated. The admin's transaction
            # has rolled back, so nothing is saved; say why and show the page again.
            self.message_user(request, refusal_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def apply_to_each(self, request, queryset, step, done_message):
        """Run a service ``step`` on each selected record; report refusals, never a 500."""
        done = 0
        for record in queryset:
            try:
                step(record)
            except (ValidationError, PermissionDenied) as error:
                message = f"{record}: {refusal_text(error)}"
                self.message_user(request, message, messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)


class TranslatedRecordAdmin(RecordAdmin, TranslationAdmin):
    """A RecordAdmin for a model with texts in Swedish and English."""


class PublicRecordMixin:
    """Public records (allmänna handlingar) are never deleted: they end or are withdrawn.

    The admin offers no delete: no button, no "delete selected", and the delete page answers
    403. A "delete selected" posted all the same is refused with the reason, not ignored.
    """

    def has_delete_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        raise PublicRecordDeleteError(NOT_DELETABLE % {"record": self.opts.verbose_name})

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") == "delete_selected":
            refusal = NOT_DELETABLE % {"record": capfirst(self.opts.verbose_name)}
            self.message_user(request, refusal, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)


class DeletionRuleMixin:
    """Records that may be deleted in some states only (a draft, never a decided application).

    ``deletion_refusal(obj)`` says why ``obj`` may not be deleted (None: it may). The admin
    then offers no delete for it; its delete page says why and deletes nothing; "delete
    selected" refuses the whole selection, with the reason, when any row may not go. The
    model and its queryset refuse too, so no path around the admin deletes it either.
    """

    def deletion_refusal(self, obj):
        return None

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.deletion_refusal(obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        refusal = None if obj is None else self.deletion_refusal(obj)
        if refusal is not None and super().has_delete_permission(request, obj):
            self.message_user(request, refusal, messages.ERROR)
            opts = self.opts
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            return HttpResponseRedirect(url)
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, description = actions["delete_selected"]
            actions[name] = (self._refusing(func), name, description)
        return actions

    @staticmethod
    def _refusing(delete_selected):
        def action(modeladmin, request, queryset):
            refusals = dict.fromkeys(
                refusal for refusal in map(modeladmin.deletion_refusal, queryset) if refusal
            )
            if refusals:
                for refusal in refusals:
                    modeladmin.message_user(request, refusal, messages.ERROR)
                return None  # back to the list, nothing deleted
            return delete_selected(modeladmin, request, queryset)

        return action


#: The most rows one save of a record's page adds to those it has (#15). Django builds as many
#: rows as the form says it holds, up to 2,000, each with its fields and languages: a form sent
#: with a larger row count (by hand, or by a fault) kept a worker for seconds rendering them
#: all again. Far above what anyone types in one save; the page says the bound when it is met.
NEW_ROWS_AT_MOST = 50


class BoundedInlineFormSet(BaseInlineFormSet):
    """The rows of a record's page: those it has and at most ``NEW_ROWS_AT_MOST`` more.

    A larger row count is refused with Django's own message ("Skicka som mest 53 formulär.")
    before more rows are built, and nothing is saved. The rows the record has are counted only
    when they are read anyway (the page shown) or when the count sent is above the bound."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.management_form.cleaned_data[TOTAL_FORM_COUNT] <= (
            NEW_ROWS_AT_MOST
        ):
            return
        rows = len(self.get_queryset()) + NEW_ROWS_AT_MOST
        self.max_num = min(self.max_num, rows)
        self.absolute_max = min(self.absolute_max, rows)


class RecordInline(TolerantAutocompleteAdminMixin, admin.StackedInline):
    """Rows of a record on its parent's page, stacked (#12): each field has its label (WCAG
    2.1 AA; a table's column header labels no input) and no page is wider than the screen,
    however many fields or languages a row has."""

    form = ValidatedModelForm
    formset = BoundedInlineFormSet
    extra = 1


class TranslatedRecordInline(TolerantAutocompleteAdminMixin, TranslationStackedInline):
    form = ValidatedModelForm
    formset = BoundedInlineFormSet
    extra = 1


class PictureInline(TranslationStackedInline):
    """A place's or a project's pictures (#14, governance.pictures): uploaded with their alt
    text and rights holder, shown once stored (the file is not replaced), public only when
    the coordinator confirms consent."""

    form = ValidatedModelForm
    formset = BoundedInlineFormSet
    fields = ("image", "alt", "caption", "rights_holder", "public", "order")
    formfield_overrides = {models.FileField: {"widget": PictureWidget}}
    extra = 0


class DecisionCorrectionForm(ErrorPlacementMixin, forms.Form):
    """A correction (rättelse) of a recorded decision, as ``services.correct_decision`` takes
    it: the admin's "Correct" page uses it."""

    label_model = DecisionCorrection

    field = forms.ChoiceField(
        label=capfirst(_("corrected field")), choices=CorrectableField.choices
    )
    corrected = forms.CharField(
        label=capfirst(_("corrected value")),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("A date as YYYY-MM-DD, a paragraph as a number."),
        max_length=DecisionCorrection._meta.get_field("corrected").max_length,
    )
    reason = forms.CharField(
        label=capfirst(_("reason")),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DecisionCorrection._meta.get_field("reason").max_length,
    )


class DecisionAdminForm(ValidatedModelForm):
    """A decision added in the admin: recorded only by a member or the secretary of its body
    in office on the meeting date (S8, #11). ``recording_user`` is set per request."""

    recording_user = None

    def _post_clean(self):
        super()._post_clean()
        if self._errors or self.instance.pk is not None or self.recording_user is None:
            return
        decision = self.instance  # its body and date are the meeting's, once clean() ran
        body, day = (decision.body if decision.body_id else None), decision.meeting_date
        if (
            body is not None
            and day
            and not access.may_record_decision(self.recording_user, body, day)
        ):
            self.add_error(None, access.decision_refusal(body, day))


class DecisionAuthorityMixin:
    """Admins and inlines whose new decisions are asked who records them (#11)."""

    def _with_recording_user(self, form, request):
        return type(form.__name__, (form,), {"recording_user": request.user})

    def get_form(self, request, obj=None, **kwargs):
        return self._with_recording_user(super().get_form(request, obj, **kwargs), request)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = self._with_recording_user(formset.form, request)
        return formset


class DecisionInline(DecisionAuthorityMixin, PublicRecordMixin, TranslatedRecordInline):
    """A meeting's decisions; their body and date come from the meeting. A recorded one is
    changed only by filling in its justering date once (#11)."""

    model = Decision
    form = DecisionAdminForm
    fk_name = "meeting"
    fields = ("paragraph", "title", "case_number", "outcome", "minutes_approved_on")
    ordering = ("paragraph",)
    show_change_link = True


@admin.register(Body)
class BodyAdmin(TranslatedRecordAdmin):
    list_display = ("name", "short_name", "kind", "parent", "active_from", "active_to")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name_sv", "name_en", "short_name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("short_name",)}


@admin.register(PublicContact)
class PublicContactAdmin(TranslatedRecordAdmin):
    list_display = ("function", "email", "phone", "body", "order")
    list_select_related = ("body",)
    autocomplete_fields = ("body",)
    prepopulated_fields = {"key": ("function_sv",)}


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ("last_name", "first_name", "email", "user", "is_example")
    list_filter = ("is_example",)
    list_select_related = ("user",)
    search_fields = ("first_name", "last_name", "email")
    autocomplete_fields = ("user",)
    # The register extract is an action of municipality/admin.py, which re-registers Person.


@admin.register(Membership)
class MembershipAdmin(PublicRecordMixin, RecordAdmin):
    list_display = ("person", "body", "role", "starts_on", "ends_on", "represents")
    list_filter = ("body", "role")
    list_select_related = ("person", "body", "represents")
    search_fields = ("person__first_name", "person__last_name", "body__short_name")
    autocomplete_fields = ("person", "body", "represents")
    date_hierarchy = "starts_on"


@admin.register(Meeting)
class MeetingAdmin(PublicRecordMixin, RecordAdmin):
    list_display = ("__str__", "starts_at", "ends_at", "location", "is_public", "is_example")
    list_filter = ("body", "is_public", "is_example")
    list_select_related = ("body",)
    search_fields = ("body__short_name", "location", "agenda")
    autocomplete_fields = ("body", "attendees")
    date_hierarchy = "starts_at"

    def get_inlines(self, request, obj):
        # A decision takes its body and date from the meeting, so the meeting is saved first.
        return [DecisionInline] if obj is not None else []


@admin.register(Decision)
class DecisionAdmin(DecisionAuthorityMixin, PublicRecordMixin, TranslatedRecordAdmin):
    """Decisions: added by a member or the secretary of the body (#11); once recorded, only
    the justering and anslag dates, the revoking decision and the English title are filled
    in, once each. An error is put right on the "Correct" page (rättelse)."""

    form = DecisionAdminForm
    list_display = ("citation", "title", "outcome", "case_number", "notice_posted_on")
    list_filter = ("body", "outcome")
    list_select_related = ("body",)
    search_fields = ("title_sv", "title_en", "case_number", "body__short_name")
    autocomplete_fields = ("body", "meeting", "revoked_by")
    readonly_fields = ("appeal_deadline",)
    date_hierarchy = "meeting_date"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        kept = [*DECISION_FROZEN_FIELDS, "corrections"]
        for name in DECISION_FILLED_ONCE:
            if getattr(obj, Decision._meta.get_field(name).attname) not in (None, ""):
                kept.append(name)
        return [*fields, *(name for name in kept if name not in fields)]

    def get_urls(self):
        view = self.admin_site.admin_view(self.correct_view)
        name = "governance_decision_correct"
        return [path("<path:object_id>/correct/", view, name=name), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        decision = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if decision is not None and access.may_correct_decision(request.user, decision):
            url = reverse("admin:governance_decision_correct", args=[decision.pk])
            context["correct_url"] = url
        return super().change_view(request, object_id, form_url, context)

    def correct_view(self, request, object_id):
        """Put right an error in the decision (rättelse): the secretary of its body or the
        coordinator, with the reason (#11)."""
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        decision = self.get_object(request, unquote(object_id))
        if decision is None:
            raise Http404
        form = DecisionCorrectionForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                services.correct_decision(decision, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, _("The correction is recorded."), messages.SUCCESS)
                url = reverse("admin:governance_decision_change", args=[decision.pk])
                return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Correct the decision"),
            "subtitle": str(decision),
            "opts": self.opts,
            "original": decision,
            "form": form,
        }
        return TemplateResponse(request, "admin/governance/decision/correct.html", context)

    @admin.display(description=_("decision"), ordering="meeting_date")
    def citation(self, decision):
        return decision.citation

    @admin.display(description=_("Corrections"))
    def corrections(self, decision):
        """The decision's corrections as made (rättelser); made on the "Correct" page."""
        rows = [
            _("%(day)s: %(field)s was “%(original)s”, now “%(corrected)s”. Reason: %(reason)s")
            % {
                "day": c.made_on.isoformat(),
                "field": c.get_field_display(),
                "original": c.original,
                "corrected": c.corrected,
                "reason": c.reason,
            }
            for c in decision.corrections.order_by("made_on", "pk")
        ]
        return format_html_join("\n", "<p>{}</p>", ((row,) for row in rows)) or "–"

    @admin.display(description=_("last day of appeal"))
    def appeal_deadline(self, decision):
        return decision.appeal_deadline
