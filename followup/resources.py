"""Spreadsheets of the records (django-import-export): what is exported and what may be imported.

Imports go through the models' own validation (``ValidatedModel.save`` runs ``full_clean``),
so an imported row meets the same rules as one typed into a form. Unknown bodies, places,
projects and programmes are row errors with the value named, never silently dropped.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from governance.models import Body
from partners.models import Place, Relationship
from projects import publishing
from projects.models import FundingCheck, ParticipantCount, Programme, Project

DATE_FORMAT = "%Y-%m-%d"
SEPARATOR = ","


class StrictForeignKeyWidget(widgets.ForeignKeyWidget):
    """A reference by a natural key (slug, short name); an unknown one is a clear row error."""

    def __init__(self, model, field, label):
        super().__init__(model, field)
        self.label = label

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("Unknown %(what)s: “%(value)s”.") % {"what": self.label, "value": value}
            ) from None


class IsoDateWidget(widgets.DateWidget):
    """A YYYY-MM-DD date; a bad one is a row error in the user's language.

    import-export's own message ("Value could not be parsed using defined formats.") has no
    translation; Django's "Enter a valid date." has.
    """

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ValueError:
            raise ValueError(str(forms.DateField.default_error_messages["invalid"])) from None


def _date_widget():
    return IsoDateWidget(format=DATE_FORMAT)


def split_values(value) -> list[str]:
    return [part.strip() for part in str(value or "").split(SEPARATOR) if part.strip()]


class CheckedResource(resources.ModelResource):
    """A resource whose preview checks rows without saving them (#15).

    ``checking_only`` (set by ``spreadsheets.run`` for a preview): each row is built and
    validated (``full_clean``, as ``clean_model_instances`` asks) but neither saved nor linked,
    which made a 1,000-row preview take a minute. Projects, keyed by slug alone, are read in
    one query for the whole file (``CachedInstanceLoader``), not one per row.
    """

    checking_only = False
    #: Called with each row's number once it is checked or imported (followup.jobs), or None.
    progress = None

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if self.progress is not None:
            self.progress(kwargs.get("row_number", 0))

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self.checking_only:
            super().save_instance(instance, is_create, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        if not self.checking_only:
            super().save_m2m(instance, row, **kwargs)


class ProjectResource(CheckedResource):
    """Projects and exchanges; identified by slug, so a second import updates the first."""

    responsible_body = fields.Field(
        attribute="responsible_body",
        column_name="responsible_body",
        widget=StrictForeignKeyWidget(Body, "short_name", gettext_lazy("body")),
    )
    places = fields.Field(
        attribute="places",
        column_name="places",
        widget=widgets.ManyToManyWidget(Place, field="slug", separator=SEPARATOR),
    )
    starts_on = fields.Field(attribute="starts_on", column_name="starts_on", widget=_date_widget())
    ends_on = fields.Field(attribute="ends_on", column_name="ends_on", widget=_date_widget())

    class Meta:
        model = Project
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "title",
            "kind",
            "status",
            "responsible_body",
            "school",
            "places",
            "starts_on",
            "ends_on",
            "own_cost",
            "needs_decision",
            "published",
        ]
        skip_unchanged = False
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader

    required_columns = ("slug", "title", "kind", "responsible_body")
    known_places: frozenset = frozenset()  # read for each file in before_import()

    def get_queryset(self):
        return Project.objects.select_related("responsible_body").prefetch_related("places")

    def before_import(self, dataset, **kwargs):
        """The places the whole file names, read in one query rather than one per row."""
        super().before_import(dataset, **kwargs)
        named = set()
        if "places" in (dataset.headers or []):
            for value in dataset["places"]:
                named.update(split_values(value))
        self.known_places = set(Place.objects.filter(slug__in=named).values_list("slug", flat=True))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """A row that brings work onto the public site meets the rule of publishing from the
        staff pages (#12): approved where it needs a decision, its public text written."""
        errors = dict(import_validation_errors or {})
        if gaps := publishing.entering_publication_gaps(instance):
            errors["published"] = list(gaps)
        return super().validate_instance(instance, errors, validate_unique)

    def before_import_row(self, row, **kwargs):
        """Refuse unknown places here: the many-to-many widget would quietly drop them."""
        wanted = split_values(row.get("places"))
        unknown = [slug for slug in wanted if slug not in self.known_places]
        if unknown:
            raise ValidationError(
                {"places": _("Unknown places: %(slugs)s.") % {"slugs": ", ".join(unknown)}}
            )


class FundingCheckResource(CheckedResource):
    """Funding checks, one per project and programme; ``checked_by`` is whoever imports."""

    project = fields.Field(
        attribute="project",
        column_name="project",
        widget=StrictForeignKeyWidget(Project, "slug", gettext_lazy("project")),
    )
    programme = fields.Field(
        attribute="programme",
        column_name="programme",
        widget=StrictForeignKeyWidget(Programme, "slug", gettext_lazy("programme")),
    )
    checked_on = fields.Field(
        attribute="checked_on", column_name="checked_on", widget=_date_widget()
    )
    deadline = fields.Field(attribute="deadline", column_name="deadline", widget=_date_widget())

    class Meta:
        model = FundingCheck
        import_id_fields = ["project", "programme"]
        fields = [
            "project",
            "programme",
            "checked_on",
            "outcome",
            "amount_applied",
            "amount_granted",
            "currency",
            "exchange_rate",
            "deadline",
            "note",
        ]
        skip_unchanged = False
        clean_model_instances = True

    required_columns = ("project", "programme", "checked_on", "outcome")

    def __init__(self, *, checked_by=None, **kwargs):
        super().__init__(**kwargs)
        self.checked_by = checked_by

    def get_queryset(self):
        return FundingCheck.objects.select_related("project", "programme")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        instance.checked_by = self.checked_by
        super().validate_instance(instance, import_validation_errors, validate_unique)


class RelationshipResource(resources.ModelResource):
    """Relationships, exported only: they change through dated status changes (S2)."""

    place = fields.Field(attribute="place__name", column_name="place")
    country = fields.Field(attribute="place__country", column_name="country")

    class Meta:
        model = Relationship
        fields = [
            "id",
            "place",
            "country",
            "kind",
            "status",
            "started_on",
            "start_precision",
            "start_note",
            "ended_on",
            "channel",
            "channel_organisation",
            "theme",
            "period_ends_on",
            "published",
        ]

    def get_queryset(self):
        return Relationship.objects.select_related("place").order_by("place__name", "kind")


class ParticipantCountResource(resources.ModelResource):
    """Participants by level (S15), exported only. Counts, never names."""

    project = fields.Field(attribute="project__slug", column_name="project")

    class Meta:
        model = ParticipantCount
        fields = ["project", "level", "count", "women", "men"]

    def get_queryset(self):
        return ParticipantCount.objects.select_related("project").order_by("project__slug", "level")


# What can be exported and imported, by the name used in URLs.
EXPORTS = {
    "projects": (ProjectResource, gettext_lazy("Projects and exchanges")),
    "relationships": (RelationshipResource, gettext_lazy("Relationships")),
    "funding-checks": (FundingCheckResource, gettext_lazy("Funding checks")),
    "participants": (ParticipantCountResource, gettext_lazy("Participants by level")),
}
IMPORTS = {
    "projects": (ProjectResource, gettext_lazy("Projects and exchanges")),
    "funding-checks": (FundingCheckResource, gettext_lazy("Funding checks")),
}


def make_resource(key: str, user):
    """The import's resource for the records ``key`` names, as ``user`` imports them."""
    resource_class = IMPORTS[key][0]
    if resource_class is FundingCheckResource:
        return resource_class(checked_by=getattr(user, "person", None))
    return resource_class()


def check_columns(resource, headers) -> str | None:
    """A clear message when the columns are not the ones the import expects, else None."""
    headers = [str(h).strip() for h in headers if h is not None and str(h).strip()]
    expected = list(resource._meta.fields)
    missing = [c for c in resource.required_columns if c not in headers]
    unknown = [h for h in headers if h not in expected]
    if not missing and not unknown:
        return None
    parts = []
    if missing:
        parts.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if unknown:
        parts.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
    return _(
        "The spreadsheet does not have the expected columns (%(problems)s). Expected: %(expected)s."
    ) % {
        "problems": "; ".join(parts),
        "expected": ", ".join(expected),
    }
