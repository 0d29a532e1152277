"""Forms of the staff pages. Rules live in the models and services; forms only parse input."""

import datetime
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.forms import formset_factory
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from governance import term_registration, terms
from governance.models import (
    NETWORK_KINDS,
    WORKPLACE_KINDS,
    Body,
    BodyKind,
    Meeting,
    Person,
    Role,
)
from governance.uploads import SpreadsheetValidator
from partners.models import Place
from projects import predicates, queries
from projects.models import (
    Application,
    ApplicationKind,
    FundingCheck,
    FundingOutcome,
    Project,
    ProjectStatus,
    TextProposal,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# A contributor plans work; approval comes only from a decision (S8), which sets it.
UNDECIDED_STATUSES = predicates.UNDECIDED_STATUSES


def deciding_bodies():
    return Body.objects.deciding().active_on(timezone.localdate()).order_by("kind", "name")


class ApplicationForm(forms.ModelForm):
    """A draft application: what is proposed, to whom, at what cost and to what end."""

    class Meta:
        model = Application
        fields = [
            "kind",
            "title",
            "summary",
            "project",
            "proposed_place",
            "why_not_partnership",
            "addressed_to",
            "cost",
            "objectives",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "why_not_partnership": forms.Textarea(attrs={"rows": 3}),
            "objectives": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "project": _("The project or exchange, with its responsible body and partners."),
            "proposed_place": _("Only for a new twin town."),
            "addressed_to": _(
                "Taken from the project: its responsible body decides it (S8, S12). A new "
                "twin town is decided by the municipal council (KF, S7)."
            ),
        }

    def __init__(self, *args, rights, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            queries.projects_of(rights).select_related("responsible_body").order_by("title")
        )
        self.fields["addressed_to"].queryset = deciding_bodies()
        # The applicant does not choose: the project's responsible body decides (#11).
        self.fields["addressed_to"].required = False
        self.fields["proposed_place"].queryset = Place.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        project = cleaned.get("project")
        if project is not None and cleaned.get("kind") != ApplicationKind.TWIN_TOWN:
            cleaned["addressed_to"] = project.responsible_body
            self.instance.addressed_to = project.responsible_body
        elif cleaned.get("kind") == ApplicationKind.TWIN_TOWN and not cleaned.get("addressed_to"):
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
        else:
            self.fields["status"].choices = [
                c for c in ProjectStatus.choices if c[0] in UNDECIDED_STATUSES
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


TermMembershipFormSet = formset_factory(TermMembershipForm, extra=8, max_num=200)


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
