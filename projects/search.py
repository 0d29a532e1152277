"""The public search of projects and exchanges (#14), over their search documents.

PostgreSQL: full-text search in Swedish and English (the text search configurations
``vimmerby_swedish`` and ``vimmerby_english`` of migration ``projects.0012``: the language's
stemmer after the ``unaccent`` dictionary, so "skolor" finds "skola" and "Joniskis" finds
"Joniškis"), ranked (the page's language first) and highlighted by ``ts_headline``. When no
word matched (a misspelt word or name), each word is corrected to the published words most
like it (``pg_trgm``'s word similarity, ``SearchWord``) and those are searched instead, in the
same query. Every part of it reads a GIN index: of ``projects_searchentry``, or of
``projects_searchword`` for the trigrams of the words.

SQLite (the quick start): every word of the search, accents folded, must begin a word of the
document's folded text ("skol" finds "Skolutbyte", "joniskis" finds "Joniškis"); no word
forms, no misspellings; the matched words are marked here in Python.

The document (``SearchDocument``, the texts) and the entry (``SearchEntry``: the project's id,
a copy of its ``published`` and the two vectors) are written by ``refresh`` on every change of
a project, its places and objectives (``projects/signals.py``), with the counts of the
published documents' words; ``rebuild`` writes them all.
On PostgreSQL a search counts and ranks the entries alone (partial GIN indexes of published
entries) and reads the projects of the page only (``SearchResults``).
"""

import functools
import html
import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
)
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import BooleanField, F, Func, Prefetch, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from governance import compiled
from governance.lookups import AnyOf
from partners.models import Place
from projects.models import Project, SearchDocument, SearchEntry
from strategy.models import Objective

# The part of a search that is searched; the rest of a longer text is left out.
SEARCH_MAX_LENGTH = 200
MAX_WORDS = 12
CONFIGS = {"sv": "vimmerby_swedish", "en": "vimmerby_english"}
# Where a match begins and ends in a marked text: characters no text of ours contains. The
# text is escaped first and only then are they made <mark> and </mark> (``marked_html``).
START, STOP = "\x02", "\x03"
BATCH_SIZE = 1000
# A search whose words are in more work than this ranks the first this many matches in the
# index's order and lists the rest after them unranked (the count stays exact): ranking every
# match of a common word costs more than the page it is for (#14, docs/performance.md).
RANKED_AT_MOST = 2000
# The public project list shows at most this many matches of a search, every one of them
# ranked, and says "more than" this number when there are more (``listed``): it reads at most
# one match more than it shows, so a common word at 100,000 projects costs what a rare one
# does; below it the count is exact (#14, docs/performance.md). The API counts exactly. Each
# match read is a row of its own page of the entries (a rare word's matches are far apart):
# 2,000 until #15, then 1,000, when reading and ranking them was still a third of a search's
# page; 200 (ten pages of 20, as many as a misspelt word lists) since: the ranked ones are
# the best of the first matches in the index's order, not of all, so a longer list of a
# common word ranks no better, and the page asks for another word or a filter above it.
LISTED_AT_MOST = 200
# A misspelt word (searched with the words most like it) lists fewer, newest first: a guess,
# not what was asked for.
TRIGRAMS_LISTED_AT_MOST = 200
# How many of a listed search's ranked ids are read with its count when the caller does not
# say how many its page needs (``listed``'s ``through``): the first five pages of the public
# list; a later page reads the best ids up to its own again (``SearchResults``).
FIRST_IDS = 100

# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)
_NOT_WORD = re.compile(r"[\W_]+")
_DOCUMENT_FIELDS = [
    "heading_sv",
    "heading_en",
    "names_sv",
    "names_en",
    "body_sv",
    "body_en",
    "folded",
    "folded_names",
]


