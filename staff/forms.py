"""Forms of the staff pages. Rules live in the models and services; forms only parse input."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import formset_factory
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from governance.models import NETWORK_KINDS, Body, BodyKind, Meeting, Person, Role
from partners.models import Place
from projects import predicates, queries
from projects.models import Application, ApplicationKind, FundingCheck, Project, ProjectStatus

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
            "cooperating_bodies",
            "school",
            "places",
            "starts_on",
            "ends_on",
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
        if rights.is_coordinator:
            bodies = deciding_bodies()
        else:
            bodies = Body.objects.filter(pk__in=[b.pk for b in rights.work_bodies])
        self.fields["responsible_body"].queryset = bodies
        self.fields["cooperating_bodies"].queryset = deciding_bodies()
        self.fields["places"].queryset = Place.objects.order_by("name")
        if self.instance.status not in UNDECIDED_STATUSES:
            self.fields["status"].disabled = True
        else:
            self.fields["status"].choices = [
                c for c in ProjectStatus.choices if c[0] in UNDECIDED_STATUSES
            ]

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
            "deadline",
            "note",
        ]
        widgets = {
            "checked_on": DATE_WIDGET,
            "deadline": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class ConsultationForm(forms.Form):
    """The international network's view, given at one of its meetings (S9)."""

    meeting = forms.ModelChoiceField(
        label=_("Network meeting"),
        queryset=Meeting.objects.filter(body__kind__in=NETWORK_KINDS).select_related("body"),
    )
    view = forms.CharField(label=_("The network's view"), widget=forms.Textarea(attrs={"rows": 4}))


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
