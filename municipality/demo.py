"""Example data for the quick start, read from a data file (data/demo.toml): accounts, people,
memberships, a meeting, projects, an application and a visit.

Never loaded where settings.DEMO_DATA_ALLOWED is off (production). Everything is marked as an
example (is_example, and "Exempel:" in the file's titles) and invents nothing about the real
partners: the file refers only to the municipality's own records that `load_municipality`
loaded, and all its references are looked up before anything is written. Loading is
idempotent, through the models and the domain services, in one transaction (see
municipality.loading for how records are compared). The file's dates may be relative to the
day of loading ("year-1 08-01", "term start", "today"), so the examples stay current.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation

from governance import terms
from governance.models import Body, Meeting, Membership, Person
from municipality.loading import (
    UPDATED,
    LoadError,
    Tally,
    entry_label,
    entry_spec,
    in_entry,
    is_field,
    read_file,
    sync,
    upsert,
)
from partners.models import Place, Relationship, Visit, VisitParticipant
from projects import predicates
from projects.models import (
    Application,
    FundingCheck,
    ParticipantCount,
    Programme,
    Project,
    ProjectCost,
    ProjectStatus,
)
from projects.services.applications import decide, submit
from projects.services.funding import complete_funding_check
from strategy.models import Objective, Strategy

DEFAULT_FILE = Path(settings.BASE_DIR) / "data" / "demo.toml"
PASSWORD = "demo"
REASON = "load_demo"
PRODUCTION_REFUSAL = (
    "Demo data is never loaded in production: DEMO_DATA_ALLOWED is off (it follows DEBUG "
    "unless set). Set DEMO_DATA_ALLOWED=on only on a machine for trying the system out."
)


class DemoError(LoadError):
    """The demo data cannot be loaded here; the message says why."""


SCHEMA = {
    "accounts": entry_spec("username", "username first_name last_name group", "is_staff"),
    "memberships": entry_spec(
        "person body role", "person body role starts_on", "represents ends_on"
    ),
    "meetings": entry_spec("body location", "body location starts_at", "ends_at agenda attendees"),
    "projects": entry_spec(
        "slug",
        "slug title_sv kind responsible_body",
        "title_en summary_sv summary_en unit school starts_on ends_on own_cost published status "
        "places relationships objectives cooperating_bodies funding_check_closed_by "
        "funding_check_closed_on",
        {
            "funding_checks": entry_spec(
                "programme",
                "programme outcome checked_by checked_on",
                "note amount_applied amount_granted currency exchange_rate",
            ),
            "participants": entry_spec("level", "level count", "women men"),
            "costs": entry_spec("body year", "body year amount", "description"),
        },
    ),
    "applications": entry_spec(
        "title",
        "title addressed_to",
        "kind summary project cost submitted_by objectives submitted_on decided_by decided_on "
        "outcome paragraph",
    ),
    "visits": entry_spec(
        "place purpose",
        "place purpose starts_on",
        "relationship direction ends_on cost",
        {"participants": entry_spec("person", "person level", "role")},
    ),
}

# The keys that name a record of the municipality's data, at any depth of the file.
REFERENCES = {
    "body": "bodies",
    "represents": "bodies",
    "responsible_body": "bodies",
    "unit": "bodies",
    "addressed_to": "bodies",
    "cooperating_bodies": "bodies",
    "place": "places",
    "places": "places",
    "relationship": "relationships",
    "relationships": "relationships",
    "programme": "programmes",
    "objectives": "objectives",
    "group": "groups",
}


# --- Dates relative to the day of loading ---------------------------------------------------

RELATIVE = re.compile(
    r"^year(?P<years>[+-]\d+)?"
    r"(?: (?P<month>\d{2})-(?P<day>\d{2})(?: (?P<hour>\d{2}):(?P<minute>\d{2}))?)?$"
)


def when(value, today: datetime.date, *, council: bool = False):
    """A date, a time or a year of the file, on ``today``; data/demo.toml lists the forms.

    "term start" is the first day of the term of office that contains ``today``: the
    council's (KF's, from 15 October of the election year) with ``council``, else the
    executive board's and the committees' (from 1 January after).
    """
    if isinstance(value, datetime.date):
        return value
    if value == "today":
        return today
    if value == "term start":
        return terms.term_for(today, council=council).starts_on
    match = RELATIVE.match(str(value))
    if match is None:
        raise ValidationError(
            f'"{value}" is neither a date nor one relative to today such as "year-1 08-01", '
            '"year 03-12 13:00", "year", "today" or "term start".'
        )
    year = today.year + int(match["years"] or 0)
    if match["month"] is None:
        return year
    day = datetime.date(year, int(match["month"]), int(match["day"]))
    if match["hour"] is None:
        return day
    moment = datetime.time(int(match["hour"]), int(match["minute"]))
    return timezone.make_aware(datetime.datetime.combine(day, moment))


# --- What the file refers to ----------------------------------------------------------------


@dataclass
class Basis:
    """The municipality's own records that the file refers to, by their natural keys."""

    bodies: dict[str, Body]
    places: dict[str, Place]
    relationships: dict[str, Relationship]
    programmes: dict[str, Programme]
    objectives: dict[int, Objective]
    groups: dict[str, Group]


