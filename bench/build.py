"""Build a large, valid data set in the bench database: ``python -m bench.build PROJECTS``.

Runs after ``migrate`` and ``load_municipality``, so the municipality's real bodies, places,
strategy and programmes are there; this adds synthetic projects with places, objectives,
participants, costs, funding checks and decided applications.

The rows go in with ``bulk_create`` in batches: ``ValidatedModel.save()`` runs ``full_clean()``,
which reads related rows for every record and would take hours at 100,000 projects. Every row
still satisfies the database's constraints (they are checked on insert), and the builder keeps
the rules ``clean()`` adds itself: approved work has a completed funding check (S6), the
responsible body decides, a decision is the addressed body's.

The shape is chosen for the memory target of the yearly report: exactly ``min(PROJECTS, 1000)``
projects run in the report year (last year), and every other project lies in earlier years
(from 1990). So the report year is the same size at every size of the data set, and a larger
set only adds years on record.
"""

import argparse
import datetime
import json
import random
import time
from decimal import Decimal

REPORT_YEAR_PROJECTS = 1000
HISTORY_FIRST_YEAR = 1990
EXTRA_PLACES = 30
BATCH_SIZE = 5000
SEED = 20261127
BENCH_USERNAME = "bench-samordnare"

# (kind, weight): mostly exchanges, as in a municipality's real records.
KINDS = (
    ("school_exchange", 35),
    ("youth_exchange", 15),
    ("partnership", 15),
    ("staff_exchange", 15),
    ("culture", 10),
    ("twin_town", 5),
    ("other", 5),
)
KIND_TITLES = {
    "school_exchange": ("Skolutbyte", "School exchange"),
    "youth_exchange": ("Ungdomsutbyte", "Youth exchange"),
    "partnership": ("Partnerskapsprojekt", "Partnership project"),
    "staff_exchange": ("Personalutbyte", "Staff exchange"),
    "culture": ("Kulturprojekt", "Culture project"),
    "twin_town": ("Vänortssamarbete", "Twin-town cooperation"),
    "other": ("Samarbete", "Cooperation"),
}
COUNTRIES = ("FI", "DK", "NO", "IS", "LT", "LV", "EE", "DE", "PL", "UG", "KE", "TZ", "FR", "ES")
LEVELS = ("elected", "official", "staff", "pupil", "young", "partner")
TOPICS = (
    "barns rättigheter",
    "hållbar turism",
    "demokrati och delaktighet",
    "miljö och klimat",
    "idrott för unga",
    "kultur och litteratur",
    "lärande i skolan",
    "vatten och avlopp",
)


def _weighted(rng, pairs):
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def _day_in(rng, year):
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


