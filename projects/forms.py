"""Forms of the domain that more than one way in uses: the staff pages and the admin.

They live here, below both, because the admin (projects.admin) may not import the staff pages.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from governance import access
from governance.admin import ErrorPlacementMixin
from governance.models import Decision, Meeting, Outcome


def _decision_label(name):
    return capfirst(Decision._meta.get_field(name).verbose_name)


class DateInput(forms.DateInput):
    input_type = "date"


class DecisionForm(ErrorPlacementMixin, forms.Form):
    """The addressed body's decision on an application, as ``applications.decide`` takes it.

    The one decision form: the staff pages' decision page and the admin's "record decision"
    page both use it, so both check the meeting against its date (S8), and both record only
    after a confirmation (#12): a valid form posted without ``CONFIRM`` is shown as
    ``summary()`` to be confirmed (or, with ``CHANGE``, again to be changed); only a form posted
    with ``CONFIRM`` is recorded.
    """

    CONFIRM = "confirm"
    CHANGE = "edit"

    error_fields = {"text": "motivation"}
    label_model = Decision

    outcome = forms.ChoiceField(label=_decision_label("outcome"), choices=Outcome.choices)
    meeting = forms.ModelChoiceField(
        label=_decision_label("meeting"), queryset=Meeting.objects.none(), required=False
    )
    meeting_date = forms.DateField(label=_decision_label("meeting_date"), widget=DateInput)
    paragraph = forms.IntegerField(label=_decision_label("paragraph"), min_value=1)
    case_number = forms.CharField(label=_decision_label("case_number"), required=False)
    motivation = forms.CharField(
        label=capfirst(_("motivation")),
        widget=forms.Textarea,
        required=False,
        max_length=Decision._meta.get_field("text").max_length,
    )
    minutes_approved_on = forms.DateField(
        label=_decision_label("minutes_approved_on"), widget=DateInput, required=False
    )
    notice_posted_on = forms.DateField(
        label=_decision_label("notice_posted_on"), widget=DateInput, required=False
    )

    def __init__(self, *args, application, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.user = user
        self.fields["meeting"].queryset = Meeting.objects.filter(body=application.addressed_to)
        example = {"example": settings.CASE_NUMBER_EXAMPLE}
        self.fields["case_number"].help_text = _("For example %(example)s.") % example

    def clean(self):
        cleaned = super().clean()
        meeting, day = cleaned.get("meeting"), cleaned.get("meeting_date")
        if meeting and day and meeting.date != day:
            self.add_error("meeting_date", _("The meeting date is the date of the meeting."))
        if not self.errors:
            self._ask_who_may_record(day)
        if not self.errors:
            self._ask_the_decisions_own_rules(cleaned)
        return cleaned

    def _ask_who_may_record(self, day):
        """Whoever may not record the body's decision dated ``day`` (S8, #11) learns it before
        the confirmation, not after it; ``applications.decide`` asks the same again."""
        body = self.application.addressed_to
        if self.user is not None and not access.may_record_decision(self.user, body, day):
            raise ValidationError(access.decision_refusal(body, day))

    def _ask_the_decisions_own_rules(self, cleaned):
        """The decision's own rules (``Decision.clean``: no date after today, the case
        number's format ...) before anything is confirmed (#12), so the confirmation step
        never shows a decision that would be refused. The rules stay in the model."""
        decision = Decision(
            body=self.application.addressed_to,
            meeting=cleaned.get("meeting"),
            meeting_date=cleaned.get("meeting_date"),
            paragraph=cleaned.get("paragraph"),
            case_number=cleaned.get("case_number") or "",
            text=cleaned.get("motivation") or "",
            minutes_approved_on=cleaned.get("minutes_approved_on"),
            notice_posted_on=cleaned.get("notice_posted_on"),
        )
        try:
            decision.clean()
        except ValidationError as error:
            self.add_error(None, error)  # each message on its field (ErrorPlacementMixin)

    @property
    def confirmed(self) -> bool:
        """Posted from the confirmation step's "Confirm" button: record it."""
        return self.is_bound and self.CONFIRM in self.data

    @property
    def confirming(self) -> bool:
        """Valid and not yet confirmed nor sent back to be changed: show what will be recorded."""
        return self.is_bound and not self.confirmed and self.CHANGE not in self.data

    def summary(self) -> list[tuple[str, str]]:
        """What will be recorded, as (label, value) rows, for the confirmation step."""
        data = self.cleaned_data
        outcome = dict(self.fields["outcome"].choices).get(data["outcome"], "")
        rows = [(self["outcome"].label, str(outcome))]
        if data.get("meeting"):
            rows.append((self["meeting"].label, str(data["meeting"])))
        rows += [
            (self["meeting_date"].label, _day(data["meeting_date"])),
            (self["paragraph"].label, f"§ {data['paragraph']}"),
            (self["case_number"].label, data.get("case_number") or "–"),
            (self["minutes_approved_on"].label, _day(data.get("minutes_approved_on"))),
            (self["notice_posted_on"].label, _day(data.get("notice_posted_on"))),
            (self["motivation"].label, data.get("motivation") or "–"),
        ]
        return rows


def _day(day) -> str:
    return date_format(day, "Y-m-d") if day else "–"


ALREADY_DECIDED = _(
    "This application is not waiting for a decision any more (it was decided or withdrawn); "
    "nothing was recorded. A confirmation sent twice records the decision once."
)
