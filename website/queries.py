"""Reads of what the public may see: published records only, and never personal data.

Every public page, feed and API response gets its rows from here, so the rule "unpublished
is 404 everywhere" lives in one place. Each function returns a lazy queryset with the
joins and prefetches its page needs, so a page runs the same number of queries for one
row as for fifty.
"""

import datetime
from dataclasses import dataclass, field
from typing import ClassVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    Value,
)
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone
from django_countries.fields import Country
from modeltranslation.utils import build_localized_fieldname, get_language

from governance import compiled, tagged
from governance.lookups import AnyOf
from governance.models import Body, BodyKind, Decision, Meeting, Membership, PublicContact
from partners.models import (
    Agreement,
    NordicMeeting,
    Place,
    PlacePicture,
    Relationship,
    StatusChange,
)
from projects.models import (
    Application,
    CaseDocument,
    FundingCheck,
    FundingOutcome,
    ParticipantCount,
    Project,
    ProjectPicture,
)
from strategy.models import Objective, Revision, Strategy

# --- contact ------------------------------------------------------------------------------


def public_contacts():
    """Whom the public contacts (#14): functions with e-mail and phone, no person's name."""
    return PublicContact.objects.only(
        "pk", "function_sv", "function_en", "email", "phone", "address", "order"
    ).order_by("order", "pk")


def public_contact_list() -> list:
    """``public_contacts`` as a list, built and compiled once per process
    (``governance.compiled``): the footer of every page reads it when its fragment is missing."""
    return compiled.rows("public-contacts", public_contacts)


# --- places and relationships -------------------------------------------------------------


def published_relationships():
    """Relationships the coordinator published, with a published place (S19)."""
    return Relationship.objects.published()


def _published_relationships_of_place():
    return (
        Relationship.objects.filter(published=True)
        .select_related("chain", "established_by__body", "ended_by__body")
        .order_by("kind", "started_on")
    )


def places_for_map():
    """Published places, each with its published relationships in ``public_relationships``."""
    return (
        Place.objects.published()
        .select_related("administered_by", "successor")
        .prefetch_related(
            Prefetch(
                "relationships",
                queryset=Relationship.objects.filter(published=True).order_by("started_on"),
                to_attr="public_relationships",
            )
        )
        .order_by("name")
    )


@dataclass(slots=True)
class MapRelationship:
    """A published relationship as the map and the partner lists show it, read with
    ``values()``: the model's own properties (period, status) on the columns they read."""

    kind: str
    status: str
    started_on: datetime.date | None
    start_precision: str
    start_note: str
    ended_on: datetime.date | None

    _meta: ClassVar = Relationship._meta  # for the ``choice`` filter's labels
    start_display = Relationship.start_display
    is_active = Relationship.is_active
    has_ended = Relationship.has_ended


@dataclass(slots=True)
class MapPlace:
    """A published place as the map and the partner lists show it, with its published
    relationships in ``public_relationships`` (oldest first)."""

    pk: int
    slug: str
    name: str
    local_name: str
    country_code: str
    latitude: object
    longitude: object
    public_relationships: list[MapRelationship] = field(default_factory=list)

    display_name = Place.display_name

    @property
    def country(self) -> Country:
        """The place's ``Country`` (made when asked: the map and the start page read only
        the code and a name per country)."""
        return Country(self.country_code)

    def __str__(self):
        return self.name


class _Texts:
    """The language columns of one row, for modeltranslation's own fallback (``_start_note``)."""


_START_NOTES = tuple(
    build_localized_fieldname("start_note", code) for code, _name in settings.LANGUAGES
)


def _start_note(row: dict) -> str:
    """A relationship's start note in the page's language, falling back as the model does:
    modeltranslation's descriptor reads the language columns of the row."""
    texts = _Texts()
    texts.__dict__.update({name: row.pop(f"rel__{name}") for name in _START_NOTES})
    return Relationship.start_note.__get__(texts, Relationship) or ""