def fold(text: str) -> str:
    """Lower case without accents: "Joniškis" and "JONISKIS" are both "joniskis"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def searched_part(text: str) -> str:
    """The part of a search that is searched: its first ``SEARCH_MAX_LENGTH`` characters,
    without a word cut in two at the end (unless the text is that one word)."""
    text = text.strip()
    if len(text) <= SEARCH_MAX_LENGTH:
        return text
    part = text[:SEARCH_MAX_LENGTH]
    if not _NOT_WORD.match(text[SEARCH_MAX_LENGTH]) and not _NOT_WORD.match(part[-1]):
        separators = list(_NOT_WORD.finditer(part))
        if separators:
            part = part[: separators[-1].start()]
    return part.strip()


def words(text: str) -> list[str]:
    """The folded words of a search, punctuation dropped; at most ``MAX_WORDS``."""
    return [word for word in _NOT_WORD.split(fold(searched_part(text))) if word][:MAX_WORDS]


def _folded_document(texts: Iterable[str]) -> str:
    found = [word for text in texts for word in _NOT_WORD.split(fold(text)) if word]
    return " " + " ".join(found) + " " if found else " "


# --- writing the documents ----------------------------------------------------------------


def _document(project, places, objectives) -> SearchDocument:
    """The project's document from its row, its published places and its objectives."""
    texts = {}
    for code in ("sv", "en"):
        with translation.override(code):
            countries = sorted({str(place.country.name) for place in places})
            names = [
                *(name for place in places for name in (place.name, place.local_name)),
                *countries,
                project.school,
            ]
            body = [project.summary or ""]
            for objective in objectives:
                body += [objective.short_name or "", objective.text or ""]
            texts[code] = (
                project.title or "",
                "\n".join(filter(None, names)),
                "\n".join(filter(None, body)),
            )
    document = SearchDocument(
        project_id=project.pk,
        heading_sv=texts["sv"][0],
        heading_en=texts["en"][0],
        names_sv=texts["sv"][1],
        names_en=texts["en"][1],
        body_sv=texts["sv"][2],
        body_en=texts["en"][2],
    )
    document.folded = _folded_document(getattr(document, name) for name in _DOCUMENT_FIELDS[:6])
    document.folded_names = _folded_document(
        getattr(document, name) for name in _DOCUMENT_FIELDS[:4]
    )
    return document


def refresh(project_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> int:
    """Write the search documents of these projects from their present rows: the project,
    its published places and their countries in both languages, its school and objectives.
    Never a participant or an internal note. Returns how many were written."""
    ids = sorted({pk for pk in project_ids if pk is not None})
    written = 0
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        projects = list(
            Project.objects.using(using)
            .filter(pk__in=batch)
            .prefetch_related(
                Prefetch(
                    "places",
                    queryset=Place.objects.published().order_by("name"),
                    to_attr="search_places",
                ),
                Prefetch("objectives", queryset=Objective.objects.order_by("number")),
            )
        )
        documents = [
            _document(project, project.search_places, project.objectives.all())
            for project in projects
        ]
        _write(batch, projects, documents, using)
        written += len(documents)
    return written


def write_new(project, using: str = DEFAULT_DB_ALIAS) -> None:
    """The document of a project whose row its save has just made, from the saved object: it
    has no places or objectives yet (their links name its row, which did not exist), so
    nothing is read (#15). ``refresh`` writes it again when its links are set."""
    _write([project.pk], [project], [_document(project, (), ())], using)


def _write(ids, projects, documents, using: str) -> None:
    """The documents and entries of these projects, with the published ones' words counted."""
    # The words' counts, the documents and the entries in one transaction (the caller's,
    # or one of its own when there is none): the words' lock is held until they are all
    # written (``_WORDS_LOCKED``).
    with transaction.atomic(using=using, savepoint=False):
        if connections[using].vendor == "postgresql":
            # Before the documents are written: the words they counted are read from them.
            published = {p.pk for p in projects if p.published}
            _count_words(ids, [d for d in documents if d.project_id in published], using)
        SearchDocument.objects.using(using).bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["project"],
            update_fields=_DOCUMENT_FIELDS,
        )
        # The narrow entries after the documents: on PostgreSQL the entry's trigger reads
        # the document just written for its vectors.
        SearchEntry.objects.using(using).bulk_create(
            [SearchEntry(project_id=p.pk, published=p.published) for p in projects],
            update_conflicts=True,
            unique_fields=["project"],
            update_fields=["published"],
        )


def rebuild(using: str = DEFAULT_DB_ALIAS) -> int:
    """Every project's search document, written again, and on PostgreSQL the published
    documents' words counted again from them (``manage.py rebuild_search``)."""
    written = refresh(Project.objects.using(using).values_list("pk", flat=True), using)
    if connections[using].vendor == "postgresql":
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute(_WORDS_LOCKED, [WORDS_LOCK])
            cursor.execute("DELETE FROM projects_searchword")
            cursor.execute(WORDS_COUNTED)
    return written