class Builder:
    """Holds the reference rows and the random source; ``build()`` writes everything."""

    def __init__(
        self, projects: int, report_year: int, today: datetime.date, search_only: bool = False
    ):
        self.search_only = search_only
        self.count = projects
        self.report_year = report_year
        self.today = today
        self.rng = random.Random(SEED)
        self.timings = {}

    # --- reference rows --------------------------------------------------------------------

    def prepare(self):
        from governance.models import Body, Decision, Person
        from partners.models import Place
        from projects.models import Programme
        from strategy.models import Objective

        self.bodies = {b.short_name: b for b in Body.objects.deciding().exclude(kind="council")}
        self.objectives = list(Objective.objects.filter(strategy__replaced_by__isnull=True))
        self.programmes = list(Programme.objects.all())
        self.person, _created = Person.objects.get_or_create(
            first_name="Bench", last_name="Samordnare"
        )
        self.places = list(Place.objects.all()) + self._extra_places()
        self.taken = set(Decision.objects.values_list("body_id", "meeting_date", "paragraph"))
        self.paragraphs = {}

    def _extra_places(self):
        """A fixed number of synthetic partners at every size: places do not grow with work."""
        from partners.models import Place

        rng = random.Random(SEED + 1)
        extra = [
            Place(
                name=f"Bench-ort {n}",
                slug=f"bench-ort-{n}",
                country=COUNTRIES[n % len(COUNTRIES)],
                kind="municipality",
                latitude=Decimal(rng.uniform(-5, 65)).quantize(Decimal("0.00001")),
                longitude=Decimal(rng.uniform(-10, 40)).quantize(Decimal("0.00001")),
                published=True,
                public_text="En ort för prestandamätningen.",
            )
            for n in range(EXTRA_PLACES)
        ]
        return Place.objects.bulk_create(extra)

    # --- projects ----------------------------------------------------------------------------

    def _period(self, index):
        """Report-year work for the first 1,000 projects, earlier years for the rest."""
        if index < REPORT_YEAR_PROJECTS:
            starts = _day_in(self.rng, self.report_year)
            ends = starts + datetime.timedelta(days=self.rng.randrange(20, 500))
            return starts, (None if self.rng.random() < 0.15 else ends), True
        year = self.rng.randrange(HISTORY_FIRST_YEAR, self.report_year)
        starts = _day_in(self.rng, year)
        ends = min(
            starts + datetime.timedelta(days=self.rng.randrange(5, 400)),
            datetime.date(self.report_year - 1, 12, 31),
        )
        return starts, ends, False

    def _status(self, ends, in_report_year):
        if in_report_year:
            if ends is not None and ends < self.today:
                return "completed"
            return _weighted(self.rng, (("planned", 2), ("approved", 2), ("ongoing", 5)))
        # Old work: done, cancelled, or an idea nobody took further (and nobody cleaned up).
        return _weighted(self.rng, (("completed", 85), ("cancelled", 10), ("idea", 5)))

    def _project(self, index):
        from projects.models import Project

        starts, ends, in_report_year = self._period(index)
        status = self._status(ends, in_report_year)
        kind = _weighted(self.rng, KINDS)
        body = (
            self.bodies["BUN"]
            if kind == "school_exchange"
            else self.rng.choice(list(self.bodies.values()))
        )
        closed = status in ("approved", "ongoing", "completed") or (
            status == "planned" and self.rng.random() < 0.5
        )
        topic = self.rng.choice(TOPICS)
        name_sv, name_en = KIND_TITLES[kind]
        title_sv = f"{name_sv} {index}: {topic}"
        summary_sv = (
            f"Ett samarbete om {topic} med våra partner. Deltagarna möts, lär av varandra och "
            f"redovisar vad de har gjort för kommunen. Projektnummer {index}."
        )
        return Project(
            title=title_sv,
            title_sv=title_sv,
            title_en=f"{name_en} {index}",
            summary=summary_sv,
            summary_sv=summary_sv,
            summary_en=f"A cooperation with our partners. Project number {index}.",
            slug=f"bench-{index}",
            kind=kind,
            status=status,
            responsible_body=body,
            school="Bench-skolan" if kind == "school_exchange" else "",
            starts_on=starts,
            ends_on=ends,
            own_cost=Decimal(self.rng.randrange(0, 200_000)),
            needs_decision=kind == "school_exchange" and self.rng.random() < 0.2,
            funding_check_closed_on=starts - datetime.timedelta(days=30) if closed else None,
            funding_check_closed_by=self.person if closed else None,
            published=self.rng.random() < 0.7,
        )

    def projects(self):
        from projects.models import Project

        return Project.objects.bulk_create(
            [self._project(index) for index in range(self.count)], batch_size=BATCH_SIZE
        )

    # --- what hangs on each project ----------------------------------------------------------

    def links(self, projects):
        from projects.models import Project

        place_links, objective_links = [], []
        for project in projects:
            for place in self.rng.sample(self.places, self.rng.choice((1, 1, 2))):
                place_links.append(Project.places.through(project=project, place=place))
            for objective in self.rng.sample(self.objectives, self.rng.choice((1, 2))):
                objective_links.append(
                    Project.objectives.through(project=project, objective=objective)
                )
        Project.places.through.objects.bulk_create(place_links, batch_size=BATCH_SIZE)
        Project.objectives.through.objects.bulk_create(objective_links, batch_size=BATCH_SIZE)
        return len(place_links) + len(objective_links)

    def participants_and_costs(self, projects):
        from projects.models import ParticipantCount, ProjectCost

        counts, costs = [], []
        for project in projects:
            for level in self.rng.sample(LEVELS, 2):
                count = self.rng.randrange(2, 60)
                women = self.rng.randrange(0, count + 1)
                counts.append(
                    ParticipantCount(
                        project=project,
                        level=level,
                        count=count,
                        women=women,
                        men=self.rng.randrange(0, count - women + 1),
                    )
                )
            costs.append(
                ProjectCost(
                    project=project,
                    body=project.responsible_body,
                    year=project.starts_on.year,
                    amount=project.own_cost,
                )
            )
        ParticipantCount.objects.bulk_create(counts, batch_size=BATCH_SIZE)
        ProjectCost.objects.bulk_create(costs, batch_size=BATCH_SIZE)
        return len(counts), len(costs)

    def funding_checks(self, projects):
        """A completed check has an outcome for every programme that may fit the project
        (#13, ``funding_match.fits``), and "not relevant" carries its reason."""
        from projects import funding_match
        from projects.models import FundingCheck, Project

        closed = [p.pk for p in projects if p.funding_check_closed_on is not None]
        fitting = {
            project.pk: [p for p in self.programmes if p.is_active and funding_match.fits(p, facts)]
            for project, facts in funding_match.facts_of_many(Project.objects.filter(pk__in=closed))
        }
        checks = []
        for project in projects:
            if project.funding_check_closed_on is None and self.rng.random() < 0.5:
                continue
            chosen = {
                programme.pk: programme
                for programme in self.rng.sample(self.programmes, self.rng.choice((1, 1, 2)))
            }
            for programme in fitting.get(project.pk, ()):
                chosen.setdefault(programme.pk, programme)
            for programme in chosen.values():
                outcome = _weighted(
                    self.rng,
                    (("not_eligible", 4), ("not_applicable", 2), ("applied", 2), ("granted", 2)),
                )
                applied = outcome in ("applied", "granted")
                checks.append(
                    FundingCheck(
                        project=project,
                        programme=programme,
                        checked_on=project.starts_on - datetime.timedelta(days=40),
                        checked_by=self.person,
                        outcome=outcome,
                        note="" if applied else "Bench: inte aktuellt för projektet.",
                        amount_applied=Decimal(self.rng.randrange(10_000, 500_000))
                        if applied
                        else None,
                        amount_granted=Decimal(self.rng.randrange(10_000, 300_000))
                        if outcome == "granted"
                        else None,
                        currency="SEK",
                        exchange_rate=Decimal(1),
                    )
                )
        FundingCheck.objects.bulk_create(checks, batch_size=BATCH_SIZE)
        return len(checks)

    def _paragraph(self, body, day):
        key = (body.pk, day)
        number = self.paragraphs.get(key, 100)
        while (body.pk, day, number + 1) in self.taken:
            number += 1
        self.paragraphs[key] = number + 1
        return number + 1

    def _consultation(self, decision) -> dict:
        """Most applications were put to the network first (S9); a few were not."""
        if self.rng.random() < 0.05:
            return {}
        return {
            "consultation_on": decision.meeting_date - datetime.timedelta(days=21),
            "consultation_view": "Nätverket tillstyrker ansökan.",
        }

    def decisions(self, projects):
        """A decided application for the work that needs a decision (S8, S11)."""
        from governance.models import Decision
        from projects.models import Application

        decided = [
            p
            for p in projects
            if p.status in ("approved", "ongoing", "completed") and p.requires_decision
        ]
        decisions = []
        for project in decided:
            day = project.starts_on - datetime.timedelta(days=self.rng.randrange(10, 60))
            body = project.responsible_body
            paragraph = self._paragraph(body, day)
            decisions.append(
                Decision(
                    body=body,
                    meeting_date=day,
                    paragraph=paragraph,
                    case_number=f"{body.short_name} {day.year}/{paragraph}",
                    title=f"Beslut om {project.title_sv}"[:300],
                    title_sv=f"Beslut om {project.title_sv}"[:300],
                    outcome="approved",
                    minutes_approved_on=day + datetime.timedelta(days=7),
                    notice_posted_on=day + datetime.timedelta(days=9),
                )
            )
        Decision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)
        applications = [
            Application(
                kind="school_exchange" if p.kind.endswith("exchange") else "partnership",
                title=p.title_sv,
                summary=p.summary_sv,
                project=p,
                addressed_to=p.responsible_body,
                submitted_by=self.person,
                submitted_on=d.meeting_date - datetime.timedelta(days=14),
                status="decided",
                decision=d,
                **self._consultation(d),
            )
            for p, d in zip(decided, decisions, strict=True)
        ]
        Application.objects.bulk_create(applications, batch_size=BATCH_SIZE)
        return len(decisions)

    # --- the whole set -------------------------------------------------------------------------

    def search_documents(self):
        """The public search's documents: bulk_create sends no signals (#14)."""
        from projects import search

        return search.rebuild()

    def decision_marks(self):
        """The decisions' public marks, and the marks of work lacking its decision:
        bulk_create sends no signals (#15)."""
        from projects import decision_publicity, missing_decisions

        missing_decisions.rebuild()
        return decision_publicity.rebuild()

    def _timed(self, name, step, *args):
        started = time.perf_counter()
        result = step(*args)
        self.timings[name] = round(time.perf_counter() - started, 2)
        return result

    def build(self) -> dict:
        from django.db import transaction

        with transaction.atomic():
            self._timed("reference", self.prepare)
            projects = self._timed("projects", self.projects)
            links = self._timed("links", self.links, projects)
            counts = costs = checks = decisions = 0
            if not self.search_only:
                counts, costs = self._timed("participants", self.participants_and_costs, projects)
                checks = self._timed("funding_checks", self.funding_checks, projects)
                decisions = self._timed("decisions", self.decisions, projects)
            documents = self._timed("search_documents", self.search_documents)
            if not self.search_only:
                self._timed("decision_marks", self.decision_marks)
        self._timed("analyze", _analyze)
        sample = next(p for p in projects if p.published and p.starts_on.year == self.report_year)
        application = 0 if self.search_only else _sample_application(self.report_year)
        return {
            "projects": len(projects),
            "places": len(self.places),
            "links": links,
            "participant_counts": counts,
            "costs": costs,
            "funding_checks": checks,
            "decisions": decisions,
            "search_documents": documents,
            "report_year": self.report_year,
            "report_year_projects": min(self.count, REPORT_YEAR_PROJECTS),
            "years_on_record": len({p.starts_on.year for p in projects}),
            "sample_project_slug": sample.slug,
            "sample_application_pk": application,
            "seconds": self.timings,
        }


