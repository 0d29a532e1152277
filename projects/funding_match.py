"""Which funding programmes may fit a project, and why (S6).

The rules are the programme's (eligible countries, who may apply, minimum numbers of countries,
EU members and participants); the facts are the project's (its partners' countries, its
applicant, its participants). Each suggestion says in words why the programme matches or not,
so the person checking can judge it and record the outcome on a funding check.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from projects.models import Call, FundingCheck, Programme, Project, ProjectKind

# The member states of the European Union (ISO 3166-1 alpha-2), for the "EU members" rule.
EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def home_country() -> str:
    """The applicant's own country; Swedish municipalities unless the settings say otherwise."""
    return getattr(settings, "MUNICIPALITY_COUNTRY", "SE")


class Applicant:
    """Who applies for the project: the municipality itself or one of its schools."""

    MUNICIPALITY = "municipality"
    SCHOOL = "school"


@dataclass(frozen=True)
class Reason:
    """One rule checked against one fact: met or not, said in words."""

    met: bool
    text: str


@dataclass
class Suggestion:
    """A programme with the reasons it may or may not fund the project."""

    programme: Programme
    reasons: list[Reason] = field(default_factory=list)
    next_call: Call | None = None
    existing_check: FundingCheck | None = None

    @property
    def matches(self) -> bool:
        return all(reason.met for reason in self.reasons)

    @property
    def unmet(self) -> list[Reason]:
        return [reason for reason in self.reasons if not reason.met]


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules are checked against."""

    applicant: str
    partner_countries: frozenset[str]
    participants: int

    @property
    def applicant_label(self) -> str:
        return _("school") if self.applicant == Applicant.SCHOOL else _("municipality")

    @property
    def countries(self) -> frozenset[str]:
        """Every country taking part, the applicant's own included."""
        return self.partner_countries | {home_country()}

    @property
    def eu_members(self) -> frozenset[str]:
        return self.countries & EU_MEMBER_STATES


def facts_of(project: Project) -> ProjectFacts:
    """Read the facts from a project: a school exchange (or a named school) applies as a school."""
    is_school = project.kind == ProjectKind.SCHOOL_EXCHANGE or bool(project.school)
    participants = project.participant_counts.aggregate(total=Sum("count"))["total"] or 0
    return ProjectFacts(
        applicant=Applicant.SCHOOL if is_school else Applicant.MUNICIPALITY,
        partner_countries=frozenset(str(place.country) for place in project.places.all()),
        participants=participants,
    )


def _names(codes) -> str:
    return ", ".join(sorted(countries.name(code) or code for code in codes))


def _applicant_reason(programme: Programme, applicant: str) -> Reason:
    if applicant == Applicant.SCHOOL:
        if programme.for_schools:
            return Reason(True, _("Schools may apply."))
        if programme.for_municipalities:
            return Reason(True, _("Schools may not apply, but the municipality may."))
        return Reason(False, _("Neither schools nor municipalities may apply."))
    if programme.for_municipalities:
        return Reason(True, _("Municipalities may apply."))
    return Reason(False, _("Municipalities may not apply."))


def _country_reasons(programme: Programme, facts: ProjectFacts) -> list[Reason]:
    reasons = []
    eligible = {str(code) for code in programme.eligible_countries}
    if not facts.partner_countries:
        reasons.append(Reason(False, _("The project has no partner place yet, so no country.")))
    elif eligible:
        outside = facts.partner_countries - eligible
        if outside:
            text = _("Partners in countries the programme does not cover: %(names)s.")
            reasons.append(Reason(False, text % {"names": _names(outside)}))
        else:
            text = _("Every partner country is eligible (%(names)s).")
            reasons.append(Reason(True, text % {"names": _names(facts.partner_countries)}))
    minimum = programme.min_partner_countries
    if minimum:
        count = len(facts.countries)
        text = _("Needs at least %(min)s countries; the project has %(count)s.")
        reasons.append(Reason(count >= minimum, text % {"min": minimum, "count": count}))
    minimum = programme.min_eu_members
    if minimum:
        count = len(facts.eu_members)
        text = _("Needs at least %(min)s EU member states; the project has %(count)s.")
        reasons.append(Reason(count >= minimum, text % {"min": minimum, "count": count}))
    return reasons


def _participant_reason(programme: Programme, facts: ProjectFacts) -> Reason | None:
    minimum = programme.min_participants
    if not minimum:
        return None
    text = _("Needs at least %(min)s participants; %(count)s are recorded.")
    return Reason(
        facts.participants >= minimum, text % {"min": minimum, "count": facts.participants}
    )


def _call_reason(next_call: Call | None) -> Reason:
    if next_call is None:
        return Reason(False, _("No open or coming call is recorded."))
    deadline = timezone.localtime(next_call.deadline).date().isoformat()
    return Reason(True, _("Next deadline: %(date)s.") % {"date": deadline})


def suggest(
    project: Project, *, today: datetime.date | None = None, programmes=None
) -> list[Suggestion]:
    """Every active programme checked against the project, matching ones first.

    Reads: the project's places and participants, the programmes with their coming calls and
    the project's existing funding checks; a fixed number of queries whatever the catalogue.
    """
    today = today or timezone.localdate()
    facts = facts_of(project)
    coming = Call.objects.filter(deadline__date__gte=today).order_by("deadline")
    if programmes is None:
        programmes = Programme.objects.filter(is_active=True).select_related("funder")
    programmes = programmes.prefetch_related(Prefetch("calls", queryset=coming, to_attr="coming"))
    checks = {check.programme_id: check for check in project.funding_checks.all()}
    suggestions = [
        _suggestion(programme, facts, checks.get(programme.pk)) for programme in programmes
    ]
    return sorted(suggestions, key=lambda s: (not s.matches, len(s.unmet), str(s.programme)))


def _suggestion(programme: Programme, facts: ProjectFacts, check) -> Suggestion:
    next_call = programme.coming[0] if programme.coming else None
    reasons = [_applicant_reason(programme, facts.applicant), *_country_reasons(programme, facts)]
    participant = _participant_reason(programme, facts)
    if participant:
        reasons.append(participant)
    reasons.append(_call_reason(next_call))
    return Suggestion(programme, reasons, next_call=next_call, existing_check=check)