def _map_place_rows():
    published = FilteredRelation("relationships", condition=Q(relationships__published=True))
    return (
        Place.objects.published()
        .annotate(rel=published)
        .order_by("name", "pk", "rel__started_on", "rel__id")
        .values(
            "pk",
            "slug",
            "name",
            "local_name",
            "country",
            "latitude",
            "longitude",
            "rel__id",
            "rel__kind",
            "rel__status",
            "rel__started_on",
            "rel__start_precision",
            "rel__ended_on",
            *(f"rel__{name}" for name in _START_NOTES),
        )
    )


def map_places() -> list[MapPlace]:
    """``places_for_map`` for the start page and the place list: the published places and
    their published relationships in one query of values (a left join), instead of model
    instances, a prefetch and two joins nobody showed (#15). Oldest relationship first.
    Built and compiled once per process (``governance.compiled``)."""
    places: dict[int, MapPlace] = {}
    for row in compiled.rows("map-places", _map_place_rows):
        place = places.get(row["pk"])
        if place is None:
            place = places[row["pk"]] = MapPlace(
                pk=row["pk"],
                slug=row["slug"],
                name=row["name"],
                local_name=row["local_name"],
                country_code=row["country"],
                latitude=row["latitude"],
                longitude=row["longitude"],
            )
        if row["rel__id"] is not None:
            place.public_relationships.append(
                MapRelationship(
                    kind=row["rel__kind"],
                    status=row["rel__status"],
                    started_on=row["rel__started_on"],
                    start_precision=row["rel__start_precision"],
                    start_note=_start_note(row),
                    ended_on=row["rel__ended_on"],
                )
            )
    return list(places.values())


def public_pictures(model):
    """A place's or a project's pictures that the coordinator made public (#14), in order;
    whether the place or project itself is published is asked by the page that shows them."""
    return model.objects.filter(public=True).order_by("order", "pk")


def place_detail():
    """A published place with its public history: relationships, status changes, agreements."""
    agreements = (
        Agreement.objects.select_related("decision__body")
        .prefetch_related("document_versions")
        .order_by("signed_on")
    )
    changes = StatusChange.objects.select_related("decision__body").order_by("changed_on", "pk")
    relationships = _published_relationships_of_place().prefetch_related(
        Prefetch("status_changes", queryset=changes, to_attr="public_changes"),
        Prefetch("agreements", queryset=agreements, to_attr="public_agreements"),
        "peers",
    )
    return (
        Place.objects.published()
        .select_related("administered_by", "successor")
        .prefetch_related(
            Prefetch("relationships", queryset=relationships, to_attr="public_relationships"),
            Prefetch(
                "projects",
                queryset=project_rows()
                .prefetch_related(
                    Prefetch(
                        "cooperating_bodies",
                        queryset=Body.objects.order_by("name"),
                        to_attr="public_cooperating_bodies",
                    )
                )
                .order_by("-starts_on", "title"),
                to_attr="public_projects",
            ),
            Prefetch(
                "predecessors",
                queryset=Place.objects.published().order_by("name"),
                to_attr="public_predecessors",
            ),
            Prefetch("pictures", queryset=public_pictures(PlacePicture), to_attr="public_pictures"),
            Prefetch(
                "hosted_nordic_meetings",
                queryset=public_nordic_meetings().order_by("-year"),
                to_attr="public_nordic_meetings",
            ),
        )
    )


@dataclass
class Involvement:
    """One body of the municipality working with a place: its schools and the work (S3)."""

    body: Body
    schools: list[str] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    cooperating_in: list[Project] = field(default_factory=list)


def involvement(projects) -> list[Involvement]:
    """Which of the municipality's bodies and schools work with a place, and on what, from
    its published projects (``place_detail``'s ``public_projects``): the responsible body
    with the schools named on its work, and the bodies cooperating in it (S3: the strategy
    wants more administrations involved). No query of its own."""
    found: dict[int, Involvement] = {}
    for project in projects:
        body = project.responsible_body
        entry = found.setdefault(body.pk, Involvement(body=body))
        entry.projects.append(project)
        if project.school and project.school not in entry.schools:
            entry.schools.append(project.school)
        for other in getattr(project, "public_cooperating_bodies", []):
            found.setdefault(other.pk, Involvement(body=other)).cooperating_in.append(project)
    return sorted(found.values(), key=lambda entry: entry.body.name)


