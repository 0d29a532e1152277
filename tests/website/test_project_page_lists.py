"""The public project page reads its lists in one query and shows what it showed (#15, S19).

Until 2026-12-06 the page read its places, relationships, cooperating bodies, objectives,
participant counts, granted funders, decisions, pictures and documents with a query each
(prefetches built and compiled by the ORM on every request). ``governance.tagged`` reads them
as the parts of one UNION ALL, compiled once per process. The page must show exactly what
the prefetches showed, in both languages: the same records (published and public ones
only), in the same order, with the same texts. The page as the prefetches made it is
rendered here beside the page as it is now and compared whole.
"""

import datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.test.utils import CaptureQueriesContext

from partners.models import Place
from projects.models import ProjectPicture
from tests import factories
from tests.pictures import picture_upload
from website import queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _as_before(project):
    """The page's lists as the prefetches read them until 2026-12-06 (``project_detail``'s,
    which the staff preview and the API still use) and ``project_documents``."""
    places = Place.objects.published().order_by("name")
    prefetch_related_objects(
        [project],
        Prefetch("places", queryset=places, to_attr="public_places"),
        *queries._detail_prefetches(),
    )
    project.public_documents = queries.project_documents(project.pk)
    return project


def _documents(project, later, undecided):
    withdrawn = {"withdrawn_at": datetime.datetime.now(datetime.UTC), "withdrawal_reason": "Fel"}
    for title, public, target in (
        ("Projektplan", True, {"project": project}),
        ("Internt underlag", False, {"project": project}),
        ("Återkallad plan", True, {"project": project, **withdrawn}),
        ("Beslutad ansökan", True, {"application": later, "project": None}),
        ("Oavgjord ansökan", True, {"application": undecided, "project": None}),
    ):
        factories.CaseDocumentFactory(title=title, public=public, kind="plan", **target)


@pytest.fixture
def rich(bun, kf, ks):
    """A published project with two or more of every list, each beside records it must not
    show: an unpublished place, relationships unpublished or of an unpublished place, a
    refused funding check, an undecided application, a picture without consent, documents
    internal, withdrawn or of an undecided application."""
    project = factories.ProjectFactory(
        title="Skolutbyte", slug="skolutbyte", responsible_body=bun, published=True
    )
    zurich = factories.PlaceFactory(name="Zürich", country="CH", published=True)
    aalborg = factories.PlaceFactory(
        name="Aalborg", local_name="Ålborg", country="DK", published=True
    )
    hidden = factories.PlaceFactory(name="Hemligby", published=False)
    project.places.add(zurich, aalborg, hidden)
    project.relationships.add(
        factories.RelationshipFactory(place=zurich, published=True),
        factories.RelationshipFactory(
            place=aalborg, published=True, kind="partnership", theme="Skola"
        ),
        factories.RelationshipFactory(place=aalborg, published=False, kind="informal_contact"),
        factories.RelationshipFactory(place=hidden, published=True),
    )
    # Ordered by name in the page's language: in Swedish one way, in English the other.
    culture = factories.BodyFactory(name="Kultur- och fritidsnämnden", short_name="KFN")
    culture.name_en = "Arts and leisure committee"
    culture.save()
    ks.name_en = "Municipal executive board"
    ks.save()
    project.cooperating_bodies.add(ks, culture)
    older = factories.StrategyFactory(
        adopted_by__body=kf, adopted_by__meeting_date=datetime.date(2010, 1, 1)
    )
    newer = factories.StrategyFactory(
        adopted_by__body=kf, adopted_by__meeting_date=datetime.date(2020, 1, 1)
    )
    first = factories.ObjectiveFactory(strategy=older, number=1, text="Äldre mål")
    second = factories.ObjectiveFactory(strategy=newer, number=2, text="Nytt mål")
    second.text_en = "A new objective"
    second.save()
    third = factories.ObjectiveFactory(strategy=newer, number=1, text="Första nya målet")
    project.objectives.add(first, second, third)
    factories.ParticipantCountFactory(project=project, level="staff", count=4)
    factories.ParticipantCountFactory(project=project, level="pupil", count=25)
    council = factories.FunderFactory(name="Universitets- och högskolerådet")
    council.name_en = "Swedish Council for Higher Education"
    council.save()
    for funder in (council, council, factories.FunderFactory(name="Allmänna arvsfonden")):
        factories.FundingCheckFactory(project=project, programme__funder=funder, outcome="granted")
    factories.FundingCheckFactory(project=project, programme__funder__name="Nej-fonden")
    later = factories.DecidedApplicationFactory(
        project=project,
        decision__meeting_date=datetime.date(2026, 4, 2),
        decision__title="Beviljat utbyte",
    )
    earlier = factories.DecidedApplicationFactory(
        project=project,
        decision__meeting_date=datetime.date(2026, 2, 5),
        decision__title="Planering",
        decision__outcome="rejected",
    )
    earlier.decision.title_en = "Planning"
    earlier.decision.save()
    undecided = factories.ApplicationFactory(project=project)
    for alt, public in (("Klassen på torget", True), ("Utan samtycke", False)):
        ProjectPicture.objects.create(
            project=project,
            image=picture_upload(width=600, height=400),
            alt_sv=alt,
            caption_sv="Våren 2026",
            rights_holder="Vimmerby kommun",
            public=public,
        )
    _documents(project, later, undecided)
    return project


