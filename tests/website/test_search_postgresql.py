"""The public search on PostgreSQL, in Swedish and English (#14): word forms through the
language's stemmer, names without their diacritics, countries in both languages, a
misspelling through trigrams, ranked and marked; published work only; the API too."""

import pytest
from django.db import connection
from django.urls import reverse

from projects.models import Project
from tests import factories
from tests.website.conftest import shared_world
from website.filters import search_projects

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [
    pytest.mark.django_db,
    shared_world,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="full-text search with stemmers, unaccent and trigrams is PostgreSQL's",
    ),
]


@pytest.fixture
def kauhava_exchange(world, bun):
    """Beside the world's "Skolutbyte med Joniškis" (Litauen; "besöker varandras skolor")."""
    kauhava = factories.PlaceFactory(name="Kauhava", slug="kauhava", country="FI", published=True)
    project = factories.ProjectFactory(
        title="Utbyte med en skola i Kauhava",
        slug="utbyte-kauhava",
        summary="En klass från Vimmerby och ungdomarna i Kauhava skriver en tidning.",
        responsible_body=bun,
        published=True,
    )
    project.title_en = "Exchange with a school in Kauhava"
    project.summary_en = "A class from Vimmerby and the young people of Kauhava make a paper."
    project.save()
    project.places.add(kauhava)
    factories.ProjectFactory(
        title="Opublicerat utbyte med en skola", slug="opublicerat", responsible_body=bun
    )
    return project


def _slugs(text, language="sv"):
    from django.utils import translation

    with translation.override(language):
        return [p.slug for p in search_projects(Project.objects.published(), text)]


BOTH = ["utbyte-kauhava", "skolutbyte-joniskis"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("utbyten", ["utbyte-kauhava"]),  # "Utbyte"
        ("skolor", BOTH),  # "skola" in a title ranks before "skolor" in a summary
        ("skola", BOTH),
        ("klasser", ["utbyte-kauhava"]),  # "klass"
        ("ungdomar", ["utbyte-kauhava"]),  # "ungdomarna"
        ("Joniskis", ["skolutbyte-joniskis"]),  # "Joniškis"
        ("Finland", ["utbyte-kauhava"]),  # Kauhava's country
        ("Litauen", ["skolutbyte-joniskis"]),  # Joniškis's country, in Swedish
        ("Kauhawa", ["utbyte-kauhava"]),  # misspelt: trigrams
    ],
)
def test_swedish_word_forms_names_and_countries(kauhava_exchange, text, expected):
    assert _slugs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exchanges", BOTH),  # "Exchange" in a title, "School exchange" in another
        ("schools", BOTH),
        ("Lithuania", ["skolutbyte-joniskis"]),
        ("young", ["utbyte-kauhava"]),
    ],
)
def test_english_word_forms_and_countries(kauhava_exchange, text, expected):
    assert sorted(_slugs(text, "en")) == sorted(expected)


def test_the_swedish_page_marks_the_words_found(client, kauhava_exchange):
    page = client.get(reverse("website:project-list"), {"q": "skolor Joniskis"}).text

    assert "Skolutbyte med <mark>Joniškis</mark>" in page
    assert "<mark>skolor</mark>" in page
    assert "opublicerat" not in page


def test_the_english_page_ranks_and_marks_in_english(client, kauhava_exchange):
    page = client.get("/en/projects/", {"q": "schools"}).text

    assert "Exchange with a <mark>school</mark> in Kauhava" in page
    assert page.index("Kauhava") < page.index("Joniškis</a>")


def test_a_misspelt_name_is_marked_by_its_word_start(client, kauhava_exchange):
    page = client.get(reverse("website:project-list"), {"q": "Kauhav"}).text

    assert "en skola i <mark>Kauhava</mark>" in page


def test_the_api_searches_the_same_way(client, kauhava_exchange):
    answer = client.get("/api/v1/projects/", {"q": "Litauen"})

    assert answer.status_code == 200
    assert [row["slug"] for row in answer.json()["results"]] == ["skolutbyte-joniskis"]


def test_every_scan_starts_at_the_start_of_its_table():
    """The search lists the first matches a scan gives, unsorted (#14). With PostgreSQL's
    synchronized scans, a scan of a table larger than a quarter of the shared buffers starts
    where the last one stopped: at 100,000 projects `samarbete` listed other projects at each
    of six requests in a row (#15). The site's connections turn them off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronize_seqscans")
        assert cursor.fetchone()[0] == "off"