# --- projects -----------------------------------------------------------------------------


def published_projects():
    return Project.objects.published()


def _public_places():
    return Prefetch(
        "places", queryset=Place.objects.published().order_by("name"), to_attr="public_places"
    )


def project_rows(projects=None):
    """Published projects for lists and feeds: body and published places prefetched. The
    staff preview (#12) passes every project: the page shows the same, published or not."""
    return (
        (published_projects() if projects is None else projects)
        .select_related("responsible_body")
        .prefetch_related(_public_places())
    )


def _detail_prefetches() -> list[Prefetch]:
    """What a project's page shows beside its own columns and body, one query each, for the
    staff preview and the API's rows (the public page reads the same in one query,
    ``with_details``)."""
    granted = (
        FundingCheck.objects.filter(outcome=FundingOutcome.GRANTED)
        .select_related("programme__funder")
        .order_by("programme__funder__name")
    )
    decided = (
        Application.objects.filter(decision__isnull=False)
        .select_related("decision__body")
        .order_by("decision__meeting_date")
    )
    return [
        Prefetch(
            "relationships",
            queryset=published_relationships().select_related("place"),
            to_attr="public_relationships",
        ),
        Prefetch("cooperating_bodies", queryset=Body.objects.order_by("name")),
        Prefetch("objectives", queryset=Objective.objects.order_by("strategy", "number")),
        Prefetch("participant_counts", queryset=ParticipantCount.objects.order_by("level")),
        # Only which funders granted money is public; amounts and notes stay internal.
        Prefetch("funding_checks", queryset=granted, to_attr="granted_checks"),
        Prefetch("applications", queryset=decided, to_attr="decided_applications"),
        Prefetch("pictures", queryset=public_pictures(ProjectPicture), to_attr="public_pictures"),
    ]


def project_detail(projects=None):
    """A published project with what its page shows, in a fixed number of queries (of
    ``projects``, for the staff preview, #12)."""
    return project_rows(projects).prefetch_related(*_detail_prefetches())


# Where the page's project's slug goes while its read is compiled: no slug has a space.
_SLUG_MARKER = "project page slug"


def published_project(slug: str) -> Project | None:
    """The published project of ``slug`` with its body, for its page: built and compiled
    once per process (``governance.tagged.keyed_rows``), not for every slug (#15)."""
    found = tagged.keyed_rows(
        "project-page-project",
        lambda slug: published_projects().select_related("responsible_body").filter(slug=slug),
        slug,
        _SLUG_MARKER,
    )
    return found[0] if found else None


def _page_lists(key: int) -> list:
    """What a project's page shows beside its own columns and body (``with_details``), as
    the parts of one query (``governance.tagged``), in the order ``with_details`` takes them:
    the same records and order as ``_detail_prefetches`` and ``project_documents`` read them
    (the key last, so that equal values keep one order), only the columns the page shows
    and the keys that join them."""
    body_name = build_localized_fieldname("name", get_language())
    return [
        tagged.Part(
            Place.objects.published().filter(projects=key),
            ("pk", "name", "local_name", "slug", "country"),
            ("name", "pk"),
        ),
        tagged.Part(
            published_relationships().filter(projects=key),
            ("pk", "kind", "place", "place__id", "place__name"),
            ("place__name", "kind", "pk"),
        ),
        tagged.Part(
            Body.objects.filter(cooperates_in=key),
            ("pk", "name", "name_sv", "name_en"),
            (body_name, "pk"),
        ),
        tagged.Part(
            Objective.objects.filter(projects=key),
            ("pk", "number", "text", "text_sv", "text_en"),
            ("-strategy__adopted_by__meeting_date", "number", "pk"),
        ),
        tagged.Part(
            ParticipantCount.objects.filter(project=key),
            ("pk", "project", "level", "count"),
            ("level", "pk"),
        ),
        # Only which funders granted money is public; amounts and notes stay internal.
        tagged.Part(
            FundingCheck.objects.filter(project=key, outcome=FundingOutcome.GRANTED),
            (
                "pk",
                "project",
                "programme",
                "programme__id",
                "programme__funder",
                "programme__funder__id",
                "programme__funder__name",
                "programme__funder__name_en",
            ),
            ("programme__funder__name", "pk"),
        ),
        tagged.Part(
            Application.objects.filter(project=key, decision__isnull=False),
            (
                "pk",
                "project",
                "decision",
                "decision__id",
                "decision__body",
                "decision__title",
                "decision__title_sv",
                "decision__title_en",
                "decision__outcome",
                "decision__meeting_date",
                "decision__paragraph",
                "decision__body__id",
                "decision__body__slug",
                "decision__body__short_name",
            ),
            ("decision__meeting_date", "pk"),
        ),
        tagged.Part(
            public_pictures(ProjectPicture).filter(project=key),
            ("pk", *(f.attname for f in ProjectPicture._meta.concrete_fields[1:])),
            ("order", "pk"),
        ),
        tagged.Part(
            _project_documents(key),
            ("pk", "kind", "title", "file", "application", "project"),
            ("uploaded_at", "pk"),
        ),
    ]


