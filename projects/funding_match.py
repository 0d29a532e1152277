"""Which funding programmes may fit a project, and why (S6, #13).

The rules are the programme's (who may apply, the countries it covers, the kinds of activity
it funds, the participants' ages and numbers, minimum numbers of countries and EU members);
the facts are the project's (its applicant, its partners' countries, its kind, its
participants). Each rule is said in words and is met, not met, or unknown: a rule the
catalogue does not know says "check with the funder" and does not rule the programme out.
The programmes that fit come first, the ones with fewest unknowns and the nearest deadline
first; the ones that do not fit carry the rule that fails. The next deadline comes from the
explicit calls and the yearly recurring ones.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from projects import predicates
from projects.country_groups import EU_MEMBER_STATES
from projects.models import Call, FundingCheck, Programme, Project, ProjectKind


def home_country() -> str:
    """The applicant's own country; Swedish municipalities unless the settings say otherwise."""
    return getattr(settings, "MUNICIPALITY_COUNTRY", "SE")


class Applicant:
    """Who applies for the project: the municipality itself or one of its schools."""

    MUNICIPALITY = "municipality"
    SCHOOL = "school"


@dataclass(frozen=True)
class Reason:
    """One rule checked against one fact, said in words: met (True), not met (False) or
    unknown (None), when the catalogue does not know the rule."""

    met: bool | None
    text: str

    @property
    def unknown(self) -> bool:
        return self.met is None


@dataclass(frozen=True)
class Deadline:
    """The next day to apply by, from an explicit call or a yearly one."""

    day: datetime.date
    note: str = ""
    recurring: bool = False


