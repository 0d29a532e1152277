"""The public search of projects and exchanges (#14), over their search documents.

PostgreSQL: full-text search in Swedish and English (the text search configurations
``vimmerby_swedish`` and ``vimmerby_english`` of migration ``projects.0012``: the language's
stemmer after the ``unaccent`` dictionary, so "skolor" finds "skola" and "Joniskis" finds
"Joniškis"), or a trigram word similarity (``pg_trgm``) of the folded text for misspelt words
and names, ranked (the page's language first) and highlighted by ``ts_headline``.
Every part of it reads a GIN index of ``projects_searchdocument``.

SQLite (the quick start): every word of the search, accents folded, must begin a word of the
document's folded text ("skol" finds "Skolutbyte", "joniskis" finds "Joniškis"); no word
forms, no misspellings; the matched words are marked here in Python.

The document (``SearchDocument``) is written by ``refresh`` on every change of a project, its
places and objectives (``projects/signals.py``); ``rebuild`` writes them all.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import BooleanField, F, Func, Prefetch, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from partners.models import Place
from projects.models import Project, SearchDocument
from strategy.models import Objective

# The part of a search that is searched; the rest of a longer text is left out.
SEARCH_MAX_LENGTH = 200
MAX_WORDS = 12
CONFIGS = {"sv": "vimmerby_swedish", "en": "vimmerby_english"}
# Where a match begins and ends in a marked text: characters no text of ours contains. The
# text is escaped first and only then are they made <mark> and </mark> (``marked_html``).
START, STOP = "\x02", "\x03"
BATCH_SIZE = 1000

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


def _document(project) -> SearchDocument:
    texts = {}
    for code in ("sv", "en"):
        with translation.override(code):
            countries = sorted({str(place.country.name) for place in project.search_places})
            names = [
                *(
                    name
                    for place in project.search_places
                    for name in (place.name, place.local_name)
                ),
                *countries,
                project.school,
            ]
            body = [project.summary or ""]
            for objective in project.objectives.all():
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
        projects = (
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
        documents = [_document(project) for project in projects]
        SearchDocument.objects.using(using).bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["project"],
            update_fields=_DOCUMENT_FIELDS,
        )
        written += len(documents)
    return written


def rebuild(using: str = DEFAULT_DB_ALIAS) -> int:
    """Every project's search document, written again (``manage.py rebuild_search``)."""
    return refresh(Project.objects.using(using).values_list("pk", flat=True), using)


def write_missing() -> int:
    """The documents of projects that have none (added in bulk, or before #14)."""
    return refresh(
        Project.objects.filter(search_document__isnull=True).values_list("pk", flat=True)
    )


# --- searching ------------------------------------------------------------------------------


class _WordSimilar(Func):
    """``document %> words``: some extent of the document is a word similar to the words
    (pg_trgm's ``word_similarity`` at least ``pg_trgm.word_similarity_threshold``, 0.6)."""

    arg_joiner = " %%> "
    template = "(%(expressions)s)"
    output_field = BooleanField()


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


def _search_postgresql(queryset, text: str, code: str):
    queries = {
        c: SearchQuery(text, config=CONFIGS[c], search_type="websearch") for c in ("sv", "en")
    }
    match = Q(search_document__vector_sv=queries["sv"]) | Q(
        search_document__vector_en=queries["en"]
    )
    folded = " ".join(words(text))
    # The trigram match only when no word matched (one probe of the vectors' indexes): as a
    # condition beside the vectors it would compute word_similarity for every candidate
    # sharing a trigram, seconds at 100,000 projects; alone, it reads the short names.
    # The probe is made for every search, so that each asks the same queries.
    if not queryset.filter(match).exists() and folded:
        match = Q(_WordSimilar(F("search_document__folded_names"), Value(folded)))
    other = "en" if code == "sv" else "sv"
    rank = SearchRank(F(f"search_document__vector_{code}"), queries[code]) + SearchRank(
        F(f"search_document__vector_{other}"), queries[other]
    ) * Value(0.5)
    marks = {"start_sel": START, "stop_sel": STOP, "config": CONFIGS[code]}
    return (
        queryset.filter(match)
        .annotate(
            search_rank=rank,
            search_title=SearchHeadline(
                _shown("title", code), queries[code], highlight_all=True, **marks
            ),
            search_summary=SearchHeadline(
                _shown("summary", code), queries[code], min_words=25, max_words=40, **marks
            ),
        )
        .order_by("-search_rank", "title")
    )


# --- marking the matched words -----------------------------------------------------------


def mark_words(text: str, found: list[str]) -> str:
    """``text`` with every word that begins with one of the folded words ``found`` framed by
    ``START`` and ``STOP`` (what SQLite's search matched, or a trigram match)."""
    if not text or not found:
        return text
    folded, origin = [], []
    for index, char in enumerate(text):
        part = fold(char)
        folded.append(part)
        origin.extend([index] * len(part))
    alternatives = "|".join(re.escape(word) for word in sorted(found, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")
    pieces, last = [], 0
    for match in pattern.finditer("".join(folded)):
        begin, end = origin[match.start()], origin[match.end() - 1] + 1
        pieces += [text[last:begin], START, text[begin:end], STOP]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def marked_html(text: str) -> str:
    """The marked text as HTML: escaped first, then each match in ``<mark>``."""
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
