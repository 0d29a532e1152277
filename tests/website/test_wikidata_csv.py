"""The Wikidata CSV (#14): a P190-style row with the partner's item id, and a start known
only approximately exported with its precision, never as an exact year."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from partners.models import DatePrecision
from tests.website.conftest import shared_world
from website.opendata import p190_statement, wikidata_time

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


def _rows(client):
    response = client.get(reverse("website:twin-towns-csv"))
    return {row["place"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}


def test_a_p190_row_carries_the_partners_item_id(client, world, settings):
    settings.MUNICIPALITY_WIKIDATA_ID = "Q111"

    joniskis = _rows(client)["Joniškis"]

    assert (joniskis["municipality_wikidata_id"], joniskis["place_wikidata_id"]) == (
        "Q111",
        "Q1006707",
    )
    assert joniskis["wikidata_P580"] == "+1994-00-00T00:00:00Z/9"


def test_an_approximate_start_is_the_decade_never_an_exact_year(client, world):
    """Skærbæk's start in the test world is "sedan 1960-talet" (approximate, stored 1960)."""
    skaerbaek = _rows(client)["Skærbæk"]

    assert skaerbaek["start"] == ""
    assert skaerbaek["start_precision"] == "approximate"
    assert skaerbaek["start_note"] == "sedan 1960-talet"
    assert skaerbaek["wikidata_P580"] == "+1960-00-00T00:00:00Z/8"


def test_since_the_second_world_war_is_the_1940s():
    day = datetime.date(1945, 1, 1)

    assert wikidata_time(day, DatePrecision.APPROXIMATE) == "+1940-00-00T00:00:00Z/8"
    assert "1945" not in wikidata_time(day, DatePrecision.APPROXIMATE)


def test_the_row_is_a_quickstatements_p190_line_with_both_items(client, world, settings):
    settings.MUNICIPALITY_WIKIDATA_ID = "Q111"

    joniskis = _rows(client)["Joniškis"]

    assert joniskis["wikidata_statement"] == ("Q111\tP190\tQ1006707\tP580\t+1994-00-00T00:00:00Z/9")


def test_no_statement_without_the_municipalitys_own_item(client, world, settings):
    settings.MUNICIPALITY_WIKIDATA_ID = ""

    assert _rows(client)["Joniškis"]["wikidata_statement"] == ""


def test_no_statement_for_a_place_whose_item_is_not_yet_confirmed(client, world, settings):
    settings.MUNICIPALITY_WIKIDATA_ID = "Q111"
    world.joniskis.wikidata_id = ""
    world.joniskis.save()

    row = _rows(client)["Joniškis"]

    assert (row["place_wikidata_id"], row["wikidata_statement"]) == ("", "")


@pytest.mark.parametrize(
    ("item", "partner", "start", "end", "expected"),
    [
        ("Q1", "Q2", "+1940-00-00T00:00:00Z/8", "", "Q1\tP190\tQ2\tP580\t+1940-00-00T00:00:00Z/8"),
        (
            "Q1",
            "Q2",
            "",
            "+2007-01-01T00:00:00Z/11",
            "Q1\tP190\tQ2\tP582\t+2007-01-01T00:00:00Z/11",
        ),
        ("=cmd()", "Q2", "", "", ""),
        ("Q1", "1006707", "", "", ""),
    ],
)
def test_p190_statement(item, partner, start, end, expected):
    assert p190_statement(item, partner, start, end) == expected
