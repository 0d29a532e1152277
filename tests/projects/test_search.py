"""The search documents and the search that works on every database (#14).

The document of a project follows every change of what it is made of (the project, its
published places and their countries, its objectives), on every path; it never holds a
participant or an internal note. On SQLite the search matches word starts, accents folded.
PostgreSQL's full-text search is tested in tests/website/test_search_postgresql.py.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from projects import search
from projects.models import Project, SearchDocument
from tests import factories

pytestmark = pytest.mark.django_db

ON_SQLITE = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="SQLite's word-start search; PostgreSQL's stems words instead",
)


def _folded(project) -> str:
    return SearchDocument.objects.get(project=project).folded


@pytest.fixture
def kauhava(db):
    return factories.PlaceFactory(name="Kauhava", slug="kauhava", country="FI", published=True)


@pytest.fixture
def exchange(bun, kauhava):
    project = factories.ProjectFactory(
        title="Skolutbyte med Kauhava",
        slug="skolutbyte-kauhava",
        summary="Elever i årskurs 8 besöker varandras skolor.",
        school="Södra skolan",
        responsible_body=bun,
        published=True,
    )
    project.places.add(kauhava)
    return project


def test_fold_takes_accents_and_case_away():
    assert search.fold("Joniškis ÆRØ Straße Skærbæk Łódź") == "joniskis aero strasse skaerbaek lodz"


def test_words_drop_punctuation_and_keep_at_most_twelve():
    assert search.words("'; DROP TABLE--x") == ["drop", "table", "x"]
    assert search.words("!!! ... ;;; ()") == []
    assert len(search.words("ord " * 50)) == search.MAX_WORDS


def test_a_long_search_is_cut_before_a_word_cut_in_two():
    assert search.searched_part("skola " * 40) == ("skola " * 33).strip()  # 198 characters
    assert search.searched_part("x" * 10_000) == "x" * 200
    assert search.searched_part(" skola ") == "skola"


def test_the_document_holds_title_places_countries_school_and_objectives(exchange, kauhava):
    objective = factories.ObjectiveFactory(text="Ökad förståelse", short_name="Förståelse")
    objective.text_en = "Greater understanding"
    objective.save()
    exchange.objectives.add(objective)

    document = SearchDocument.objects.get(project=exchange)

    assert document.heading_sv == "Skolutbyte med Kauhava"
    assert "Finland" in document.names_sv and "Finland" in document.names_en
    assert "Södra skolan" in document.names_sv
    assert "Ökad förståelse" in document.body_sv
    assert "Greater understanding" in document.body_en
    assert " kauhava " in document.folded and " okad forstaelse " in document.folded


def test_the_document_follows_every_change(exchange, kauhava):
    kauhava.name = "Kauhavan kaupunki"
    kauhava.save()
    assert " kauhavan kaupunki " in _folded(exchange)

    exchange.title = "Elevutbyte"
    exchange.save()
    assert " elevutbyte " in _folded(exchange)

    lithuanian = factories.PlaceFactory(name="Joniškis", country="LT", published=True)
    lithuanian.projects.add(exchange)
    assert " joniskis " in _folded(exchange) and " litauen " in _folded(exchange)

    objective = factories.ObjectiveFactory(text="Nya kontakter")
    exchange.objectives.add(objective)
    objective.text = "Fler kontakter"
    objective.save()
    assert " fler kontakter " in _folded(exchange)

    objective.projects.clear()
    assert " kontakter " not in _folded(exchange)

    lithuanian.delete()
    assert " joniskis " not in _folded(exchange)


def test_an_unpublished_place_is_not_in_the_document(exchange, kauhava):
    kauhava.published = False
    kauhava.save()

    assert " kauhava " not in _folded(exchange).replace("skolutbyte med kauhava", "")
    assert "Kauhava" not in SearchDocument.objects.get(project=exchange).names_sv


def test_no_participant_or_internal_note_in_the_document(exchange):
    exchange.internal_notes = "HEMLIGT-anteckning"
    exchange.save()
    factories.ParticipantCountFactory(project=exchange, level="pupil", count=24)

    document = SearchDocument.objects.filter(project=exchange).values()[0]

    assert not any("HEMLIGT" in str(value) for value in document.values())


def test_rebuild_writes_every_document_again(exchange, capsys):
    SearchDocument.objects.all().delete()
    Project.objects.filter(pk=exchange.pk).update(title="Ändrat i klump", title_sv="Ändrat i klump")

    call_command("rebuild_search")

    assert " andrat i klump " in _folded(exchange)
    assert "1 search documents written." in capsys.readouterr().out


def test_the_search_finds_names_without_their_accents(exchange):
    factories.ProjectFactory(title="Utbyte med Joniškis", slug="joniskis", published=True)

    found = search.search(Project.objects.published(), "JONISKIS")

    assert [project.slug for project in found] == ["joniskis"]


def test_mark_words_marks_the_word_begun_keeping_its_accents():
    marked = search.mark_words("Skolutbyte med Joniškis", ["joniskis", "skol"])

    assert marked == "\x02Skolutbyte\x03 med \x02Joniškis\x03"


def test_marked_html_escapes_before_it_marks():
    html = search.marked_html(search.mark_words("<b>Skola</b> & \x03 mer", ["skola"]))

    assert html == "&lt;b&gt;<mark>Skola</mark>&lt;/b&gt; &amp;  mer"


@pytest.mark.parametrize(
    "text", [None, "", "Skola", "<b>Skola</b> & 'x' \"y\"", "\x03 mer", "\x02"]
)
def test_marked_html_of_a_text_without_marks_is_the_escaped_text(text):
    """Unmarked, the text is escaped as ``escape`` escapes it (its quick way, #15)."""
    from django.utils.html import escape
    from django.utils.safestring import SafeString

    marked = search.marked_html(text)
    assert isinstance(marked, SafeString)
    if text is None or (search.START not in text and search.STOP not in text):
        assert marked == escape(text or "")
    else:
        assert marked in ("<mark></mark>", " mer")


@ON_SQLITE
def test_sqlite_matches_word_starts_with_accents_folded(exchange):
    def slugs(text):
        return [project.slug for project in search.search(Project.objects.published(), text)]

    assert slugs("skol") == ["skolutbyte-kauhava"]  # "Skolutbyte", "skolor", "skolan"
    assert slugs("BESOK") == ["skolutbyte-kauhava"]  # "besöker"
    assert slugs("finland") == ["skolutbyte-kauhava"]  # its place's country
    assert slugs("årskurs 8 kauhava") == ["skolutbyte-kauhava"]  # every word
    assert slugs("utbyte") == []  # inside "Skolutbyte": not a word start
    assert slugs("kauhava litauen") == []


@ON_SQLITE
def test_sqlite_page_marks_the_words_found(client, exchange):
    page = client.get("/projekt/?q=skol").content.decode()

    assert "<mark>Skolutbyte</mark> med Kauhava" in page
    assert "<mark>skolor</mark>" in page


def _stored_document(project) -> dict:
    """The stored document's texts, every field the search writes."""
    return SearchDocument.objects.filter(project=project).values(*search._DOCUMENT_FIELDS).get()


def test_a_new_projects_document_is_written_from_the_saved_project_alone(bun):
    """A project's first save writes its document from the object just saved (no links can
    exist yet) without reading the project, its places or objectives again (#15); the document
    is the one ``refresh`` writes from the stored rows, in both languages."""
    from django.test.utils import CaptureQueriesContext

    project = Project(
        title_sv="Brevväxling med Kauhava",
        title_en="Letters with Kauhava",
        slug="brevvaxling-kauhava",
        summary_sv="Elever skriver brev.",
        summary_en="Pupils write letters.",
        school="Södra skolan",
        kind="school_exchange",
        status="planned",
        responsible_body=bun,
        published=True,
    )
    with CaptureQueriesContext(connection) as saved:
        project.save()
    first = _stored_document(project)

    search.refresh([project.pk])

    assert _stored_document(project) == first
    assert "brevvaxling" in first["folded"] and "sodra skolan" in first["folded_names"]
    reads = [q["sql"] for q in saved.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    assert not [sql for sql in reads if "projects_project_places" in sql]
    assert not [sql for sql in reads if "projects_project_objectives" in sql]


def test_a_project_saved_again_reads_its_links_for_its_document(exchange, kauhava):
    """Any later save writes the document from the stored rows, its places included."""
    exchange.summary_sv = "Ny sammanfattning."
    exchange.save()

    document = _stored_document(exchange)
    assert "Kauhava" in document["names_sv"]
    assert "Ny sammanfattning." in document["body_sv"]