def with_details(project: Project) -> Project:
    """``project``, already read with its body (``project_rows`` without the prefetches),
    given what its page shows, as ``project_detail`` reads it, and its public documents in
    ``public_documents`` (``project_documents``): the public page reads the project once,
    not once to find it and again with its details (#15), and its lists in one query, not
    nine, compiled once per process (``governance.tagged``, #15)."""
    (
        project.public_places,
        project.public_relationships,
        bodies,
        objectives,
        counts,
        project.granted_checks,
        project.decided_applications,
        project.public_pictures,
        project.public_documents,
    ) = tagged.lists("project-page", _page_lists, project.pk)
    # Where the template reads them as a relation's ``.all``, as ``prefetch_related`` puts them.
    for name, found in (
        ("cooperating_bodies", bodies),
        ("objectives", objectives),
        ("participant_counts", counts),
    ):
        tagged.prefetched(project, name, found)
    return project


def project_year_bounds():
    """The years of the first start, the last start and the last end of the published work,
    as one row (first, last_start, last_end) of one aggregate query. The bounds of the dates
    themselves, not of their years: PostgreSQL reads each from the end of an index
    (projects_starts_on_title_sv, projects_ends_on) instead of every row (#15). A query of its
    own, or a part of the project list's query of its filters' choices
    (``website.filters.choice_records``); ``years_between`` makes them the years."""
    years = {
        name: Cast(ExtractYear(aggregate(column)), IntegerField())
        for name, aggregate, column in (
            ("first", Min, "starts_on"),
            ("last_start", Max, "starts_on"),
            ("last_end", Max, "ends_on"),
        )
    }
    # Grouped by a constant, which is no column: one row for every published project. Not
    # rewritten by modeltranslation, whose values() of an expression alone selects every column.
    return published_projects().rewrite(False).order_by().values(whole=Value(1)).annotate(**years)


def years_between(first: int | None, last_start: int | None, last_end: int | None) -> list[int]:
    """Every year from the last one the published work ran in down to its first start."""
    if first is None:
        return []
    last = max(year for year in (last_start, last_end) if year is not None)
    return list(range(last, first - 1, -1))


def project_years() -> list[int]:
    """Every year in which some published project ran, for the year filter."""
    bounds = project_year_bounds().values_list("first", "last_start", "last_end").get()
    return years_between(*bounds)


def projects_in_year(queryset, year: int):
    """Projects that ran during ``year``: started by its end, not ended before its start."""
    return queryset.filter(starts_on__year__lte=year).filter(
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
    )


# What a project's item in a list shows ({% project_item %}, the embed), and nothing else.
PROJECT_ITEM_FIELDS = ("pk", "slug", "title", "summary", "kind", "status", "starts_on", "ends_on")


def project_items(projects=None, places: bool = True):
    """Published projects as a list's items show them (``{% project_item %}``): an item's
    columns and its published places' names only, not every column of the project, its body
    and every column of its places (#15). ``places=False``: without the places, which the
    caller reads for the rows it keeps (``with_public_places``)."""
    projects = (published_projects() if projects is None else projects).only(*PROJECT_ITEM_FIELDS)
    if not places:
        return projects
    places = Place.objects.published().only("pk", "name").order_by("name")
    return projects.prefetch_related(Prefetch("places", queryset=places, to_attr="public_places"))


