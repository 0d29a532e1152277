"""The queries of every public page and API list uncached, pinned at two sizes (#15, S19).

Each page is requested with the cache cleared first, as after any change to a record, at 3
and at 30 published projects (each with a partner place, a relationship, an objective, a
participant count, a granted funding check and a decided application). The number is the
same at both sizes and written down here, so that a query added per row, or a page that
starts to read more, fails this test and is looked at. `make bench` measures the same pages
at 1,000 and 100,000 projects (docs/performance.md).
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 12)

# (address, queries uncached). The same at every size. Each HTML page counts one read of the
# content version (the tests' local-memory cache keeps it in the database, website.caching);
# the API does not read it. The public contact of the footer is read once per process and
# content version (website.caching.rendered_per_version), not once per page (#14; each HTML
# page below read it until 2026-12-06, #15): the test reads it first in both languages.
PAGES = [
    # The start page reads its partner places with their relationships in one query, not
    # two (8 until 2026-12-04, #15: website.queries.map_places).
    ("/", 6),
    # The place list: the map and its table from the same one query (website.queries.map_places).
    ("/orter/", 2),
    # The list reads the partners, objectives, committees and years of its filters in one
    # query, not four (9 until 2026-12-05, 7 until 2026-12-06, #15:
    # website.filters.choice_records), and its page with its count in one query, not two
    # (website.pagination.CountedPagePaginator); the year filter checks a year against the
    # years read with the choices, not against those of a query of its own (9 until
    # 2026-12-06).
    ("/projekt/", 4),
    ("/projekt/?kind=school_exchange", 4),
    ("/projekt/?kind=school_exchange&year=2026&place=ort-1", 5),
    # The project list reads its first 2,001 matches with their rank in one query, which is
    # its count (the probe before a fall back to trigrams) and its pages' ids, then reads the
    # page's projects; SQLite counts with LIMIT 2001 instead (projects.search.listed, #14).
    # The years with the other choices (7 until 2026-12-06).
    ("/projekt/?q=Utbyte", 5),
    ("/projekt/?q=Utbyte&kind=school_exchange", 5),
    # The API counts every match exactly, then ranks them for the page's ids (#14, #15).
    ("/api/v1/projects/?q=Utbyte", 9 + (connection.vendor == "postgresql")),
    ("/en/projects/", 4),
    # The project page reads its public pictures (#14) and its public documents (#12), whatever
    # their number.
    # It reads the project with its body once, not once to find it and again with its details
    # (13 until 2026-12-04, #15: website.queries.with_details), and its lists (places ...
    # pictures, documents) in one query, not nine (12 until 2026-12-06, #15: governance.tagged).
    ("/projekt/projekt-1/", 3),
    ("/api/v1/places/", 3),
    ("/api/v1/relationships/", 4),
    ("/api/v1/projects/", 9),
    ("/api/v1/projects/?kind=school_exchange", 9),
    # Each objective gives the address of its projects, not their list (#15): no third query.
    ("/api/v1/objectives/", 2),
    ("/api/v1/decisions/", 3),
    ("/api/v1/meetings/", 2),
    ("/api/v1/nordic-meetings/", 1),
]


def _world(size: int, bun, kf):
    strategy = factories.StrategyFactory(adopted_by__body=kf)
    objective = factories.ObjectiveFactory(strategy=strategy, number=1)
    programme = factories.ProgrammeFactory()
    for index in range(1, size + 1):
        place = factories.PlaceFactory(
            published=True, slug=f"ort-{index}", name=f"Ort {index}", latitude=56, longitude=23
        )
        relationship = factories.RelationshipFactory(place=place, published=True)
        project = factories.ProjectFactory(
            title=f"Utbyte {index}",
            slug=f"projekt-{index}",
            kind="school_exchange",
            status="planned",
            responsible_body=bun,
            published=True,
            starts_on=TODAY - datetime.timedelta(days=index),
        )
        project.places.add(place)
        project.relationships.add(relationship)
        project.objectives.add(objective)
        factories.ParticipantCountFactory(project=project, level="pupil")
        factories.FundingCheckFactory(project=project, programme=programme, outcome="granted")
        factories.DecidedApplicationFactory(project=project, decision__paragraph=100 + index)
        factories.MeetingFactory(body=bun, is_public=True)
        # The first project's public documents grow with the size (#12).
        factories.CaseDocumentFactory(
            project=Project.objects.get(slug="projekt-1"), public=True, title=f"Plan {index}"
        )


@pytest.mark.parametrize("size", [3, 30])
def test_every_public_page_and_api_list_runs_its_pinned_queries_at_any_size(client, bun, kf, size):
    with time_machine.travel(datetime.datetime(2026, 5, 12, 10, tzinfo=datetime.UTC), tick=False):
        _world(size, bun, kf)
        # The footer's contact, read once for the content version in each language.
        client.get("/")
        client.get("/en/")
        counted = {}
        for address, _expected in PAGES:
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(address)
            assert response.status_code == 200, address
            counted[address] = len(captured)
    assert counted == dict(PAGES)


def test_the_pinned_pages_show_their_rows(client, bun, kf):
    """The pinned numbers above are not merely constant: a list shows its rows (a page that
    quietly shows nothing would pass with fewer queries)."""
    with time_machine.travel(datetime.datetime(2026, 5, 12, 10, tzinfo=datetime.UTC), tick=False):
        _world(30, bun, kf)
        cache.clear()
        listing = client.get("/projekt/").content.decode()
        api = client.get("/api/v1/projects/").json()
        page = client.get("/projekt/projekt-1/").content.decode()
        searched = client.get("/projekt/?q=Utbyte").content.decode()
        searched_next = client.get("/projekt/?q=Utbyte&page=2").content.decode()
        cache.clear()
        home = client.get("/").content.decode()
    assert page.count("/documents/cases/") == 30
    assert home.count('class="partner-list__relationship"') == 30
    assert home.count('class="project-item"') == 6
    # The search's page of 20 of the 30 matches, and the 10 after them (#14).
    assert searched.count('class="project-item"') == 20
    assert searched_next.count('class="project-item"') == 10
    assert listing.count('class="project-item"') == 20
    assert "Utbyte 1<" in listing
    assert len(api["results"]) == 30
    assert {len(row["places"]) for row in api["results"]} == {1}