# The distinct words of a document's folded text (" skolutbyte med joniskis ... ").
_WORDS_OF = (
    "CROSS JOIN LATERAL (SELECT DISTINCT x AS word "
    "FROM regexp_split_to_table(btrim({}.folded), ' ') x WHERE x <> '') w"
)
# Every published document's words, counted (``rebuild``; migration ``projects.0028``).
WORDS_COUNTED = (
    "INSERT INTO projects_searchword (word, documents) "
    "SELECT w.word, count(*) FROM projects_searchdocument d "
    "JOIN projects_searchentry e ON e.project_id = d.project_id AND e.published "
    f"{_WORDS_OF.format('d')} GROUP BY w.word"
)
# The transaction's lock of the words (``pg_advisory_xact_lock``, held to its end): one change
# of the counts at a time. Taken by a statement of its own before the counts are read, so that
# the statement after it reads every count and document that an earlier change committed (a
# statement's snapshot is taken when it starts): two changes of one project's document, or of
# two projects', never move a count from the same stored document twice, and never wait for
# each other's words in opposite orders (a deadlock). Any number below 2**63 that no other
# lock of the site uses.
WORDS_LOCK = 140_150_028  # issues #14 and #15, migration projects 0028
_WORDS_LOCKED = "SELECT pg_advisory_xact_lock(%s)"
# Then one statement: each word's count moves by the published documents of these projects
# that hold it now (written next) less those that held it as stored (a document counts while
# its entry is published).
_WORDS_MOVED = (
    "WITH new (project_id, folded) AS (SELECT * FROM unnest(%s::bigint[], %s::text[])), "
    "old AS (SELECT d.folded FROM projects_searchdocument d "
    "JOIN projects_searchentry e ON e.project_id = d.project_id AND e.published "
    "WHERE d.project_id = ANY(%s)), "
    f"moved AS (SELECT w.word, 1 AS n FROM new {_WORDS_OF.format('new')} "
    f"UNION ALL SELECT w.word, -1 FROM old {_WORDS_OF.format('old')}) "
    "INSERT INTO projects_searchword AS s (word, documents) "
    "SELECT word, sum(n) FROM moved GROUP BY word HAVING sum(n) <> 0 ORDER BY word "
    "ON CONFLICT (word) DO UPDATE SET documents = s.documents + EXCLUDED.documents"
)


def _count_words(ids: list[int], published: list[SearchDocument], using: str) -> None:
    """The words' counts moved from the stored documents of ``ids`` to ``published`` (the
    published ones among the documents about to be written; none for deleted work)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_WORDS_LOCKED, [WORDS_LOCK])
        cursor.execute(
            _WORDS_MOVED,
            ([d.project_id for d in published], [d.folded for d in published], list(ids)),
        )


# Words no published document holds any more (their count fell to 0), taken out of the table:
# never suggested already (``documents > 0``), and gone within a day (the purge's daily run),
# so that a name taken out of a published text is not kept here either.
_WORDS_UNUSED = "DELETE FROM projects_searchword WHERE documents <= 0"


def forget_unused_words(using: str = DEFAULT_DB_ALIAS) -> int:
    """The words no published document holds any more, deleted (``manage.py
    purge_personal_data``, daily); their number. PostgreSQL's (SQLite keeps no words)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(_WORDS_LOCKED, [WORDS_LOCK])
        cursor.execute(_WORDS_UNUSED)
        return cursor.rowcount


def forget(project_ids: Iterable[int], using: str = DEFAULT_DB_ALIAS) -> None:
    """Before projects are deleted: their published words no longer counted (PostgreSQL)."""
    ids = sorted({pk for pk in project_ids if pk is not None})
    if ids and connections[using].vendor == "postgresql":
        _count_words(ids, [], using)


def write_missing() -> int:
    """The documents and entries of projects that have none (added in bulk, or before #14)."""
    return refresh(
        Project.objects.filter(
            Q(search_document__isnull=True) | Q(search_entry__isnull=True)
        ).values_list("pk", flat=True)
    )


# --- searching ------------------------------------------------------------------------------


