"""Example data for the quick start: accounts, people, projects, a meeting, an application, a visit.

Never loaded where settings.DEMO_DATA_ALLOWED is off (production). Everything is marked as an
example (is_example, and "Exempel:" in titles) and invents nothing about the real partners: the
examples only refer to the municipality's own records that `load_vimmerby` loaded. Loading is
idempotent, through the models and the domain services, in one transaction (see
projects.loading for how records are compared).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation

from governance import terms
from governance.access import BOARD_MEMBER_GROUP, CONTRIBUTOR_GROUP, COORDINATOR_GROUP
from governance.models import Body, BodyKind, Meeting, Membership, ParticipantLevel, Person, Role
from municipality.loading import UPDATED, Tally, sync, upsert
from network.models import Objective, Strategy
from partners.models import Direction, Place, Relationship, Visit, VisitParticipant
from projects.models import (
    APPROVED_STATUSES,
    Application,
    ApplicationStatus,
    FundingCheck,
    FundingOutcome,
    ParticipantCount,
    Programme,
    Project,
    ProjectCost,
    ProjectKind,
    ProjectStatus,
)
from projects.services.applications import submit
from projects.services.funding import complete_funding_check

PASSWORD = "demo"
REASON = "load_demo"
PRODUCTION_REFUSAL = (
    "Demo data is never loaded in production: DEMO_DATA_ALLOWED is off (it follows DEBUG "
    "unless set). Set DEMO_DATA_ALLOWED=on only on a machine for trying the system out."
)


class DemoError(Exception):
    """The demo data cannot be loaded here; the message says why."""


@dataclass
class Basis:
    """The municipality's own records (from load_vimmerby) that the examples refer to."""

    bodies: dict[str, Body]
    places: dict[str, Place]
    relationships: dict[str, Relationship]
    programmes: dict[str, Programme]
    objectives: dict[int, Objective]


BODIES = ("KS", "BUN", "SN")
PLACES = ("kauhava", "joniskis", "mukono")
PROGRAMMES = (
    "icld-kommunala-partnerskap",
    "nordplus-junior",
    "erasmus-plus-skola-ka1",
    "si-ostersjoregionen",
)


def find_basis() -> Basis:
    """Everything the examples need, or a DemoError naming what is missing."""
    missing = []

    def one(queryset, label):
        obj = queryset.first()
        if obj is None:
            missing.append(label)
        return obj

    bodies = {s: one(Body.objects.filter(short_name=s), f"body {s}") for s in BODIES}
    bodies["network"] = one(
        Body.objects.filter(kind=BodyKind.INTERNATIONAL_NETWORK), "the international network"
    )
    for short in ("KS", "BUN"):
        bodies[f"{short}-administration"] = one(
            Body.objects.administrations().filter(parent__short_name=short),
            f"the administration under {short}",
        )
    places = {s: one(Place.objects.filter(slug=s), f"place {s}") for s in PLACES}
    relationships = {
        s: one(Relationship.objects.filter(place__slug=s), f"the relationship with {s}")
        for s in PLACES
    }
    programmes = {s: one(Programme.objects.filter(slug=s), f"programme {s}") for s in PROGRAMMES}
    for group in (COORDINATOR_GROUP, CONTRIBUTOR_GROUP, BOARD_MEMBER_GROUP):
        one(Group.objects.filter(name=group), f"group {group}")
    strategy = one(Strategy.objects.all(), "the strategy")
    objectives = {o.number: o for o in strategy.objectives.all()} if strategy else {}
    if strategy and len(objectives) < 8:
        missing.append("the strategy's eight objectives")
    if missing:
        raise DemoError(
            "The demo data builds on the municipality's data, and this is missing: "
            f"{', '.join(missing)}. Run `manage.py load_vimmerby` first."
        )
    return Basis(bodies, places, relationships, programmes, objectives)


# --- Accounts, people and memberships -----------------------------------------------------


@dataclass(frozen=True)
class Account:
    username: str
    last_name: str
    group: str
    is_staff: bool = False


ACCOUNTS = (
    Account("samordnare", "Samordnare", COORDINATOR_GROUP, is_staff=True),
    Account("ks-ledamot", "KS-ledamot", BOARD_MEMBER_GROUP),
    Account("bun-ledamot", "BUN-ledamot", BOARD_MEMBER_GROUP),
    Account("skola", "Skolpersonal", CONTRIBUTOR_GROUP),
)


