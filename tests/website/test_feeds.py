"""Atom feed of projects, iCalendar feeds of meetings, and the CSV for Wikidata (S18, S19)."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse, translate_url
from icalendar import Calendar

from partners.models import DatePrecision
from tests.website.conftest import shared_world
from website.opendata import COLUMNS, safe_cell, wikidata_time

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]
ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_lists_published_projects_linking_to_their_pages(client, world):
    response = client.get(reverse("website:project-feed"))

    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Skolutbyte med Joniškis"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://testserver/projekt/skolutbyte-joniskis/"


def test_atom_feed_in_english_links_english_pages(client, world):
    feed = ET.fromstring(client.get(translate_url(reverse("website:project-feed"), "en")).content)

    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "School exchange with Joniškis"
    assert entry.find(f"{ATOM}link").get("href").endswith("/en/projects/skolutbyte-joniskis/")


def test_meetings_calendar_has_public_meetings_linking_to_their_pages(client, world):
    response = client.get(reverse("website:meetings-ics"))

    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(events) == 1
    assert str(events[0]["location"]) == "Stadshuset"
    assert str(events[0]["url"]) == (f"http://testserver/moten/{world.public_meeting.pk}/")


def test_nordic_meetings_calendar_has_all_day_events(client, world):
    calendar = Calendar.from_ical(client.get(reverse("website:nordic-meetings-ics")).content)

    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2026, 6, 12)
    assert event.decoded("dtend") == datetime.date(2026, 6, 15)
    assert str(event["location"]) == "Joniškis"
    assert str(event["url"]).endswith(f"/nordiska-moten/{world.nordic_meeting.pk}/")


def test_calendar_text_cannot_add_properties(client, world):
    world.public_meeting.location = "Stadshuset\r\nATTENDEE:mailto:evil@example.org"
    world.public_meeting.save()

    calendar = Calendar.from_ical(client.get(reverse("website:meetings-ics")).content)

    (event,) = calendar.walk("VEVENT")
    assert "ATTENDEE" not in event


def test_twin_towns_csv_is_ready_for_wikidata(client, world):
    response = client.get(reverse("website:twin-towns-csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(rows[0]) == COLUMNS
    assert [row["place"] for row in rows] == ["Joniškis", "Skærbæk"]
    joniskis, skaerbaek = rows
    assert joniskis["place_wikidata_id"] == "Q1006707"
    assert joniskis["country"] == "LT"
    assert joniskis["start"] == "1994"
    assert joniskis["wikidata_P580"] == "+1994-00-00T00:00:00Z/9"
    assert joniskis["wikidata_P582"] == ""
    assert skaerbaek["start_note"] == "sedan 1960-talet"
    assert skaerbaek["wikidata_P582"] == "+2007-01-01T00:00:00Z/11"


@pytest.mark.parametrize(
    "day,precision,expected",
    [
        (datetime.date(1994, 1, 1), DatePrecision.YEAR, "+1994-00-00T00:00:00Z/9"),
        (datetime.date(2007, 3, 1), DatePrecision.MONTH, "+2007-03-00T00:00:00Z/10"),
        (datetime.date(2000, 6, 17), DatePrecision.DAY, "+2000-06-17T00:00:00Z/11"),
        (None, DatePrecision.UNKNOWN, ""),
    ],
)
def test_wikidata_time_notation(day, precision, expected):
    assert wikidata_time(day, precision) == expected


def test_csv_cell_cannot_become_a_spreadsheet_formula():
    assert safe_cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert safe_cell("Joniškis") == "Joniškis"