def _sample_application(year: int) -> int:
    """A decided application of the report year, the same at every size, for its staff page."""
    from projects.models import Application

    return (
        Application.objects.filter(decision__isnull=False, project__starts_on__year=year)
        .order_by("project__slug")
        .values_list("pk", flat=True)
        .first()
    )


def _analyze():
    """Fresh planner statistics, as autovacuum would have them on a database in use."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def bench_session_key() -> str:
    """A signed-in session for the coordinator, made directly, so no login form is involved.

    The login form may lock out or ask for a second factor; the bench measures the pages
    behind it, not the sign-in.
    """
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    from governance.access import COORDINATOR_GROUP
    from governance.models import Person

    user, _created = get_user_model().objects.get_or_create(
        username=BENCH_USERNAME,
        defaults={"is_staff": True, "is_superuser": True, "email": "bench@localhost"},
    )
    user.groups.add(Group.objects.get_or_create(name=COORDINATOR_GROUP)[0])
    Person.objects.filter(first_name="Bench", last_name="Samordnare").update(user=user)
    backends = settings.AUTHENTICATION_BACKENDS
    backend = next((b for b in backends if b.endswith("ModelBackend")), backends[-1])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(24 * 3600)
    session.create()
    return session.session_key


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", type=int)
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="projects, their places and objectives and the search's documents alone: enough "
        "for the public list and search pages (#14), built in a fraction of the time",
    )
    parser.add_argument(
        "--session",
        action="store_true",
        help="only a new signed-in session for the bench's coordinator (BENCH_REUSE)",
    )
    args = parser.parse_args(argv)

    import django

    django.setup()
    if args.session:
        print(json.dumps({"session_key": bench_session_key()}))
        return
    from django.utils import timezone

    today = timezone.localdate()
    summary = Builder(args.projects, today.year - 1, today, args.search_only).build()
    summary["session_key"] = bench_session_key()
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
