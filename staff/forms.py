"""Forms of the staff pages. Rules live in the models and services; forms only parse input."""

import datetime
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.forms import formset_factory, inlineformset_factory
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from governance import term_registration, terms
from governance.amounts import AmountInput
from governance.models import (
    NETWORK_KINDS,
    UNNAMED_LEVELS,
    WORKPLACE_KINDS,
    Body,
    BodyKind,
    Meeting,
    ParticipantLevel,
    Person,
    Role,
)
from governance.uploads import SpreadsheetValidator
from partners.models import Place, Relationship, Visit, VisitParticipant
from projects import predicates, queries
from projects.models import (
    Application,
    ApplicationKind,
    CaseDocument,
    DocumentKind,
    FundingCheck,
    FundingOutcome,
    ParticipantCount,
    Project,
    ProjectCost,
    ProjectPicture,
    ProjectStatus,
    TextProposal,
    application_kind_for,
)
from projects.models.document import kinds_for
from projects.models.project import COUNT_NOT_NEGATIVE

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NOT_A_DATETIME = _("Enter the day and time, for example 2026-04-15 18:00.")

# A contributor plans work; approval comes only from a decision (S8), which sets it.
UNDECIDED_STATUSES = predicates.UNDECIDED_STATUSES


def deciding_bodies():
    return Body.objects.deciding().active_on(timezone.localdate()).order_by("kind", "name")


# The fields each kind of application asks (#12). Work on a project asks only what the
# project does not say: its cost, period and objectives are read from the project
# (``services.applications.save_draft``), its kind follows the project's kind and its body is
# the project's responsible body. A new twin town concerns a place, so it asks for the place,
# why not a partnership, its cost and objectives.
PROJECT_APPLICATION_FIELDS = ("project", "title", "summary")
TWIN_TOWN_APPLICATION_FIELDS = (
    "kind",
    "title",
    "summary",
    "proposed_place",
    "why_not_partnership",
    "addressed_to",
    "cost",
    "objectives",
)


def application_mode(kind) -> str:
    """Which fields the form shows: ``twin_town`` for a new twin town, else ``project``."""
    return "twin_town" if kind == ApplicationKind.TWIN_TOWN else "project"