@dataclass
class Suggestion:
    """A programme with the reasons it may or may not fund the project."""

    programme: Programme
    reasons: list[Reason] = field(default_factory=list)
    next_deadline: Deadline | None = None
    existing_check: FundingCheck | None = None

    @property
    def matches(self) -> bool:
        """No rule fails; unknown rules are left to the person checking."""
        return not self.unmet

    @property
    def unmet(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.met is False]

    @property
    def unknown(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.met is None]

    @property
    def has_outcome(self) -> bool:
        """The project's check of the programme says what came of it (S6, #13)."""
        return predicates.records_funding_outcome(self.existing_check)

    @property
    def rank(self) -> tuple:
        deadline = self.next_deadline.day if self.next_deadline else datetime.date.max
        return (not self.matches, len(self.unmet), len(self.unknown), deadline)


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules are checked against."""

    applicant: str
    partner_countries: frozenset[str]
    participants: int
    kind: str = ProjectKind.OTHER
    youngest_age: int | None = None
    oldest_age: int | None = None

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
    participants = project.participant_counts.aggregate(total=Sum("count"))["total"] or 0
    return _facts(project, participants)


def _facts(project: Project, participants: int) -> ProjectFacts:
    is_school = project.kind == ProjectKind.SCHOOL_EXCHANGE or bool(project.school)
    return ProjectFacts(
        applicant=Applicant.SCHOOL if is_school else Applicant.MUNICIPALITY,
        partner_countries=frozenset(str(place.country) for place in project.places.all()),
        participants=participants,
        kind=project.kind,
        youngest_age=project.youngest_age,
        oldest_age=project.oldest_age,
    )


def _names(codes) -> str:
    return ", ".join(sorted(countries.name(code) or code for code in codes))


def _kind_label(kind: str) -> str:
    return str(ProjectKind(kind).label) if kind in ProjectKind.values else kind


def _applicant_reason(programme: Programme, applicant: str) -> Reason:
    schools, municipalities = programme.for_schools, programme.for_municipalities
    if applicant == Applicant.SCHOOL:
        if schools:
            return Reason(True, _("Schools may apply."))
        if municipalities and schools is None:
            text = _("Whether a school may apply itself is not recorded; the municipality may.")
            return Reason(True, text)
        if municipalities:
            return Reason(True, _("Schools may not apply, but the municipality may."))
        if schools is None or municipalities is None:
            return Reason(
                None, _("Whether a school may apply is not known: check with the funder.")
            )
        return Reason(False, _("Neither schools nor municipalities may apply."))
    if municipalities:
        return Reason(True, _("Municipalities may apply."))
    if municipalities is None:
        return Reason(
            None, _("Whether a municipality may apply is not known: check with the funder.")
        )
    return Reason(False, _("Municipalities may not apply."))


def _country_reasons(programme: Programme, facts: ProjectFacts) -> list[Reason]:
    reasons = []
    eligible = programme.eligible_country_codes
    if programme.covers_our_area is False:
        reasons.append(Reason(False, _("Our municipality is outside the programme's area.")))
    elif programme.covers_our_area:
        reasons.append(Reason(True, _("Our municipality lies in the programme's area.")))
    if not facts.partner_countries:
        reasons.append(Reason(False, _("The project has no partner place yet, so no country.")))
    elif not programme.countries_known:
        text = _("Which countries the programme covers is not recorded: check with the funder.")
        reasons.append(Reason(None, text))
    elif eligible is None:
        reasons.append(Reason(True, _("The programme takes partners from any country.")))
    else:
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


def _activity_reason(programme: Programme, facts: ProjectFacts) -> Reason:
    kinds = programme.activity_kinds
    kind = _kind_label(facts.kind)
    if not kinds:
        text = _(
            "Which kinds of activity the programme funds is not recorded: check with the funder."
        )
        return Reason(None, text)
    if facts.kind in kinds:
        return Reason(True, _("The programme funds this kind of work (%(kind)s).") % {"kind": kind})
    if facts.kind == ProjectKind.OTHER:
        text = _("The project's kind is “other”: check with the funder whether it funds it.")
        return Reason(None, text)
    text = _("The programme does not fund a %(kind)s; it funds: %(kinds)s.")
    return Reason(False, text % {"kind": kind, "kinds": ", ".join(map(_kind_label, kinds))})


def _age_reason(programme: Programme, facts: ProjectFacts) -> Reason | None:
    low, high = programme.min_age, programme.max_age
    if low is None and high is None:
        return None
    if low is not None and high is not None:
        rule = _("The programme is for participants aged %(low)s to %(high)s") % {
            "low": low,
            "high": high,
        }
    elif low is not None:
        rule = _("The programme is for participants aged %(low)s or older") % {"low": low}
    else:
        rule = _("The programme is for participants aged %(high)s or younger") % {"high": high}
    if facts.youngest_age is None or facts.oldest_age is None:
        return Reason(None, _("%(rule)s; the project records no ages yet.") % {"rule": rule})
    fits = (low is None or facts.youngest_age >= low) and (high is None or facts.oldest_age <= high)
    text = _("%(rule)s; the project's are %(youngest)s to %(oldest)s.")
    return Reason(
        fits, text % {"rule": rule, "youngest": facts.youngest_age, "oldest": facts.oldest_age}
    )


def _participant_reason(programme: Programme, facts: ProjectFacts) -> Reason | None:
    minimum = programme.min_participants
    if not minimum:
        return None
    text = _("Needs at least %(min)s participants; %(count)s are recorded.")
    return Reason(
        facts.participants >= minimum, text % {"min": minimum, "count": facts.participants}
    )


def next_deadline(programme: Programme, today: datetime.date) -> Deadline | None:
    """The nearest coming deadline of the programme's explicit and yearly calls.

    Reads the prefetched ``programme.coming`` (explicit calls from today on) and
    ``programme.recurring_calls``; see ``suggest``.
    """
    found = [
        Deadline(timezone.localtime(call.deadline).date(), call.note)
        for call in programme.coming[:1]
    ]
    for recurring in programme.recurring_calls.all():
        day = recurring.next_deadline(today)
        if day is not None:
            found.append(Deadline(day, recurring.note, recurring=True))
    return min(found, key=lambda deadline: deadline.day) if found else None


def _call_reason(programme: Programme, deadline: Deadline | None) -> Reason:
    if deadline is not None:
        text = _("Next deadline: %(date)s.") % {"date": deadline.day.isoformat()}
        if deadline.note:
            text = f"{text} {deadline.note}"
        return Reason(True, text)
    if programme.applications_all_year:
        return Reason(True, _("Applications are taken all year."))
    return Reason(None, _("No coming deadline is recorded: check with the funder."))


def suggest(
    project: Project, *, today: datetime.date | None = None, programmes=None
) -> list[Suggestion]:
    """Every active programme checked against the project, ranked: the ones that fit first.

    Reads: the project's places and participants, the programmes with their coming calls and
    yearly calls, and the project's existing funding checks; a fixed number of queries
    whatever the catalogue.
    """
    today = today or timezone.localdate()
    facts = facts_of(project)
    coming = Call.objects.filter(deadline__date__gte=today).order_by("deadline")
    if programmes is None:
        programmes = Programme.objects.filter(is_active=True).select_related("funder")
    programmes = programmes.prefetch_related(
        Prefetch("calls", queryset=coming, to_attr="coming"), "recurring_calls"
    )
    checks = {check.programme_id: check for check in project.funding_checks.all()}
    suggestions = [
        _suggestion(programme, facts, checks.get(programme.pk), today) for programme in programmes
    ]
    return sorted(suggestions, key=lambda s: (*s.rank, str(s.programme)))


def _rule_reasons(programme: Programme, facts: ProjectFacts) -> list[Reason]:
    """The programme's rules against the project's facts; the deadline is not among them."""
    reasons = [
        _applicant_reason(programme, facts.applicant),
        *_country_reasons(programme, facts),
        _activity_reason(programme, facts),
    ]
    for reason in (_age_reason(programme, facts), _participant_reason(programme, facts)):
        if reason:
            reasons.append(reason)
    return reasons


def _suggestion(programme: Programme, facts: ProjectFacts, check, today) -> Suggestion:
    deadline = next_deadline(programme, today)
    reasons = [*_rule_reasons(programme, facts), _call_reason(programme, deadline)]
    return Suggestion(programme, reasons, next_deadline=deadline, existing_check=check)


def fits(programme: Programme, facts: ProjectFacts) -> bool:
    """No rule of the programme fails for the project (unknown rules do not rule it out):
    what ``Suggestion.matches`` says, without the deadline, which never rules one out."""
    return all(reason.met is not False for reason in _rule_reasons(programme, facts))


def facts_of_many(projects) -> list[tuple[Project, ProjectFacts]]:
    """Many projects with their facts in two queries (the projects with their participants,
    their places), for the deadline calendar; the same facts as ``facts_of``."""
    projects = projects.annotate(participant_total=Sum("participant_counts__count"))
    return [
        (project, _facts(project, project.participant_total or 0))
        for project in projects.prefetch_related("places")
    ]


# --- Completing the check (S6, #13) --------------------------------------------------------


def lacking_outcome(project: Project, *, today: datetime.date | None = None) -> list[Suggestion]:
    """The programmes that may fit the project whose check records no outcome.

    "May fit" is the suggestions page's: no rule fails. A programme with rules the catalogue
    does not know fits too, so it needs an outcome as well: whoever checks asks the funder
    and records what came of it, or "not relevant" with the reason (docs/funding.md).
    """
    return [
        suggestion
        for suggestion in suggest(project, today=today)
        if suggestion.matches and not suggestion.has_outcome
    ]


def completion_errors(project: Project) -> list[str]:
    """Why the project's funding check cannot be completed now; empty when it can.

    The one rule for every path that completes a check: ``Project.clean`` asks it when the
    check becomes completed (the staff page, the admin, the import, the services, the demo).
    Whether any programme was looked at at all is asked by the service that completes a
    check (``services.funding.complete_funding_check``), as before #13.
    """
    if project.pk is None:
        return []
    lacking = lacking_outcome(project)
    if not lacking:
        return []
    return [
        _(
            "The funding check cannot be completed: record an outcome for every programme that "
            "may fit (will apply, applied, granted, refused, or not relevant with a reason). "
            "Without an outcome: %(programmes)s."
        )
        % {"programmes": "; ".join(str(s.programme) for s in lacking)}
    ]