class DemoLoader:
    """Creates or updates each example, in the order their references need."""

    def __init__(self, basis: Basis, today: datetime.date):
        self.basis = basis
        self.today = today
        self.year = today.year
        self.tally = Tally()
        self.people: dict[str, Person] = {}

    def run(self) -> Tally:
        for account in ACCOUNTS:
            self.people[account.username] = self._account(account)
        self._memberships()
        self._network_meeting()
        self._mukono_project()
        self._school_exchange()
        joniskis = self._joniskis_project()
        self._application(joniskis)
        self._visit()
        return self.tally

    def _upsert(self, model, lookup, values, on_create=None):
        return upsert(self.tally, model, lookup, values, REASON, on_create)

    def _account(self, account: Account) -> Person:
        values = {"is_staff": account.is_staff, "first_name": "Exempel"}
        values["last_name"] = account.last_name
        user = self._upsert(
            get_user_model(),
            {"username": account.username},
            values,
            on_create={"password": make_password(None)},  # unusable until set below
        )
        # Set on creation, and again if someone changed it: the quick start promises it.
        if not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        group = Group.objects.get(name=account.group)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        names = {"first_name": "Exempel", "last_name": account.last_name, "is_example": True}
        return self._upsert(Person, {"user": user}, names)

    def _membership(self, person, body, role, represents=None) -> None:
        """A membership from the start of the current term; elected ones end with it."""
        starts_on = terms.term_for(self.today, council=False).starts_on
        lookup = {"person": person, "body": body, "role": role, "starts_on": starts_on}
        self._upsert(Membership, lookup, {"represents": represents})

    def _memberships(self) -> None:
        bodies, people = self.basis.bodies, self.people
        ksf = bodies["KS-administration"]
        self._membership(people["samordnare"], ksf, Role.OFFICIAL)
        # The coordinator leads the international network for the KS administration (S17).
        self._membership(people["samordnare"], bodies["network"], Role.COORDINATOR, ksf)
        self._membership(people["ks-ledamot"], bodies["KS"], Role.MEMBER)
        self._membership(people["bun-ledamot"], bodies["BUN"], Role.MEMBER)
        self._membership(people["skola"], bodies["BUN-administration"], Role.OFFICIAL)

    # --- Meeting ------------------------------------------------------------------------

    def _network_meeting(self) -> None:
        body = self.basis.bodies["network"]
        starts_at = timezone.make_aware(datetime.datetime(self.year, 3, 12, 13, 0))
        meeting = self._upsert(
            Meeting,
            {"body": body, "is_example": True, "location": "Exempel: Sammanträdesrum 1"},
            {
                "starts_at": starts_at,
                "ends_at": starts_at + datetime.timedelta(hours=2),
                "agenda": (
                    "Exempel: 1. Pågående projekt och utbyten. 2. Nya ansökningar att samråda "
                    "om (S9). 3. Möjligheter till extern finansiering (S6)."
                ),
            },
        )
        self._set_m2m(meeting, "attendees", [self.people["samordnare"], self.people["skola"]])

    # --- Projects -----------------------------------------------------------------------

    def _project(self, slug: str, values: dict, links: dict) -> Project:
        values = {**values, "published": True, "is_example": True}
        project = self._upsert(
            Project, {"slug": slug}, values, on_create={"status": ProjectStatus.PLANNED}
        )
        for name, objs in links.items():
            self._set_m2m(project, name, objs)
        return project

    def _checks(self, project: Project, checks, by: Person, on: datetime.date) -> None:
        for slug, outcome, note in checks:
            lookup = {"project": project, "programme": self.basis.programmes[slug]}
            values = {"checked_on": on, "checked_by": by, "outcome": outcome, "note": note}
            self._upsert(FundingCheck, lookup, values)

    def _approve(self, project: Project, status: str, by: Person, on: datetime.date) -> None:
        """Approved work needs its completed funding check first (S6)."""
        if status in APPROVED_STATUSES and not project.funding_check_complete:
            complete_funding_check(project, by=by, on=on)
            project.refresh_from_db()
        if project.status != status:
            sync(self.tally, project, {"status": status}, REASON)

    def _participants(self, project: Project, counts: dict) -> None:
        for level, (count, women, men) in counts.items():
            values = {"count": count, "women": women, "men": men}
            self._upsert(ParticipantCount, {"project": project, "level": level}, values)

    def _cost(self, project: Project, body: Body, amount: int, description: str) -> None:
        lookup = {"project": project, "body": body, "year": self.year}
        values = {"amount": Decimal(amount), "description": description}
        self._upsert(ProjectCost, lookup, values)

    def _mukono_project(self) -> None:
        b, year = self.basis, self.year
        ks = b.bodies["KS"]
        project = self._project(
            "exempel-barns-delaktighet-mukono",
            {
                "title_sv": "Exempel: Barns och ungas delaktighet i Mukono och Vimmerby",
                "title_en": "Example: Participation of children and young people in Mukono "
                "and Vimmerby",
                "summary_sv": "Exempelprojekt i partnerskapet med Mukono, med barnkonventionen "
                "som grund: unga och förtroendevalda i båda kommunerna utbyter erfarenheter "
                "om hur barn och unga kan göras delaktiga i kommunens beslut.",
                "summary_en": "An example project in the partnership with Mukono, founded on "
                "the Convention on the Rights of the Child: young people and elected members "
                "of both municipalities share experience of involving children and young "
                "people in the municipality's decisions.",
                "kind": ProjectKind.PARTNERSHIP,
                "responsible_body": ks,
                "starts_on": datetime.date(year - 1, 8, 1),
                "ends_on": datetime.date(year + 1, 6, 30),
                "own_cost": Decimal(30000),
            },
            {
                "places": [b.places["mukono"]],
                "relationships": [b.relationships["mukono"]],
                "objectives": [b.objectives[1], b.objectives[4], b.objectives[6]],
                "cooperating_bodies": [b.bodies["BUN"]],
            },
        )
        coordinator, checked_on = self.people["samordnare"], datetime.date(year - 1, 5, 15)
        checks = [("icld-kommunala-partnerskap", FundingOutcome.GRANTED, "Exempel: beviljat.")]
        self._checks(project, checks, coordinator, checked_on)
        self._approve(project, ProjectStatus.ONGOING, coordinator, checked_on)
        P = ParticipantLevel
        self._participants(
            project,
            {
                P.ELECTED: (2, 1, 1),
                P.OFFICIAL: (2, 2, 0),
                P.YOUNG: (12, 7, 5),
                P.PARTNER: (10, 5, 5),
            },
        )
        self._cost(project, ks, 30000, "Exempel: resor och kost")

    def _school_exchange(self) -> None:
        b, year = self.basis, self.year
        bun = b.bodies["BUN"]
        project = self._project(
            "exempel-klassutbyte-kauhava",
            {
                "title_sv": "Exempel: Klassutbyte med Kauhava",
                "title_en": "Example: Class exchange with Kauhava",
                "summary_sv": "Exempel på ett skolutbyte: en klass i årskurs 8 brevväxlar med "
                "en klass i Kauhava och besöker varandra under läsåret.",
                "summary_en": "An example school exchange: a year 8 class corresponds with a "
                "class in Kauhava and the classes visit each other during the school year.",
                "kind": ProjectKind.SCHOOL_EXCHANGE,
                "responsible_body": bun,
                "school": "Exempelskolan",
                "starts_on": datetime.date(year - 1, 8, 15),
                "ends_on": datetime.date(year + 1, 6, 15),
                "own_cost": Decimal(12000),
            },
            {
                "places": [b.places["kauhava"]],
                "relationships": [b.relationships["kauhava"]],
                "objectives": [b.objectives[4], b.objectives[5]],
            },
        )
        teacher, checked_on = self.people["skola"], datetime.date(year - 1, 2, 1)
        checks = [
            ("nordplus-junior", FundingOutcome.GRANTED, "Exempel: beviljat."),
            ("erasmus-plus-skola-ka1", FundingOutcome.NOT_APPLICABLE, "Exempel: nordiskt utbyte."),
        ]
        self._checks(project, checks, teacher, checked_on)
        self._approve(project, ProjectStatus.ONGOING, teacher, checked_on)
        P = ParticipantLevel
        self._participants(
            project, {P.PUPIL: (24, 12, 12), P.STAFF: (3, 2, 1), P.PARTNER: (22, 11, 11)}
        )
        self._cost(project, bun, 12000, "Exempel: resor")

    def _joniskis_project(self) -> Project:
        b, year = self.basis, self.year
        project = self._project(
            "exempel-erfarenhetsutbyte-joniskis",
            {
                "title_sv": "Exempel: Erfarenhetsutbyte om äldreomsorg med Joniškis",
                "title_en": "Example: Exchange of experience in elderly care with Joniškis",
                "summary_sv": "Exempel på hur vänortssamarbetet med Joniškis kan bli ett aktivt "
                "erfarenhetsutbyte inom fler kommunala verksamheter (S3).",
                "summary_en": "An example of how the twin-town cooperation with Joniškis can "
                "grow into an active exchange of experience across more of the "
                "municipality's work (S3).",
                "kind": ProjectKind.PARTNERSHIP,
                "responsible_body": b.bodies["KS"],
                "starts_on": datetime.date(year + 1, 3, 1),
                "ends_on": datetime.date(year + 1, 11, 30),
                "own_cost": Decimal(40000),
            },
            {
                "places": [b.places["joniskis"]],
                "relationships": [b.relationships["joniskis"]],
                "objectives": [b.objectives[6], b.objectives[7]],
                "cooperating_bodies": [b.bodies["SN"]],
            },
        )
        # The check is still open, so the work cannot be approved yet (S6).
        checks = [("si-ostersjoregionen", FundingOutcome.WILL_APPLY, "Exempel: ansökan planeras.")]
        self._checks(project, checks, self.people["samordnare"], datetime.date(year, 9, 1))
        return project

    # --- Application and visit ----------------------------------------------------------

    def _application(self, project: Project) -> None:
        """Waiting for KS's decision, sent without the network's view: the S9 warning shows."""
        app = self._upsert(
            Application,
            {"title": "Exempel: Ansökan om erfarenhetsutbyte med Joniškis", "is_example": True},
            {
                "kind": "partnership",
                "summary": "Exempel: Kommunstyrelsen ombeds besluta om ett erfarenhetsutbyte om "
                "äldreomsorg med vänorten Joniškis, tillsammans med socialnämnden.",
                "project": project,
                "addressed_to": self.basis.bodies["KS"],
                "cost": Decimal(40000),
                "submitted_by": self.people["samordnare"],
            },
        )
        self._set_m2m(app, "objectives", list(project.objectives.all()))
        if app.status in (ApplicationStatus.DRAFT, ApplicationStatus.IN_CONSULTATION):
            submit(app, on=self.today)
            self.tally.add(Application, UPDATED)

    def _visit(self) -> None:
        """A twin-town visit without the chair of KF or KS: flagged (S14)."""
        b, year = self.basis, self.year
        visit = self._upsert(
            Visit,
            {
                "place": b.places["kauhava"],
                "is_example": True,
                "purpose": "Exempel: Vänortsbesök i Kauhava för att planera fortsatt samarbete "
                "inom skola och kultur.",
            },
            {
                "relationship": b.relationships["kauhava"],
                "direction": Direction.OUTGOING,
                "starts_on": datetime.date(year, 6, 4),
                "ends_on": datetime.date(year, 6, 6),
                "cost": Decimal(18000),
            },
        )
        participants = (
            ("ks-ledamot", "Ledamot i kommunstyrelsen", ParticipantLevel.ELECTED),
            ("samordnare", "Internationell samordnare", ParticipantLevel.OFFICIAL),
        )
        for username, role, level in participants:
            lookup = {"visit": visit, "person": self.people[username]}
            self._upsert(VisitParticipant, lookup, {"role": role, "level": level})

    def _set_m2m(self, obj, name: str, wanted: list) -> None:
        manager = getattr(obj, name)
        if {o.pk for o in manager.all()} != {o.pk for o in wanted}:
            manager.set(wanted)


def load_demo(today: datetime.date | None = None) -> Tally:
    """Load the examples in one transaction; refuse where demo data is not allowed."""
    if not settings.DEMO_DATA_ALLOWED:
        raise DemoError(PRODUCTION_REFUSAL)
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        basis = find_basis()
        return DemoLoader(basis, today or timezone.localdate()).run()