class _Matches(Func):
    """``vector @@ query``, for a query that is an expression (``_corrected``)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


# How many of the published words most like a misspelt word it is corrected to.
CORRECTIONS = 5
# A misspelt search's words corrected in the database, as the query the vectors are matched
# with: each word becomes the published words most like it (pg_trgm's ``word_similarity`` at
# least ``pg_trgm.word_similarity_threshold``, 0.6, as the documents' trigrams asked before),
# any of them (|); every word must be matched (&). A word like none: a query matching nothing.
# The words are folded words, letters and digits only: nothing in them is tsquery syntax.
_CORRECTED_WORDS = (
    "(SELECT CASE WHEN count(*) = cardinality(%s::text[]) "
    "THEN string_agg('(' || c.words || ')', ' & ') END FROM (SELECT string_agg(s.word, ' | ') "
    "AS words FROM unnest(%s::text[]) WITH ORDINALITY AS q (typed, i) CROSS JOIN LATERAL "
    "(SELECT w.word FROM projects_searchword w WHERE w.documents > 0 AND w.word %%> q.typed "
    "ORDER BY word_similarity(q.typed, w.word) DESC, w.documents DESC, w.word LIMIT %s) s "
    "GROUP BY q.i) c)"
)
_CORRECTED = f"to_tsquery(%s::regconfig, coalesce({_CORRECTED_WORDS}, ''))"
# A misspelt search's corrected words read already (``_CORRECTED_WORDS``: "(klimat | klimatet)
# & (skola)", or "" for a word like none), as the query in a language.
_CORRECTED_TEXT = "to_tsquery(%s::regconfig, %s)"


def _corrected(found: list[str] | str, code: str):
    """The query of the published words most like the folded words ``found`` (a misspelt
    search, #14, #15), read from the words' trigram index (``SearchWord``); or, when
    ``found`` is a text, of those words read already (``SearchResults._ranked_ids``): a
    constant query, whose matches the planner can estimate, and no trigrams read again."""
    if isinstance(found, str):
        return RawSQL(_CORRECTED_TEXT, (CONFIGS[code], found), SearchQueryField())
    return RawSQL(_CORRECTED, (CONFIGS[code], found, found, CORRECTIONS), SearchQueryField())


def _language(language: str | None) -> str:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return "en" if language.startswith("en") else "sv"


def _shown(field: str, code: str):
    """The text a page in ``code`` shows for a translated field (modeltranslation's fallback)."""
    order = [code, *(c for c in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if c != code)]
    return Coalesce(*(NullIf(F(f"{field}_{c}"), Value("")) for c in order), F(field))


def search(queryset, text: str, language: str | None = None):
    """The projects of ``queryset`` whose search document matches ``text``, best first.

    Only the first ``SEARCH_MAX_LENGTH`` characters are searched. The queries are the same
    whatever the text (punctuation only, SQL, a misspelling): a page that finds nothing.
    """
    text = searched_part(text)
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text, _language(language))
    found = words(text)
    if not found:
        # No word to look for: a condition no document meets, so the page asks as usual.
        return queryset.filter(search_document__folded="")
    match = Q()
    for word in found:
        match &= Q(search_document__folded__contains=" " + word)
    return queryset.filter(match)


def _queries(text: str, code: str):
    """The search's query in each language and its rank, the page's language first."""
    queries = {
        c: SearchQuery(text, config=CONFIGS[c], search_type="websearch") for c in ("sv", "en")
    }
    other = "en" if code == "sv" else "sv"
    rank = SearchRank(F(f"vector_{code}"), queries[code]) + SearchRank(
        F(f"vector_{other}"), queries[other]
    ) * Value(0.5)
    return queries, rank


def _search_postgresql(queryset, text: str, code: str):
    queries, rank = _queries(text, code)
    return SearchResults(queryset, text, queries, rank, code)


def listed(results, limit: int | None = None, through: int | None = None):
    """The first ``limit`` (``LISTED_AT_MOST``) results of a search, best first, as the
    project list's paginator reads them: its ``count()`` is exact up to ``limit`` and
    ``limit`` above it, and its ``more`` says whether there were more. At most ``limit + 1``
    matches are read, whatever the number of matches. ``through``: how many of the best
    the page to be shown needs (its last row), read with the count; ``FIRST_IDS`` when not
    given (PostgreSQL's ranking, ``SearchResults``)."""
    limit = LISTED_AT_MOST if limit is None else limit
    if isinstance(results, SearchResults):
        return results.first(limit, through)
    return FirstResults(results, limit)


class FirstResults:
    """The first ``limit`` rows of a queryset (SQLite's search), as a paginator reads them;
    counted with ``LIMIT limit + 1``, so ``more`` says whether there were more."""

    def __init__(self, queryset, limit: int):
        self._queryset = queryset
        self._limit = limit
        self._counted = None
        self.ordered = queryset.ordered

    def _count(self) -> int:
        if self._counted is None:
            self._counted = self._queryset.order_by().values("pk")[: self._limit + 1].count()
        return self._counted

    @property
    def limit(self) -> int:
        return self._limit

    @property
    def more(self) -> bool:
        return self._count() > self._limit

    def count(self) -> int:
        return min(self._count(), self._limit)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            return self._queryset[: self._limit][key]
        start, stop = key.start or 0, key.stop if key.stop is not None else self._limit
        stop = min(stop, self._limit)
        return self._queryset[start:stop] if start < stop else self._queryset.none()

    def __iter__(self):
        return iter(self._queryset[: self._limit])


@functools.cache
def _published_lookup():
    """The lookup of ``Project.objects.published()`` (built once: a queryset per search, a
    third of a millisecond, only to compare with)."""
    return Project.objects.published().query.where.children[0]


# Stand-ins for a search's text and folded words while its statements are compiled
# (``_compiled``): no search is either (a text is never a list, and a form's text never
# holds a NUL).
_TEXT = "\x00text\x00"
_WORDS = ["\x00words\x00"]
# And for a page's ids (``SearchResults._page``): a list of ids never holds a text.
_IDS = ["\x00ids\x00"]
# And for a misspelt search's corrected words read already (``_corrected`` of a text).
_CORRECTED_WORDS_TEXT = "\x00corrected\x00"
# A public search's statements (no filter but ``published``), compiled once per process.
_COMPILED: dict = {}
_COMPILED_MAX = 64


def _compiled(key, build, text: str, found: list[str] | None = None):
    """The SQL and parameters of the queryset ``build(_TEXT, _WORDS)`` with the search's
    ``text`` and folded words ``found`` in the place of the stand-ins: the ORM builds and
    compiles it once per process for each ``key`` (a search's two statements were some
    2.5 ms of Python beside their SQL, #15); built anew for each search when ``key`` is
    None (other filters than ``published``: their values are in the statement)."""
    kept = _COMPILED.get(key) if key is not None else None
    if kept is None:
        kept = build(_TEXT, _WORDS).query.sql_with_params()
        if key is not None:
            if len(_COMPILED) >= _COMPILED_MAX:
                _COMPILED.clear()
            _COMPILED[key] = kept
    sql, params = kept
    return sql, _substituted(params, text, found)


def _substituted(params, text: str, found: list[str] | str | None) -> tuple:
    """A compiled statement's parameters with the search's own in the place of the
    stand-ins ``_TEXT``, and ``_WORDS`` or ``_CORRECTED_WORDS_TEXT`` (``found``)."""
    return tuple(
        text if param == _TEXT else found if param in (_WORDS, _CORRECTED_WORDS_TEXT) else param
        for param in params
    )


def _kind_of(found: list[str] | str | None) -> str:
    """The kind of query of a search's headlines: its text's, its folded words' corrected
    in the statement (``_corrected`` of words), or its corrected words read already."""
    if found is None:
        return "text"
    return "corrected" if isinstance(found, str) else "words"


def _stand_in(found: list[str] | str | None):
    """The stand-in of ``found`` while a statement is compiled (``_substituted``)."""
    if found is None:
        return None
    return _CORRECTED_WORDS_TEXT if isinstance(found, str) else _WORDS


# The headlines' SQL for each database, language and kind of query (``_headlines``).
_HEADLINES: dict = {}


def _headlines(code: str, text: str, found: list[str] | str | None, using: str) -> dict:
    """The marked title and summary of a page's projects as annotations: ``ts_headline`` of
    the text a page in ``code`` shows (``_shown``) with the search's query, or with its
    corrected words' when ``found`` (a misspelt search's folded words, or its corrected
    words read already, ``_corrected``).
    Their SQL is compiled once per process for each language and kind of query: building
    and compiling the two headlines' expressions was a millisecond of every page (#15)."""
    key = (using, code, _kind_of(found))
    kept = _HEADLINES.get(key)
    if kept is None:
        if found is None:
            query = SearchQuery(_TEXT, config=CONFIGS[code], search_type="websearch")
        else:
            query = _corrected(_stand_in(found), code)
        marks = {"start_sel": START, "stop_sel": STOP, "config": CONFIGS[code]}
        expressions = {
            "search_title": SearchHeadline(
                _shown("title", code), query, highlight_all=True, **marks
            ),
            "search_summary": SearchHeadline(
                _shown("summary", code), query, min_words=25, max_words=40, **marks
            ),
        }
        projects = Project.objects.using(using).all().query
        compiler = projects.get_compiler(using)
        kept = _HEADLINES[key] = {
            name: compiler.compile(expression.resolve_expression(projects))
            for name, expression in expressions.items()
        }
    return {
        name: RawSQL(sql, _substituted(params, text, found), output_field=TextField())
        for name, (sql, params) in kept.items()
    }


def _scope(queryset):
    """How the entries stand for ``queryset``: (``published`` alone, or a condition that
    includes it; the rest of the condition as a subquery of ids, or None).

    The public pages search published work: the count and the ranking then read the
    entries' partial indexes alone, and only other filters (kind, place, year ...) add the
    projects' ids as a subquery."""
    where = queryset.query.where
    and_node = where.connector == "AND" and not where.negated
    published = and_node and _published_lookup() in where.children
    alone = published and len(where.children) == 1 and not queryset.query.distinct
    return published, None if alone else queryset.values("pk")


class SearchResults:
    """A search's projects on PostgreSQL, best first, as a paginator reads them (#14, #15).

    ``count()`` counts the matching entries (``SearchEntry``: a project's id, its
    ``published`` and the two vectors); a page's slice ranks the entries and takes the
    page's ids, and only then reads those projects from ``queryset`` (with the marked title
    and summary, or ``values(...)`` for the API). When a word is in a large share of all
    work, only the first ``RANKED_AT_MOST`` matches in the index's order are ranked; the
    rest follow them, in the same order, unranked; the count stays exact. Equal ranks are in
    the order of the projects' ids, newest recorded first.

    No word matched (the count is 0): the published words most like the words (their
    trigrams, ``_corrected``) are searched instead, for a misspelt word or name, newest
    first, in one query. The queries are the same whatever the text: the count of the
    words' matches, then the count of the corrected words' (which match nothing when the
    text has no word or a word like none).
    """

    model = Project
    ordered = True

    def __init__(self, queryset, text, queries, rank, code, fields=None, limit=None):
        self._queryset = queryset
        self._text = text
        self._queries = queries
        self._rank = rank
        self._code = code
        self._fields = fields
        self._limit = limit
        self._found = None
        # A misspelt search's corrected queries (``_corrected``), once no word matched.
        self._corrections = None
        # A listed misspelt search's corrected words, read with its count (``_ranked_ids``).
        self._corrected_text = None
        self._scoped = None
        # The compiled statement of the first ``limit + 1`` matches with their rank.
        self._first = None
        # How many of the best ids ``first`` reads with the count (None: ``FIRST_IDS``).
        self._through = None

    def _clone(self, fields, limit):
        return SearchResults(
            self._queryset, self._text, self._queries, self._rank, self._code, fields, limit
        )

    def values(self, *fields):
        """The page's projects as dicts of these fields (the API's rows), in the same order."""
        clone = self._clone(fields, self._limit)
        clone._found, clone._corrections = self._found, self._corrections
        clone._corrected_text = self._corrected_text
        clone._first, clone._through = self._first, self._through
        return clone

    def first(self, limit: int, through: int | None = None):
        """The first ``limit`` results (``listed``): one query reads at most ``limit + 1``
        matching entries and ranks them, and sends back their number (the count, exact up to
        ``limit``) and the ids of the best ``through`` (``FIRST_IDS`` when None)."""
        clone = self._clone(self._fields, limit)
        clone._through = through
        return clone

    @property
    def limit(self) -> int | None:
        """How many results ``first`` lists at most: its ``limit``, or fewer for a corrected
        misspelling (``TRIGRAMS_LISTED_AT_MOST``)."""
        if self._limit is None:
            return None
        ranked = self._matches()[1]
        return self._limit if ranked else min(self._limit, TRIGRAMS_LISTED_AT_MOST)

    @property
    def more(self) -> bool:
        """Whether more than the ``limit`` results of ``first`` matched."""
        return self._limit is not None and self._matches()[2] > self.limit

    def _ranked_first(self, matches, limit: int):
        """The SQL and parameters of the first ``limit`` matches in the index's order with
        their rank: no ORDER BY inside, so the scan stops after ``limit`` rows."""
        first = matches.annotate(search_rank=self._rank).values("project_id", "search_rank")
        return first[:limit].query.sql_with_params()

    def _key(self, name: str, limit: int):
        """The key of a statement of this search compiled once (``_compiled``), or None
        when other filters than ``published`` are in it."""
        published, others = self._scope()
        if not published or others is not None:
            return None
        return (self._queryset.db, name, self._code, limit)

    def _listed(self):
        """(the ids of the best ``FIRST_IDS`` of the first ``limit + 1`` matches, best first,
        or of every corrected match; ranked; the number of matches read)."""
        limit = self._limit + 1
        database = self._queryset.db

        def first(text, _found):
            queries, rank = _queries(text, self._code)
            matches = self._entries().filter(
                Q(vector_sv=queries["sv"]) | Q(vector_en=queries["en"])
            )
            return matches.annotate(search_rank=rank).values("project_id", "search_rank")[:limit]

        self._first = _compiled(self._key("first", limit), first, self._text)
        count, ids, corrected_words = self._ranked_ids(self._through or FIRST_IDS)
        ranked = True
        if not count:
            # No word matched: the published words most like the words, searched instead
            # (a misspelt word or name); the first matches the index gives, newest first: no
            # ORDER BY, so the scan stops after ``limit``. The words were read with the count
            # (``_ranked_ids``): here and in the page's headlines they are a constant query.
            ranked = False
            self._corrected_text = corrected_words or ""
            corrected = min(limit, TRIGRAMS_LISTED_AT_MOST + 1)

            def found(_text, _found):
                stand_in = {c: _corrected(_CORRECTED_WORDS_TEXT, c) for c in ("sv", "en")}
                entries = self._corrected_entries(stand_in)
                return entries.values_list("project_id", flat=True)[:corrected]

            sql, params = _compiled(
                self._key("corrected-words", corrected), found, self._text, self._corrected_text
            )
            with connections[database].cursor() as cursor:
                cursor.execute(sql, params)
                ids = sorted((row[0] for row in cursor.fetchall()), reverse=True)
            count = len(ids)
        return ids, ranked, count

    def _ranked_ids(self, through: int) -> tuple[int, list[int], str | None]:
        """(the number of the first ``limit + 1`` matches; the ids of the best ``through`` of
        them, best first; when none matched, the published words most like the search's, as
        a query's text, ``_CORRECTED_WORDS``), in one statement: the matches are read and
        ranked once, and only the ids asked for leave the database (a top-N sort instead of
        sorting and sending every match, #15). The words are read only when nothing matched
        (``CASE``): a misspelt search then asks no other statement for them."""
        inner, params = self._first
        found = words(self._text)
        with connections[self._queryset.db].cursor() as cursor:
            cursor.execute(
                f"WITH m AS MATERIALIZED ({inner}) "  # noqa: S608 (compiled, parameters)
                "SELECT (SELECT count(*) FROM m), ARRAY(SELECT m.project_id FROM m "
                "ORDER BY m.search_rank DESC, m.project_id DESC LIMIT %s), "
                f"CASE WHEN NOT EXISTS (SELECT FROM m) THEN {_CORRECTED_WORDS} END",
                (*params, through, found, found, CORRECTIONS),
            )
            count, ids, corrected = cursor.fetchone()
        return count, list(ids), corrected

    def _corrected_entries(self, corrections=None):
        """The entries matching the misspelt search's corrected words (``_corrected``):
        ``corrections``' queries, or the search's own (kept for its headlines)."""
        if corrections is None:
            words_found = words(self._text)
            corrections = self._corrections = {c: _corrected(words_found, c) for c in ("sv", "en")}
        return self._entries().filter(
            Q(_Matches(F("vector_sv"), corrections["sv"]))
            | Q(_Matches(F("vector_en"), corrections["en"]))
        )

    def _scope(self):
        """``_scope`` of the searched queryset, found once."""
        if self._scoped is None:
            self._scoped = _scope(self._queryset)
        return self._scoped

    def _entries(self):
        published, others = self._scope()
        entries = SearchEntry.objects.using(self._queryset.db)
        if published:
            entries = entries.filter(published=True)
        if others is not None:
            entries = entries.filter(project__in=others)
        return entries

    def _matches(self):
        """(the matching rows, ranked or not, their count); counted once. After ``first``:
        (the ids of the first matches, ranked or not, their number)."""
        if self._found is None and self._limit is not None:
            self._found = self._listed()
        if self._found is None:
            matches = self._entries().filter(
                Q(vector_sv=self._queries["sv"]) | Q(vector_en=self._queries["en"])
            )
            ranked = True
            count = matches.count()
            if not count:
                # No word matched: the published words most like them (a misspelt word).
                matches = self._corrected_entries()
                ranked = False
                count = matches.count()
            self._found = (matches, ranked, count)
        return self._found

    def count(self) -> int:
        found = self._matches()[2]
        return found if self._limit is None else min(found, self.limit)

    def __len__(self):
        return self.count()

    def exists(self) -> bool:
        return self.count() > 0

    def __iter__(self):
        return iter(self[: self.count()])

    def _ids(self, start: int, stop: int) -> list[int]:
        matches, ranked, count = self._matches()
        stop = min(stop, self.count())
        if start >= stop:
            return []
        if self._limit is not None:
            if ranked and stop > len(matches) and len(matches) < count:
                # Past the pages read with the count: the best ``stop`` read again.
                matches = self._ranked_ids(stop)[1]
                self._found = (matches, ranked, count)
            return matches[start:stop]
        if not ranked:
            return list(
                matches.order_by("-project_id").values_list("project_id", flat=True)[start:stop]
            )
        ids = []
        if start < RANKED_AT_MOST:
            # The first matches in the index's order, ranked: no ORDER BY inside, so the
            # scan stops after RANKED_AT_MOST rows and ranks those alone.
            inner, params = self._ranked_first(matches, RANKED_AT_MOST)
            end = min(stop, RANKED_AT_MOST)
            with connections[matches.db].cursor() as cursor:
                cursor.execute(
                    f"SELECT m.project_id FROM ({inner}) m "  # noqa: S608 (compiled, parameters)
                    "ORDER BY m.search_rank DESC, m.project_id DESC LIMIT %s OFFSET %s",
                    (*params, end - start, start),
                )
                ids = [row[0] for row in cursor.fetchall()]
        if stop > RANKED_AT_MOST:
            # Past the ranked ones: the rest in the same order of the index, unranked.
            rest = max(start, RANKED_AT_MOST)
            ids += list(matches.values_list("project_id", flat=True)[rest:stop])
        return ids

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            index = int(key)
            return self[index : index + 1][0]
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        ids = self._ids(start, stop)
        if not ids:
            return []
        if self._fields is not None:
            rows = self._queryset.filter(pk__in=ids).order_by()
            by_id = {row["pk"]: row for row in rows.values(*self._fields)}
        else:
            by_id = {project.pk: project for project in self._page(ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def _page(self, ids: list[int]) -> list:
        """The projects ``ids`` of ``queryset`` with their marked title and summary
        (``_headlines``). A public search's (no filter but ``published``, no prefetch) is
        compiled once per process for the queryset's columns, the language and the kind
        of query, and run with the page's ids as one parameter (``AnyOf``) and the search's
        text: building and compiling it was a millisecond and a half of every page (#15)."""
        found = self._corrected_text
        if found is None and self._corrections:
            found = words(self._text)
        queryset = self._queryset.order_by()
        database = queryset.db
        query = queryset.query
        if self._key("page", 0) is None or queryset._prefetch_related_lookups:
            headlines = _headlines(self._code, self._text, found, database)
            return list(queryset.filter(pk__in=ids).annotate(**headlines))
        # Everything the statement depends on beside its parameters: the language, the kind
        # of query, and the queryset's columns (its condition is ``published`` alone).
        key = (
            "search-page",
            database,
            self._code,
            _kind_of(found),
            query.model,
            frozenset(query.deferred_loading[0]),
            query.deferred_loading[1],
            repr(query.select_related),
            tuple(query.annotations),
            tuple(query.extra),
        )

        def make():
            headlines = _headlines(self._code, _TEXT, _stand_in(found), database)
            return queryset.filter(AnyOf(F("pk"), _IDS)).annotate(**headlines)

        kept = compiled.compile_once(key, make)
        if kept is None:  # no rows possible
            return []
        params = _substituted(kept[3], self._text, found)
        return compiled.run(kept, [ids if param == _IDS else param for param in params])

    def explain(self) -> str:
        """The plans of the count and of the first page's ranking (tests, the bench); after
        ``first``, of its one query of the first matches."""
        if self._limit is not None:
            matches = self._entries().filter(
                Q(vector_sv=self._queries["sv"]) | Q(vector_en=self._queries["en"])
            )
            first = matches.annotate(search_rank=self._rank).values("project_id", "search_rank")
            return first[: self._limit + 1].explain()
        matches, ranked, _count = self._matches()
        plans = [matches.explain()]
        if ranked:
            first = matches.annotate(search_rank=self._rank).values("project_id", "search_rank")
            plans.append(first[:RANKED_AT_MOST].explain())
        return "\n".join(plans)


# --- marking the matched words -----------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


class _FoldTable(dict):
    """``str.translate``'s table of each character's fold (``fold``), a character's found the
    first time it is asked for: a text folded whole at the speed of ``translate``, the same
    string as its characters' folds joined. Bounded by the characters the texts hold."""

    def __missing__(self, ordinal: int) -> str:
        folded = self[ordinal] = _fold_char(chr(ordinal))
        return folded


_FOLDED = _FoldTable()


@functools.lru_cache(maxsize=256)
def _word_starts(found: tuple[str, ...]) -> re.Pattern:
    """Words of a folded text that begin with one of the folded words ``found``."""
    alternatives = "|".join(re.escape(word) for word in sorted(found, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")


def mark_words(text: str, found: list[str]) -> str:
    """``text`` with every word that begins with one of the folded words ``found`` framed by
    ``START`` and ``STOP`` (what SQLite's search matched, or words no headline marked)."""
    if not text or not found:
        return text
    # The text folded character by character, and where each folded character came from.
    # Folding a character is the same every time (cached), and a text whose every character
    # folds to one character needs no map: a list's 40 marked titles and summaries folded
    # every character anew, a third of a search's page (#15).
    # A text with none of the words (the titles and summaries of a search matched by a place
    # or by a headline) is folded whole (``_FOLDED``) and left as it is, not folded character
    # by character with a map of where each came from (#15: a tenth of a name's search).
    words = _word_starts(tuple(found))
    if text.isascii():
        folded, origin = text.lower(), None
    else:
        folded = text.translate(_FOLDED)
        if words.search(folded) is None:
            return text
        parts = [_fold_char(char) for char in text]
        origin = None
        if len(folded) != len(text) or any(len(part) != 1 for part in parts):
            origin = [index for index, part in enumerate(parts) for _ in part]
    pieces, last = [], 0
    for match in words.finditer(folded):
        begin, end = match.start(), match.end()
        if origin is not None:
            begin, end = origin[begin], origin[end - 1] + 1
        pieces += [text[last:begin], START, text[begin:end], STOP]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def marked_html(text: str) -> str:
    """The marked text as HTML: escaped first, then each match in ``<mark>``."""
    if START not in (text or "") and STOP not in (text or ""):
        # Nothing marked (every title and summary of a list without a search): escaped as
        # ``escape`` escapes it, without splitting it first (#15).
        return mark_safe(html.escape(str(text or "")))  # noqa: S308  (escaped)
    parts, open_mark = [], False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START:
            if not open_mark:
                parts.append("<mark>")
            open_mark = True
        elif piece == STOP:
            if open_mark:
                parts.append("</mark>")
            open_mark = False
        else:
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308  (every text piece escaped above)