class ApplicationForm(forms.ModelForm):
    """A draft application: what is proposed and why; fields by kind (#12)."""

    class Meta:
        model = Application
        fields = list(TWIN_TOWN_APPLICATION_FIELDS) + ["project"]
        widgets = {
            "kind": forms.HiddenInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "why_not_partnership": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "project": _(
                "The project or exchange: the application takes its kind, cost, period and "
                "objectives, and goes to its responsible body (S8, S12)."
            ),
            "addressed_to": _("A new twin town is decided by the municipal council (KF, S7)."),
        }

    def __init__(self, *args, rights, mode="project", **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode
        keep = TWIN_TOWN_APPLICATION_FIELDS if mode == "twin_town" else PROJECT_APPLICATION_FIELDS
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if mode == "twin_town":
            self.fields["kind"].initial = ApplicationKind.TWIN_TOWN
            self.fields["addressed_to"].queryset = deciding_bodies()
            # The council decides a new twin town; left empty, the form names it.
            self.fields["addressed_to"].required = False
            self.fields["proposed_place"].queryset = Place.objects.order_by("name")
            self.fields["proposed_place"].required = True
        else:
            self.fields["project"].required = True
            self.fields["project"].queryset = (
                queries.projects_of(rights).select_related("responsible_body").order_by("title")
            )

    def clean_kind(self):
        # Only a new twin town posts its kind; the project's kind decides the others.
        return ApplicationKind.TWIN_TOWN

    def clean(self):
        cleaned = super().clean()
        project = cleaned.get("project")
        if self.mode == "project" and project is not None:
            self.instance.kind = application_kind_for(project)
            self.instance.addressed_to = project.responsible_body
        elif self.mode == "twin_town" and not cleaned.get("addressed_to"):
            council = deciding_bodies().filter(kind=BodyKind.COUNCIL).first()
            cleaned["addressed_to"] = council
            self.instance.addressed_to = council
        return cleaned


class ProjectForm(forms.ModelForm):
    """A project or exchange of the user's body (S5, S11, S12, S16). Publishing is the
    coordinator's, in the admin."""

    class Meta:
        model = Project
        fields = [
            "title",
            "summary",
            "kind",
            "status",
            "responsible_body",
            "unit",
            "cooperating_bodies",
            "school",
            "places",
            "starts_on",
            "ends_on",
            "youngest_age",
            "oldest_age",
            "own_cost",
            "needs_decision",
            "objectives",
            "internal_notes",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "objectives": forms.CheckboxSelectMultiple,
            "cooperating_bodies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, rights, **kwargs):
        super().__init__(*args, **kwargs)
        self.rights = rights
        if rights.is_coordinator:
            bodies = deciding_bodies()
        else:
            bodies = Body.objects.filter(pk__in=[b.pk for b in rights.work_bodies])
        self.fields["responsible_body"].queryset = bodies
        self.fields["unit"].queryset = workplaces_of(rights)
        self.fields["cooperating_bodies"].queryset = deciding_bodies()
        self.fields["places"].queryset = Place.objects.order_by("name")
        if self.instance.status not in UNDECIDED_STATUSES:
            self.fields["status"].disabled = True
        elif self.instance.pk is None:
            self.fields["status"].choices = [
                c for c in ProjectStatus.choices if c[0] in UNDECIDED_STATUSES
            ]
        else:
            # A stored project keeps its status or takes a move the rules allow (#12); the
            # project page's buttons make the moves beyond planning.
            allowed = {self.instance.status, *predicates.PROJECT_MOVES[self.instance.status]}
            self.fields["status"].choices = [
                c for c in ProjectStatus.choices if c[0] in UNDECIDED_STATUSES and c[0] in allowed
            ]

    def _post_clean(self):
        super()._post_clean()
        # A contributor saves only work they may edit afterwards: their own unit's (#11).
        if not self.errors and not self.rights.may_edit_project(self.instance):
            self.add_error(
                "unit",
                _("Choose your own unit: you may save only the work of the unit you work at."),
            )

    def save(self, commit=True):
        if self.instance.slug or not commit:
            self.instance.slug = self.instance.slug or _unique_slug(self.instance.title)
            return super().save(commit)
        # Two people may create projects with the same title at once: the slug that was free
        # when one looked can be taken when it writes; it then takes the next free one.
        for attempt in range(SLUG_ATTEMPTS):
            self.instance.slug = _unique_slug(self.instance.title)
            try:
                with transaction.atomic():
                    return super().save(commit)
            except (IntegrityError, ValidationError):
                taken = Project.objects.filter(slug=self.instance.slug).exists()
                if not taken or attempt + 1 == SLUG_ATTEMPTS:
                    raise


SLUG_ATTEMPTS = 5


# --- A project's participants by level and its costs (#12, S12, S15) ------------------------


# Rows of a table: inputs as wide as their column, so the table fits the page (#12).
NUMBER_WIDGET = forms.NumberInput(attrs={"class": "form-control form-control-sm"})


class ParticipantCountForm(forms.ModelForm):
    """How many took part at one level; pupils are counted, never named (S15)."""

    class Meta:
        model = ParticipantCount
        fields = ["level", "count", "women", "men"]
        widgets = {
            "level": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "count": NUMBER_WIDGET,
            "women": NUMBER_WIDGET,
            "men": NUMBER_WIDGET,
        }
        # The model's words for a count below zero, also where the form checks it first.
        error_messages = {
            name: {"min_value": COUNT_NOT_NEGATIVE} for name in ("count", "women", "men")
        }


class ProjectCostForm(forms.ModelForm):
    """A cost borne by one of the project's bodies in one year (S12)."""

    class Meta:
        model = ProjectCost
        fields = ["body", "year", "amount", "description"]
        widgets = {
            "body": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "year": NUMBER_WIDGET,
            # Grouped as the pages show it, "12 500" (governance.amounts, #12).
            "amount": AmountInput(attrs={"class": "form-control form-control-sm"}),
            "description": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        }

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if bodies is not None:
            field = self.fields["body"]
            field.queryset = Body.objects.filter(pk__in=[b.pk for b in bodies])
            # The choices from the bodies read once, not a query per row's select.
            field.choices = [("", field.empty_label), *((b.pk, b.name) for b in bodies)]


class BaseParticipantCountFormSet(forms.BaseInlineFormSet):
    def clean(self):
        levels = [
            form.cleaned_data.get("level")
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        if len(levels) != len(set(levels)):
            raise ValidationError(_("Give each level once: one row per level."))
        super().clean()


class BaseProjectCostFormSet(forms.BaseInlineFormSet):
    """The bodies that may bear a cost (the responsible body and the cooperating ones) are
    read once for all rows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        self.bodies = [project.responsible_body, *project.cooperating_bodies.all()]

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "bodies": self.bodies}


# The most rows a page's table takes (#15). Django builds as many rows as the form says it
# holds, up to 2,000, each with its selects: a form sent with a larger row count (by hand, or
# by a fault) is refused with Django's own message ("Skicka som mest 50 formulär.") before
# any row is built, and nothing is saved. Each bound is far above what the work needs.
STEERING_GROUP_MEMBERS_AT_MOST = 50
COST_ROWS_AT_MOST = 200
VISIT_PARTICIPANTS_AT_MOST = 200
TERM_MEMBERSHIPS_AT_MOST = 200


def _at_most(rows: int) -> dict:
    """A formset's bound: at most ``rows`` rows shown, built and accepted."""
    return {"max_num": rows, "absolute_max": rows, "validate_max": True}


ParticipantCountFormSet = forms.inlineformset_factory(
    Project,
    ParticipantCount,
    form=ParticipantCountForm,
    formset=BaseParticipantCountFormSet,
    extra=2,
    can_delete=True,
    # One count per level (the model's rule): never more rows than levels.
    **_at_most(len(ParticipantLevel.choices)),
)
ProjectCostFormSet = forms.inlineformset_factory(
    Project,
    ProjectCost,
    form=ProjectCostForm,
    formset=BaseProjectCostFormSet,
    extra=2,
    can_delete=True,
    **_at_most(COST_ROWS_AT_MOST),
)


def workplaces_of(rights):
    """The units (schools) and administrations whose work the user may save (#11)."""
    workplaces = Body.objects.filter(kind__in=WORKPLACE_KINDS)
    if not rights.is_coordinator:
        scope = rights.work_scope
        workplaces = workplaces.filter(
            Q(pk__in=scope.units | scope.administrations)
            | Q(parent__in=scope.administrations | scope.bodies)
            | Q(parent__parent__in=scope.bodies)
        )
    return workplaces.select_related("parent").order_by("kind", "name")


def _unique_slug(title: str) -> str:
    base = slugify(title)[:90] or "projekt"
    slug, n = base, 1
    while Project.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class FundingCheckForm(forms.ModelForm):
    """One funding source looked at for the project (S6)."""

    class Meta:
        model = FundingCheck
        fields = [
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
        widgets = {
            "checked_on": DATE_WIDGET,
            "deadline": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class ProgrammeOutcomeForm(forms.Form):
    """What came of one programme that may fit the project (S6, #13); left empty, not yet.

    "Not applicable" and "not eligible" need the reason in the note; the model says so
    (``FundingCheck.clean``), so the form only carries the row to it.
    """

    outcome = forms.ChoiceField(required=False)
    note = forms.CharField(
        required=False,
        max_length=FundingCheck._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, suggestion, project, **kwargs):
        self.suggestion, self.project = suggestion, project
        programme = suggestion.programme
        super().__init__(*args, prefix=f"programme-{programme.pk}", **kwargs)
        self.fields["outcome"].choices = [("", _("not yet recorded")), *FundingOutcome.choices]
        self.fields["outcome"].label = _("Outcome for %(programme)s") % {"programme": programme}
        self.fields["note"].label = _("Note, or why it is not relevant")
        check = suggestion.existing_check
        if check is not None:
            self.initial = {"outcome": check.outcome, "note": check.note}

    def check_to_save(self, *, checked_by, today):
        """The programme's check with the outcome entered, or None when nothing changed."""
        outcome = self.cleaned_data.get("outcome")
        note = self.cleaned_data.get("note", "")
        check = self.suggestion.existing_check
        if not outcome:
            return None
        if check is None:
            return FundingCheck(
                project=self.project,
                programme=self.suggestion.programme,
                checked_on=today,
                checked_by=checked_by,
                outcome=outcome,
                note=note,
            )
        if (check.outcome, check.note) == (outcome, note):
            return None
        check.outcome, check.note = outcome, note
        check.checked_on, check.checked_by = today, checked_by
        return check


class ConsultationForm(forms.Form):
    """The international network's view, given at one of its meetings (S9)."""

    meeting = forms.ModelChoiceField(
        label=_("Network meeting"),
        queryset=Meeting.objects.filter(body__kind__in=NETWORK_KINDS).select_related("body"),
    )
    view = forms.CharField(
        label=_("The network's view"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=Application._meta.get_field("consultation_view").max_length,
    )


class ReasonForm(forms.Form):
    """A step that needs its reason: returning a case, not consulting the network (#12)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=Application._meta.get_field("returned_reason").max_length,
    )


class DocumentForm(forms.Form):
    """A document of case work or of a meeting (#12): its kind (those the record takes,
    ``kinds_for``), a title and the file; the public flag only for the coordinator
    (``Rights.may_publish_document``). The file's kind and size are the model's checks, met
    when the document is saved."""

    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=CaseDocument._meta.get_field("title").max_length,
        help_text=_("Empty: the kind names it."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, ODT, DOCX, PNG or JPEG."),
        error_messages={"required": _("Choose the file to upload.")},
    )
    public = forms.BooleanField(
        label=_("Public: list it on the public pages"),
        required=False,
        help_text=_("Never for a document naming pupils or other private persons."),
    )

    def __init__(self, *args, may_publish=False, target_field="project", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds_for(target_field)]
        if not may_publish:
            del self.fields["public"]


class ProposalForm(forms.Form):
    """The officials' proposal for a decision (förslag till beslut) and its motivation (#12)."""

    proposed_decision = forms.CharField(
        label=_("Proposal for a decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=Application._meta.get_field("proposed_decision").max_length,
        help_text=_("For example: The committee approves the exchange with Joniškis."),
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=Application._meta.get_field("proposal_motivation").max_length,
    )


class SteeringGroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the steering group"), max_length=200)


class SteeringGroupMemberForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.order_by("last_name", "first_name")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("To"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            field = self.fields["person"]
            field.choices = [("", field.empty_label), *((p.pk, str(p)) for p in people)]


class BaseSteeringGroupMemberFormSet(forms.BaseFormSet):
    """The people are read once for all rows, not once per row's select."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(Person.objects.order_by("last_name", "first_name"))

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "people": self.people}


SteeringGroupMemberFormSet = formset_factory(
    SteeringGroupMemberForm,
    formset=BaseSteeringGroupMemberFormSet,
    extra=3,
    min_num=1,
    validate_min=True,
    **_at_most(STEERING_GROUP_MEMBERS_AT_MOST),
)


class ReturnProposalForm(forms.Form):
    """Why a change to the public text is sent back (#11): the proposer reads it."""

    reason = forms.CharField(
        label=_("Why it is sent back"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TextProposal._meta.get_field("reason").max_length,
    )


# --- A new term of office: its memberships (#11) -------------------------------------------


class TermForm(forms.Form):
    """Which deciding body, and the term after which election."""

    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.none(), empty_label=_("Choose a body")
    )
    election_year = forms.TypedChoiceField(
        label=_("Term of office"),
        coerce=int,
        choices=(),
        help_text=_("The term after the election."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = deciding_bodies()
        today = timezone.localdate()
        years = sorted(
            {
                term.election_year
                for council in (True, False)
                for term in terms.terms_to_register(today, council=council)
            }
        )
        self.fields["election_year"].choices = [
            (year, _("after the election of %(year)s") % {"year": year}) for year in years
        ]
        self.fields["election_year"].initial = years[-1]

    def clean(self):
        cleaned = super().clean()
        body, year = cleaned.get("body"), cleaned.get("election_year")
        if body is not None and year is not None:
            cleaned["term"] = terms.term_after_election(year, council=body.is_council)
            try:
                term_registration.check_term(body, cleaned["term"], timezone.localdate())
            except term_registration.RegistrationRefused as refusal:
                raise ValidationError(str(refusal)) from None
        return cleaned


def term_roles():
    # An empty choice first, so that a row left untouched posts nothing and is left out.
    return [("", "---------")] + [(role.value, role.label) for role in term_registration.TERM_ROLES]


class TermMembershipForm(forms.Form):
    """One membership of the term: who, and in which role."""

    # A person registered before is found by e-mail; only a new person needs a name.
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=term_roles)
    starts_on = forms.DateField(
        label=_("From"),
        required=False,
        widget=DATE_WIDGET,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In a table's cells, each field as wide as its column: the table fits the screen (#12).
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs = {**field.widget.attrs, "class": f"{css} form-control-sm"}


TermMembershipFormSet = formset_factory(
    TermMembershipForm, extra=8, **_at_most(TERM_MEMBERSHIPS_AT_MOST)
)


class TermSpreadsheetForm(forms.Form):
    """The secretariat's spreadsheet of the term's memberships (CSV or XLSX)."""

    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("An XLSX or CSV file with the template's header row."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower()
        if extension not in ("csv", "xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx or a .csv file."))
        SpreadsheetValidator()(upload)  # judged by content, within the size limit
        self.cleaned_data["format"] = extension
        return upload.read()


class TermConfirmForm(forms.Form):
    """The checked rows again, carried in the page; they are checked again on confirming."""

    rows = forms.CharField(widget=forms.HiddenInput)

    def clean_rows(self):
        try:
            found = json.loads(self.cleaned_data["rows"])
            return [
                term_registration.Row(
                    first_name=str(item["first_name"]),
                    last_name=str(item["last_name"]),
                    email=str(item["email"]),
                    role=str(item["role"]),
                    starts_on=_iso_day(item["starts_on"]),
                    number=int(item["number"]),
                )
                for item in found
            ]
        except (ValueError, KeyError, TypeError):
            raise forms.ValidationError(
                _("The checked memberships were damaged; enter or upload them again.")
            ) from None

    @staticmethod
    def encode(rows) -> str:
        return json.dumps(
            [
                {
                    "first_name": row.first_name,
                    "last_name": row.last_name,
                    "email": row.email,
                    "role": row.role,
                    "starts_on": row.starts_on.isoformat() if row.starts_on else "",
                    "number": row.number,
                }
                for row in rows
            ]
        )


class TermLinkForm(forms.Form):
    """A new link to set the password, for a registered account that has not set one."""

    email = forms.EmailField(label=_("E-mail of the account"))


def _iso_day(text) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


# --- Visits and delegations (S14, #12) -------------------------------------------------------


class VisitForm(forms.ModelForm):
    """A visit or delegation, on the staff pages: the same model and rules as the admin's
    (``Visit.clean``, its constraints: the end not before the start, a cost not negative)."""

    class Meta:
        model = Visit
        fields = [
            "place",
            "relationship",
            "direction",
            "starts_on",
            "ends_on",
            "purpose",
            "cost",
            "pupil_count",
            "young_people_count",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.order_by("name")
        self.fields["relationship"].queryset = Relationship.objects.select_related(
            "place"
        ).order_by("place__name", "kind")


# Pupils and young people are counted on the visit, never named.
NAMED_LEVELS = [
    (value, label) for value, label in ParticipantLevel.choices if value not in UNNAMED_LEVELS
]


class VisitParticipantForm(forms.ModelForm):
    class Meta:
        model = VisitParticipant
        fields = ["person", "role", "level"]

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "---------"), *NAMED_LEVELS]
        if people is not None:
            field = self.fields["person"]
            field.choices = [("", field.empty_label), *((p.pk, str(p)) for p in people)]


class BaseVisitParticipantFormSet(forms.BaseInlineFormSet):
    """The people are read once for all rows, not once per row's select."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(Person.objects.order_by("last_name", "first_name"))

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "people": self.people}


VisitParticipantFormSet = inlineformset_factory(
    Visit,
    VisitParticipant,
    form=VisitParticipantForm,
    formset=BaseVisitParticipantFormSet,
    extra=3,
    can_delete=True,
    **_at_most(VISIT_PARTICIPANTS_AT_MOST),
)


def _picture_field(name):
    return ProjectPicture._meta.get_field(name)


class PictureChangeForm(forms.Form):
    """A project's picture's texts and order (#14); the public flag only for the coordinator
    (``Rights.may_publish_picture``). The alt text and the rights holder are required by the
    model, which says so when the picture is saved: the form does not say it a second way."""

    alt_sv = forms.CharField(
        label=_("Alt text in Swedish"),
        required=False,
        max_length=_picture_field("alt").max_length,
        help_text=_picture_field("alt").help_text,
    )
    alt_en = forms.CharField(
        label=_("Alt text in English"),
        required=False,
        max_length=_picture_field("alt").max_length,
        help_text=_("Optional: the English page shows the Swedish text when there is none."),
    )
    caption_sv = forms.CharField(
        label=_("Caption in Swedish"),
        required=False,
        max_length=_picture_field("caption").max_length,
    )
    caption_en = forms.CharField(
        label=_("Caption in English"),
        required=False,
        max_length=_picture_field("caption").max_length,
    )
    rights_holder = forms.CharField(
        label=_("Rights holder"),
        required=False,
        max_length=_picture_field("rights_holder").max_length,
        help_text=_picture_field("rights_holder").help_text,
    )
    order = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=_("Pictures are shown from the lowest number."),
    )
    public = forms.BooleanField(
        label=_("Show on the public site"),
        required=False,
        help_text=_picture_field("public").help_text,
    )

    def __init__(self, *args, may_publish=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_publish:
            del self.fields["public"]


class PictureForm(PictureChangeForm):
    """A new picture of a project (#14): the file first, then its texts. Whether it is a
    picture, and not too large, is the model's check, met when it is saved."""

    image = forms.FileField(
        label=_("Picture"),
        help_text=_picture_field("image").help_text,
        error_messages={"required": _("Choose the picture to upload.")},
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    field_order = ["image"]


class MeetingForm(forms.ModelForm):
    """A meeting of a body, on the staff pages (#12): the model's rules decide, as in the
    admin (the end not before the start, no minutes before the day). The bodies offered are
    those the user keeps meetings of (``Rights.may_keep_meeting``)."""

    class Meta:
        model = Meeting
        fields = ["body", "starts_at", "ends_at", "location", "is_public", "agenda", "minutes"]
        field_classes = {"starts_at": forms.DateTimeField, "ends_at": forms.DateTimeField}
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "starts_at": {"invalid": NOT_A_DATETIME},
            "ends_at": {"invalid": NOT_A_DATETIME},
        }

    def __init__(self, *args, rights, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.exclude(kind__in=WORKPLACE_KINDS).order_by("short_name")
        if not rights.is_coordinator:
            bodies = bodies.filter(pk__in=rights.secretary_body_pks)
        self.fields["body"].queryset = bodies