@pytest.mark.parametrize("address", ["/projekt/skolutbyte/", "/en/projects/skolutbyte/"])
def test_the_page_shows_what_the_prefetches_showed(client, rich, address):
    cache.clear()
    now = client.get(address).content.decode()
    cache.clear()
    with mock.patch.object(queries, "with_details", side_effect=_as_before):
        before = client.get(address).content.decode()

    assert now == before
    # Not two empty pages: every list is shown, and nothing that is not public.
    for shown in (
        "Ålborg",
        "Zürich",
        "Projektplan",
        "Beslutad ansökan",
        "Klassen på torget",
        "Äldre mål",
        "Allmänna arvsfonden",
    ):
        assert shown in now
    for hidden in (
        "Hemligby",
        "Internt underlag",
        "Återkallad plan",
        "Oavgjord ansökan",
        "Utan samtycke",
        "Nej-fonden",
    ):
        assert hidden not in now


def test_the_bodies_and_decisions_follow_the_page_language(client, rich):
    """The cooperating bodies are ordered by their name in the page's language (each
    language's statement is compiled on its own), decisions oldest first."""
    sv = client.get("/projekt/skolutbyte/").content.decode()
    en = client.get("/en/projects/skolutbyte/").content.decode()

    assert sv.index("Kommunstyrelsen") < sv.index("Kultur- och fritidsnämnden")
    assert en.index("Arts and leisure committee") < en.index("Municipal executive board")
    assert sv.index("Planering") < sv.index("Beviljat utbyte")
    assert en.count("Swedish Council for Higher Education") == 1  # two checks, one funder


def test_the_lists_are_one_query_whatever_their_length(client, rich):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get("/projekt/skolutbyte/")
    lists = [q["sql"] for q in captured if "UNION ALL" in q["sql"]]

    assert len(lists) == 1
    assert len(captured) == 4  # the content version, the project, its lists, the contacts


def test_another_project_is_read_with_the_same_statement(bun):
    """The key is a parameter of the kept statement: each project gets its own lists."""
    one = factories.ProjectFactory(responsible_body=bun, published=True)
    other = factories.ProjectFactory(responsible_body=bun, published=True)
    factories.ParticipantCountFactory(project=one, level="pupil", count=3)
    factories.ParticipantCountFactory(project=other, level="staff", count=7)

    counts = [
        [c.count for c in queries.with_details(p).participant_counts.all()] for p in (one, other)
    ]

    assert counts == [[3], [7]]


def test_the_page_finds_each_published_project_by_its_slug(client, bun):
    """The project's read is compiled once with a marker for the slug (``published_project``):
    each slug finds its own project, an unpublished or unknown one none (404)."""
    one = factories.ProjectFactory(
        slug="ett", title="Ett utbyte", responsible_body=bun, published=True
    )
    factories.ProjectFactory(slug="tva", title="Två utbyten", responsible_body=bun, published=True)
    factories.ProjectFactory(slug="dolt", title="Dolt", responsible_body=bun, published=False)

    found = [queries.published_project(slug) for slug in ("ett", "tva", "dolt", "inget")]

    assert [p.title if p else None for p in found] == ["Ett utbyte", "Två utbyten", None, None]
    assert found[0].pk == one.pk
    assert found[0].responsible_body.name == bun.name
    assert "Två utbyten" in client.get("/projekt/tva/").content.decode()
    assert client.get("/projekt/dolt/").status_code == 404