def _lookups(strategy):
    """Per kind of reference: how to find one record, and how to name it when it is missing."""
    objectives = strategy.objectives.all() if strategy else Objective.objects.none()
    return {
        "bodies": (lambda key: Body.objects.filter(short_name=key), "body {}"),
        "places": (lambda key: Place.objects.filter(slug=key), "place {}"),
        "relationships": (
            lambda key: Relationship.objects.filter(place__slug=key),
            "the relationship with {}",
        ),
        "programmes": (lambda key: Programme.objects.filter(slug=key), "programme {}"),
        "objectives": (lambda key: objectives.filter(number=key), "the strategy's objective {}"),
        "groups": (lambda key: Group.objects.filter(name=key), "group {}"),
    }


def references(data: dict) -> dict[str, set]:
    """The natural keys the file names, per kind of record (see REFERENCES)."""
    wanted = defaultdict(set)

    def walk(value):
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in REFERENCES:
                    walk(item)
                    continue
                for name in item if isinstance(item, list) else [item]:
                    if not isinstance(name, str | int):
                        raise DemoError(f"{key} = {item!r}: a reference is a name or a number.")
                    wanted[REFERENCES[key]].add(name)

    walk(data)
    return wanted


def find_basis(data: dict) -> Basis:
    """Every record the file refers to, or a DemoError naming all that are missing."""
    found, missing = {}, []
    wanted = references(data)
    for kind, (lookup, label) in _lookups(Strategy.objects.first()).items():
        found[kind] = {}
        for key in sorted(wanted[kind], key=str):
            obj = lookup(key).first()
            if obj is None:
                missing.append(label.format(key))
            found[kind][key] = obj
    if missing:
        raise DemoError(
            "The demo data builds on the municipality's data, and this is missing: "
            f"{', '.join(missing)}. Run `manage.py load_municipality` first."
        )
    return Basis(**found)


# --- The sections ---------------------------------------------------------------------------