# The statement of ``with_public_places`` by database, compiled once (PostgreSQL, ``AnyOf``)
# with a stand-in for the ids (a list of ids never holds a text).
_PLACES_OF: dict = {}
_IDS = ["\x00ids\x00"]


def _public_places_of(ids: list, using: str):
    """(project pk, place pk, name) of the published places of these projects, by name."""

    def rows(condition):
        # Not rewritten by modeltranslation, whose values_list selects its columns in no fixed
        # order (and puts them in order as it reads): the cursor reads them here.
        return (
            Place.objects.using(using)
            .rewrite(False)
            .published()
            .filter(condition)
            .values_list("projects__id", "pk", "name")
            .order_by("name", "pk")
        )

    if connections[using].vendor != "postgresql":
        return list(rows(Q(projects__in=ids)))
    kept = _PLACES_OF.get(using)
    if kept is None:
        kept = _PLACES_OF[using] = rows(AnyOf(F("projects__id"), _IDS)).query.sql_with_params()
    sql, params = kept
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [ids if param == _IDS else param for param in params])
        return cursor.fetchall()


def with_public_places(projects: list, using: str = DEFAULT_DB_ALIAS) -> list:
    """``projects`` (a page of ``project_items(places=False)``), each with its published
    places as ``public_places``, in one query, as ``project_items``' prefetch gives them:
    places with their pk and name only, by name. On PostgreSQL its statement is compiled
    once per process (a list of ids as one parameter, ``AnyOf``): building the prefetch's
    queryset and matching its instances cost more than its query on a page of 20 (#15)."""
    if not projects:
        return projects
    by_pk = {}
    for project in projects:
        project.public_places = []
        by_pk[project.pk] = project
    names = ["id", "name"]
    for project_pk, pk, name in _public_places_of(list(by_pk), using):
        by_pk[project_pk].public_places.append(Place.from_db(using, names, [pk, name]))
    return projects


def current_projects():
    """Current published work for the start page and the embed, as items."""
    return project_items(published_projects().current()).order_by("-starts_on", "title")


def first_current_projects(count: int) -> list:
    """The first ``count`` of ``current_projects``, built and compiled once per process
    (``governance.compiled``); their places are read by the prefetch as before."""
    return compiled.rows("current-projects", lambda count: current_projects()[:count], count)


# --- strategy and network -----------------------------------------------------------------


def current_strategy() -> Strategy | None:
    """The strategy in force (not replaced), its objectives and the public work serving each."""
    objectives = Objective.objects.order_by("number").prefetch_related(
        Prefetch(
            "projects",
            queryset=project_rows().order_by("-starts_on", "title"),
            to_attr="public_projects",
        )
    )
    revisions = Revision.objects.select_related("decision__body").order_by("decision__meeting_date")
    return (
        Strategy.objects.filter(replaced_by__isnull=True)
        .select_related("adopted_by__body")
        .prefetch_related(
            Prefetch("objectives", queryset=objectives, to_attr="public_objectives"),
            Prefetch("revisions", queryset=revisions, to_attr="public_revisions"),
        )
        .first()
    )


def network_members(day: datetime.date):
    """Today's members of the international network: role and administration, never names."""
    return (
        Membership.objects.valid_on(day)
        .filter(body__kind=BodyKind.INTERNATIONAL_NETWORK)
        .select_related("body", "represents")
        .order_by("represents__name", "role", "starts_on")
    )


def network_meetings_per_year(kind: str = BodyKind.INTERNATIONAL_NETWORK):
    """How many meetings a network held each year (S17, S20); counts only, no contents."""
    now = timezone.now()
    return (
        Meeting.objects.filter(body__kind=kind, starts_at__lte=now)
        .annotate(year=ExtractYear("starts_at"))
        .values("year")
        .annotate(count=Count("pk"))
        .order_by("-year")
    )


# --- meetings -----------------------------------------------------------------------------


def public_meetings():
    """Meetings marked public, with their body."""
    return Meeting.objects.filter(is_public=True).select_related("body")


