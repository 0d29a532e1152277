"""The twin towns and partnerships as CSV, ready for Wikidata's P190 (twinned
administrative body), with start (P580) and end (P582) in Wikidata's time notation.

A start known only approximately ("since the Second World War", stored as 1945 with the
precision "approximate") is never exported as an exact year (#14): its P580 is the decade
(Wikidata's precision 8, "+1940-00-00T00:00:00Z/8"), the "start" column stays empty and
"start_note" carries the words.

Each place carries its Wikidata item (data/vimmerby.toml, `wikidata_id`), and the
municipality's own item is the setting MUNICIPALITY_WIKIDATA_ID; with both, the column
"wikidata_statement" is the row as a QuickStatements line (item, P190, partner item, P580,
P582), ready to paste."""

import csv
import re

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from governance.spreadsheet_cells import Formed, safe_row, safe_text
from partners.models import DatePrecision, RelationshipKind
from website import queries

# Wikidata's time precision codes: 11 day, 10 month, 9 year, 8 decade.
WIKIDATA_PRECISION = {
    DatePrecision.DAY: 11,
    DatePrecision.MONTH: 10,
    DatePrecision.YEAR: 9,
    DatePrecision.APPROXIMATE: 8,
}
COLUMNS = [
    "municipality_wikidata_id",
    "place",
    "local_name",
    "country",
    "place_wikidata_id",
    "kind",
    "status",
    "start",
    "start_precision",
    "start_note",
    "end",
    "wikidata_P580",
    "wikidata_P582",
    "wikidata_statement",
    "page",
]
WIKIDATA_ITEM = re.compile(r"^Q[1-9]\d*$")
# Every cell passes governance.spreadsheet_cells (OWASP's rule against CSV injection).
safe_cell = safe_text


def wikidata_time(day, precision: str) -> str:
    """A date in Wikidata's notation, e.g. "+1994-00-00T00:00:00Z/9" for the year 1994."""
    if day is None or precision not in WIKIDATA_PRECISION:
        return ""
    code = WIKIDATA_PRECISION[precision]
    year = day.year if code >= 9 else day.year // 10 * 10
    month = f"{day.month:02d}" if code >= 10 else "00"
    dom = f"{day.day:02d}" if code >= 11 else "00"
    return f"+{year:04d}-{month}-{dom}T00:00:00Z/{code}"


def p190_statement(item: str, partner: str, start: str, end: str) -> str:
    """The row as one QuickStatements (V1) line: the municipality's item, P190 (twinned
    administrative body), the partner's item, and the start (P580) and end (P582) qualifiers
    that are known. Empty unless both items are well-formed: a statement needs both ends."""
    if not (WIKIDATA_ITEM.fullmatch(item) and WIKIDATA_ITEM.fullmatch(partner)):
        return ""
    parts = [item, "P190", partner]
    for qualifier, value in (("P580", start), ("P582", end)):
        if value:
            parts += [qualifier, value]
    return "\t".join(parts)


def _row(request, relationship) -> list[str]:
    place = relationship.place
    started = relationship.started_on
    start = wikidata_time(started, relationship.start_precision)
    end = wikidata_time(relationship.ended_on, DatePrecision.DAY)
    shown_start = relationship.start_display if started else ""
    return [
        settings.MUNICIPALITY_WIKIDATA_ID,
        place.name,
        place.local_name,
        place.country.code,
        place.wikidata_id,
        relationship.kind,
        relationship.status,
        shown_start if relationship.start_precision != DatePrecision.APPROXIMATE else "",
        relationship.start_precision,
        relationship.start_note,
        relationship.ended_on.isoformat() if relationship.ended_on else "",
        # Formed from dates by the code: Wikidata's "+1994-..." is written as it is.
        Formed(start),
        Formed(end),
        Formed(p190_statement(settings.MUNICIPALITY_WIKIDATA_ID, place.wikidata_id, start, end)),
        request.build_absolute_uri(reverse("website:place-detail", args=[place.slug])),
    ]


def twin_towns_csv(request):
    """Published twin towns and municipal partnerships, one row per relationship."""
    relationships = (
        queries.published_relationships()
        .filter(kind__in=(RelationshipKind.TWIN_TOWN, RelationshipKind.PARTNERSHIP))
        .select_related("place")
        .order_by("place__name", "started_on")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="twin-towns.csv"'
    writer = csv.writer(response)
    writer.writerow(safe_row(COLUMNS))
    for relationship in relationships:
        writer.writerow(safe_row(_row(request, relationship)))
    return response
