"""The Wikidata CSV (#14): a P190-style row with the partner's item id, and a start known
only approximately exported with its precision, never as an exact year."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from partners.models import DatePrecision
from website.opendata import wikidata_time

pytestmark = pytest.mark.django_db


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