class DemoLoader:
    """Creates or updates each example of the file, in the order their references need."""

    def __init__(self, data: dict, basis: Basis, today: datetime.date):
        self.data = data
        self.basis = basis
        self.today = today
        self.tally = Tally()
        self.people: dict[str, Person] = {}
        self.projects: dict[str, Project] = {}

    def run(self) -> Tally:
        self._each("accounts", self._account)
        self._each("memberships", self._membership)
        self._each("meetings", self._meeting)
        self._each("projects", self._project)
        self._each("applications", self._application)
        # Approved work's status last: it follows its body's approving decision (S8, #11).
        self._each("projects", self._status)
        self._each("visits", self._visit)
        return self.tally

    def _each(self, section: str, load_one) -> None:
        spec = SCHEMA[section]
        for index, entry in enumerate(self.data.get(section, []), start=1):
            where = entry_label(section, index, spec.name(entry))
            with in_entry(where):
                load_one(entry, where)

    def _children(self, section: str, entry: dict, where: str, child: str, load_one) -> None:
        """Load the entries nested in ``entry`` (a project's costs), naming them on error."""
        spec = SCHEMA[section].children[child]
        for index, item in enumerate(entry.get(child, []), start=1):
            with in_entry(f"{where} {entry_label(child, index, spec.name(item))}"):
                load_one(item)

    def _upsert(self, model, lookup, values, on_create=None):
        return upsert(self.tally, model, lookup, values, REASON, on_create)

    def _values(self, entry: dict, model, skip=(), council: bool = False) -> dict:
        """The entry's plain keys (the model's field names), with relative dates resolved
        (a "term start" as the council's with ``council``)."""
        values = {}
        for key, value in entry.items():
            if key in skip or not is_field(model, key):
                continue
            if isinstance(model._meta.get_field(key), models.DateField):  # times too
                value = when(value, self.today, council=council)
            values[key] = value
        return values

    def _person(self, username: str) -> Person:
        if username not in self.people:
            raise ValidationError(f'"{username}" is not the username of an account of the file.')
        return self.people[username]

    def _when(self, value):
        return when(value, self.today)

    def _set_m2m(self, obj, name: str, wanted: list) -> None:
        manager = getattr(obj, name)
        if {o.pk for o in manager.all()} != {o.pk for o in wanted}:
            manager.set(wanted)

    # --- Accounts, memberships and the meeting ----------------------------------------------

    def _account(self, entry: dict, where: str) -> None:
        names = {"first_name": entry["first_name"], "last_name": entry["last_name"]}
        # An example.org address (never delivered), so the quick start's console shows the
        # notifications each demo person gets (#12).
        email = f"{entry['username']}@example.org"
        user = self._upsert(
            get_user_model(),
            {"username": entry["username"]},
            {**names, "email": email, "is_staff": entry.get("is_staff", False)},
            on_create={"password": make_password(None)},  # unusable until set below
        )
        # Set on creation, and again if someone changed it: the quick start promises it.
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        group = self.basis.groups[entry["group"]]
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        person = self._upsert(Person, {"user": user}, {**names, "email": email, "is_example": True})
        self.people[entry["username"]] = person

    def _membership(self, entry: dict, where: str) -> None:
        # "term start" is the start of the body's own term: KF's begins on 15 October.
        body = self.basis.bodies[entry["body"]]
        council = body.is_council
        lookup = {
            "person": self._person(entry["person"]),
            "body": body,
            "role": entry["role"],
            "starts_on": when(entry["starts_on"], self.today, council=council),
        }
        values = self._values(entry, Membership, skip={"role", "starts_on"}, council=council)
        values["represents"] = self.basis.bodies.get(entry.get("represents"))
        self._upsert(Membership, lookup, values)

    def _meeting(self, entry: dict, where: str) -> None:
        body = self.basis.bodies[entry["body"]]
        lookup = {"body": body, "is_example": True, "location": entry["location"]}
        values = self._values(entry, Meeting, skip={"location"})
        meeting = self._upsert(Meeting, lookup, values)
        attendees = [self._person(username) for username in entry.get("attendees", [])]
        self._set_m2m(meeting, "attendees", attendees)

    # --- Projects ---------------------------------------------------------------------------

    def _project(self, entry: dict, where: str) -> None:
        # Status and publication come last (``_status``): both follow the applications' decisions.
        skip = {"slug", "status", "published", "funding_check_closed_on"}
        values = {**self._values(entry, Project, skip), "is_example": True}
        values["responsible_body"] = self.basis.bodies[entry["responsible_body"]]
        values["unit"] = self.basis.bodies.get(entry.get("unit"))
        project = self._upsert(
            Project, {"slug": entry["slug"]}, values, on_create={"status": ProjectStatus.PLANNED}
        )
        self.projects[entry["slug"]] = project
        b = self.basis
        links = {
            "places": b.places,
            "relationships": b.relationships,
            "objectives": b.objectives,
            "cooperating_bodies": b.bodies,
        }
        for name, records in links.items():
            if name in entry:
                self._set_m2m(project, name, [records[key] for key in entry[name]])
        self._children("projects", entry, where, "funding_checks", partial(self._check, project))
        self._approve(project, entry)
        self._children("projects", entry, where, "participants", partial(self._count, project))
        self._children("projects", entry, where, "costs", partial(self._cost, project))

    def _check(self, project: Project, entry: dict) -> None:
        lookup = {"project": project, "programme": self.basis.programmes[entry["programme"]]}
        values = self._values(entry, FundingCheck)
        values["checked_by"] = self._person(entry["checked_by"])
        self._upsert(FundingCheck, lookup, values)

    def _approve(self, project: Project, entry: dict) -> None:
        """The completed funding check first: approved work needs it (S6). The status is set
        once the applications are decided (``_status``)."""
        if "funding_check_closed_by" in entry and not project.funding_check_complete:
            by = self._person(entry["funding_check_closed_by"])
            on = self._when(entry.get("funding_check_closed_on", "today"))
            complete_funding_check(project, by=by, on=on)
            project.refresh_from_db()

    def _status(self, entry: dict, where: str) -> None:
        """The status of the file, after the decision that approved the work, if it needs one;
        then its publication, by the rule of publishing from the staff pages (#12): work that
        needs a decision comes onto the public site only once its body has approved it."""
        project = self._project_of_file(entry["slug"])
        project.refresh_from_db()
        if "status" in entry and project.status != entry["status"]:
            sync(self.tally, project, {"status": entry["status"]}, REASON)
        # A file that says nothing of publication leaves it as the coordinator left it.
        published = entry.get("published", project.published)
        if published != project.published:
            if published and (gaps := predicates.publishing_gaps(project)):
                raise ValidationError(list(gaps))
            sync(self.tally, project, {"published": published}, REASON)

    def _count(self, project: Project, entry: dict) -> None:
        values = self._values(entry, ParticipantCount, skip={"level"})
        lookup = {"project": project, "level": entry["level"]}
        self._upsert(ParticipantCount, lookup, values)

    def _cost(self, project: Project, entry: dict) -> None:
        body = self.basis.bodies[entry["body"]]
        lookup = {"project": project, "body": body, "year": self._when(entry["year"])}
        self._upsert(ProjectCost, lookup, self._values(entry, ProjectCost, skip={"year"}))

    # --- Application and visit --------------------------------------------------------------

    def _project_of_file(self, slug: str) -> Project:
        if slug not in self.projects:
            raise ValidationError(f'"{slug}" is not the slug of a project of the file.')
        return self.projects[slug]

    def _application(self, entry: dict, where: str) -> None:
        """Submitted through the domain service on ``submitted_on``, unless it already was."""
        values = self._values(entry, Application, skip={"title", "submitted_on"})
        values["addressed_to"] = self.basis.bodies[entry["addressed_to"]]
        if "project" in entry:
            values["project"] = self._project_of_file(entry["project"])
        if "submitted_by" in entry:
            values["submitted_by"] = self._person(entry["submitted_by"])
        app = self._upsert(Application, {"title": entry["title"], "is_example": True}, values)
        objectives = [self.basis.objectives[number] for number in entry.get("objectives", [])]
        self._set_m2m(app, "objectives", objectives)
        if "submitted_on" in entry and predicates.may_be_submitted(app):
            app = submit(app, on=self._when(entry["submitted_on"]))
            self.tally.add(Application, UPDATED)
        if "decided_by" in entry and predicates.may_be_decided(app):
            self._decide(app, entry)

    def _decide(self, app: Application, entry: dict) -> None:
        """Decided through the domain service by a member of the addressed body, on
        ``decided_on`` or, if that lies before the term of the demo's members, on its first
        day: the member records it only for a meeting in office (S8)."""
        body = app.addressed_to
        user = self._person(entry["decided_by"]).user
        term_start = terms.term_for(self.today, council=body.is_council).starts_on
        on = max(self._when(entry.get("decided_on", "today")), term_start)
        decide(
            app,
            by=user,
            outcome=entry.get("outcome", "approved"),
            meeting_date=on,
            paragraph=entry.get("paragraph", 1),
        )
        self.tally.add(Application, UPDATED)

    def _visit(self, entry: dict, where: str) -> None:
        place = self.basis.places[entry["place"]]
        lookup = {"place": place, "is_example": True, "purpose": entry["purpose"]}
        values = self._values(entry, Visit, skip={"purpose"})
        if "relationship" in entry:
            values["relationship"] = self.basis.relationships[entry["relationship"]]
        visit = self._upsert(Visit, lookup, values)
        self._children("visits", entry, where, "participants", partial(self._participant, visit))

    def _participant(self, visit: Visit, entry: dict) -> None:
        lookup = {"visit": visit, "person": self._person(entry["person"])}
        self._upsert(VisitParticipant, lookup, self._values(entry, VisitParticipant))


# --- Entry point ----------------------------------------------------------------------------


def load_demo(path: Path = DEFAULT_FILE, today: datetime.date | None = None) -> Tally:
    """Load the file's examples in one transaction; refuse where demo data is not allowed."""
    if not settings.DEMO_DATA_ALLOWED:
        raise DemoError(PRODUCTION_REFUSAL)
    data = read_file(path, SCHEMA)
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        basis = find_basis(data)
        return DemoLoader(data, basis, today or timezone.localdate()).run()


def usernames(path: Path = DEFAULT_FILE) -> list[str]:
    """The usernames of the file's accounts, each with the password PASSWORD."""
    return [account["username"] for account in read_file(path, SCHEMA).get("accounts", [])]
