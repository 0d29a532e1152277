"""A public search's statements compiled once per process (#15): the ranking of the first
matches, a misspelling's corrected words and the page's headlines are built by the ORM
once, then run with each search's own text and words; a search with other filters than
``published`` builds its statements anew, with those filters' values."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.utils import translation

from projects import search
from projects.models import Project, ProjectKind
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the statements kept are those of PostgreSQL's full-text search",
    ),
]


@pytest.fixture
def exchanges(bun):
    """A climate project, a school exchange with Kauhava (another kind) and an unpublished
    climate project; no statement kept from an earlier test."""
    search._COMPILED.clear()
    search._HEADLINES.clear()
    climate = factories.ProjectFactory(
        title="Klimatet i Vimmerby",
        slug="klimat",
        summary="Ett samarbete om klimatet.",
        kind=ProjectKind.CULTURE,
        responsible_body=bun,
        published=True,
    )
    climate.title_en = "The climate of Vimmerby"
    climate.save()
    factories.ProjectFactory(
        title="Utbyte med en skola i Kauhava",
        slug="kauhava",
        summary="Ungdomarna i Kauhava skriver en tidning.",
        kind=ProjectKind.SCHOOL_EXCHANGE,
        responsible_body=bun,
        published=True,
    )
    factories.ProjectFactory(
        title="Opublicerat klimat", slug="opublicerat", responsible_body=bun, published=False
    )


def _page(text, queryset=None, language="sv"):
    with translation.override(language):
        found = search.listed(search.search(queryset or Project.objects.published(), text))
        return [(p.slug, p.search_title, p.search_summary) for p in found[0 : found.count()]]


def _marked(word):
    return f"{search.START}{word}{search.STOP}"


def test_each_search_finds_and_marks_its_own_words_from_the_kept_statements(exchanges):
    for _ in range(2):
        assert _page("klimat") == [
            (
                "klimat",
                f"{_marked('Klimatet')} i Vimmerby",
                f"Ett samarbete om {_marked('klimatet')}.",
            )
        ]
        assert [row[:2] for row in _page("ungdomar")] == [
            ("kauhava", "Utbyte med en skola i Kauhava")
        ]
        # Misspelt: the corrected words' statement, and their headlines.
        assert [row[:2] for row in _page("Kauhawa")] == [
            ("kauhava", f"Utbyte med en skola i {_marked('Kauhava')}")
        ]
        assert [row[:2] for row in _page("climate", language="en")] == [
            ("klimat", f"The {_marked('climate')} of Vimmerby")
        ]
        assert _page("tidningar Kauhava klimat") == []


def test_a_second_search_compiles_nothing(exchanges):
    _page("klimat")
    _page("Kauhawa")
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counted(compiler, *args, **kwargs):
        compiled.append(compiler.query.model)
        return as_sql(compiler, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "as_sql", counted):
        assert [row[0] for row in _page("samarbete")] == ["klimat"]
        assert [row[0] for row in _page("Kauhavva")] == ["kauhava"]

    # Nothing: the ranking, the corrected words and the page's projects with their
    # headlines (run with the page's ids as one parameter) were compiled by the first
    # searches, for each kind of query.
    assert compiled == []


def test_a_search_with_another_filter_keeps_no_statement_of_its_values(exchanges):
    projects = Project.objects.published().filter(kind=ProjectKind.CULTURE)
    exchanges_only = Project.objects.published().filter(kind=ProjectKind.SCHOOL_EXCHANGE)

    for text in ("Vimmerby skola", "Vimmerby"):
        assert [row[0] for row in _page(text, projects)] == (
            ["klimat"] if text == "Vimmerby" else []
        )
        assert [row[0] for row in _page("Kauhava", exchanges_only)] == ["kauhava"]
        assert [row[0] for row in _page("Kauhava", projects)] == []
        assert [row[0] for row in _page("Kauhawa", projects)] == []