def upcoming_public_meetings():
    return public_meetings().filter(starts_at__gte=timezone.now()).order_by("starts_at")


def public_nordic_meetings():
    """Nordic meetings of a chain that has at least one published relationship (S18).

    A Nordic meeting has no published flag of its own; it is public once the coordinator has
    published a relationship of its chain.
    """
    chains = published_relationships().filter(chain__isnull=False).values("chain")
    return NordicMeeting.objects.filter(chain__in=chains).select_related("chain", "host")


def upcoming_nordic_meetings(today: datetime.date):
    """Nordic meetings not yet over; one without dates counts until its year has passed."""
    return (
        public_nordic_meetings()
        .filter(
            Q(ends_on__gte=today)
            | Q(ends_on__isnull=True, starts_on__gte=today)
            | Q(starts_on__isnull=True, year__gte=today.year)
        )
        .order_by("year")
    )


def first_upcoming_nordic_meetings(today: datetime.date, count: int) -> list:
    """The first ``count`` of ``upcoming_nordic_meetings(today)``, built and compiled once per
    process and day (``governance.compiled``: its subquery made it the start page's dearest)."""
    return compiled.rows(
        "upcoming-nordic-meetings",
        lambda today, count: upcoming_nordic_meetings(today)[:count],
        today,
        count,
    )


# --- decisions ----------------------------------------------------------------------------


def public_decisions():
    """Decisions behind published work: relationships, their changes and agreements,
    published projects' applications, and the strategy with its revisions (the rule is
    ``projects.decision_publicity.rule``). Read from the stored mark the rule keeps
    (``governance.DecisionPublicity``, #15): an index, not the rule over every record."""
    return Decision.objects.filter(publicity__isnull=False).select_related("body")


def decision_work(decision: Decision) -> dict:
    """The published work a decision concerns, for its page."""
    relationships = published_relationships().select_related("place")
    return {
        "established": list(relationships.filter(established_by=decision)),
        "ended": list(relationships.filter(ended_by=decision)),
        "status_changes": list(
            StatusChange.objects.filter(
                decision=decision, relationship__in=published_relationships()
            ).select_related("relationship__place")
        ),
        "agreements": list(
            Agreement.objects.filter(
                decision=decision, relationship__in=published_relationships()
            ).select_related("relationship__place")
        ),
        "projects": list(
            published_projects().filter(applications__decision=decision).order_by("title")
        ),
        "strategies": list(Strategy.objects.filter(adopted_by=decision)),
        "revisions": list(Revision.objects.filter(decision=decision).select_related("strategy")),
    }


def public_documents():
    """Documents of case work the coordinator marked public and nobody withdrew (#12), of
    published work (the project's own and its decided applications'), of public decisions
    and of public meetings. Anything else is internal: never listed, never served.

    Each condition is read on the document's own record through its foreign key (a join),
    a decision's from the stored mark (``governance.DecisionPublicity``, #15), not as a
    subquery of every published project or public decision."""
    return CaseDocument.objects.public().filter(
        Q(project__published=True)
        | Q(application__project__published=True, application__decision__isnull=False)
        | Q(decision__publicity__isnull=False)
        | Q(meeting__is_public=True)
    )


def _project_documents(project_pk: int):
    return CaseDocument.objects.public().filter(
        Q(project=project_pk, project__published=True)
        | Q(
            application__project=project_pk,
            application__project__published=True,
            application__decision__isnull=False,
        )
    )


def project_documents(project_pk: int) -> list:
    """The public documents a published project's page lists, oldest first: its own and its
    decided applications'. A document belongs to exactly one record (a constraint), so no
    decision's or meeting's document is among them, and only these two conditions of
    ``public_documents`` are asked (#15). The page reads them with its other lists
    (``with_details``)."""
    return list(_project_documents(project_pk).order_by("uploaded_at", "pk"))


def decision_documents(decision: Decision) -> list:
    """The public documents a decision's page lists: its own and its application's."""
    found = public_documents().filter(Q(decision=decision) | Q(application__decision=decision))
    return list(found.order_by("uploaded_at", "pk"))
