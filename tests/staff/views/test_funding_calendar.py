"""The coordinator's deadline calendar (#13, S6): twelve months of explicit and yearly calls
by programme, with the work that may fit each; and its iCal feed behind a personal secret
address (RFC 5545), stored hashed and revocable."""

import datetime
import hashlib
import re

import pytest
import time_machine
from django.contrib.auth.models import Group

from governance.access import COORDINATOR_GROUP
from projects.models import DeadlineFeed, ProjectKind, ProjectStatus
from staff import ical
from tests import factories
from tests.staff.conftest import STOCKHOLM, en

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=STOCKHOLM), tick=False):
        yield


@pytest.fixture
def catalogue(bun):
    """Nordplus Junior every 1 February; ICLD with one explicit call; a school exchange with
    Finland that fits Nordplus, and a cancelled one that is not listed."""
    nordplus = factories.ProgrammeFactory(
        name="Nordplus Junior",
        eligible_groups=["nordic_baltic"],
        for_municipalities=False,
        for_schools=True,
        activity_kinds=[ProjectKind.SCHOOL_EXCHANGE],
    )
    factories.RecurringCallFactory(
        programme=nordplus, month=2, day=1, note="Huvudomgång; 23:59, CET"
    )
    icld = factories.ProgrammeFactory(
        name="Kommunala partnerskap", eligible_groups=["icld"], activity_kinds=["partnership"]
    )
    factories.CallFactory(
        programme=icld,
        year=2027,
        deadline=datetime.datetime(2027, 3, 15, 12, 0, tzinfo=STOCKHOLM),
    )
    factories.CallFactory(  # more than twelve months ahead: not in the calendar
        programme=icld,
        year=2028,
        deadline=datetime.datetime(2028, 3, 15, 12, 0, tzinfo=STOCKHOLM),
    )
    exchange = factories.ProjectFactory(
        title="Elevutbyte Kauhava",
        kind=ProjectKind.SCHOOL_EXCHANGE,
        school="Södra skolan",
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
    )
    exchange.places.add(factories.PlaceFactory(name="Kauhava", country="FI"))
    cancelled = factories.ProjectFactory(
        title="Inställt utbyte",
        kind=ProjectKind.SCHOOL_EXCHANGE,
        school="Södra skolan",
        responsible_body=bun,
        status=ProjectStatus.CANCELLED,
    )
    cancelled.places.add(factories.PlaceFactory(name="Kauhava 2", country="FI"))
    return nordplus, icld, exchange


def test_the_coordinator_sees_twelve_months_by_programme(client, coordinator, catalogue):
    nordplus, icld, exchange = catalogue
    client.force_login(coordinator)

    response = client.get(en("funding-calendar"))

    assert response.status_code == 200
    page = response.text
    # Next year's yearly call appears without anyone entering it; the first deadline first.
    assert page.index("Nordplus Junior") < page.index("Kommunala partnerskap")
    assert "<strong>2027-02-01</strong> (every year): Huvudomgång; 23:59, CET" in page
    assert "<strong>2027-03-15</strong>" in page
    assert "2028-03-15" not in page
    nordplus_card = page[page.index("Nordplus Junior") : page.index("Kommunala partnerskap")]
    assert "Elevutbyte Kauhava" in nordplus_card
    assert "Inställt utbyte" not in page
    assert 'id="nav-funding-calendar"' in page


def test_a_contributor_is_refused_and_has_no_menu_link(client, contributor, catalogue):
    client.force_login(contributor)

    assert client.get(en("funding-calendar")).status_code == 403
    assert 'id="nav-funding-calendar"' not in client.get(en("home")).text


def test_the_page_speaks_swedish(client, coordinator, catalogue):
    client.force_login(coordinator)

    page = client.get("/arbete/finansiering/kalender/").text

    assert "Ansökningsfrister" in page
    assert "Arbete som kan passa" in page


def test_the_calendar_takes_the_same_queries_for_more_programmes_and_work(
    client, coordinator, catalogue, bun, django_assert_num_queries
):
    client.force_login(coordinator)
    client.get(en("funding-calendar"))
    with django_assert_num_queries(8) as few:
        client.get(en("funding-calendar"))
    for number in range(3):
        programme = factories.ProgrammeFactory(for_schools=True)
        factories.RecurringCallFactory(programme=programme, month=number + 4, day=1)
        project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.IDEA)
        project.places.add(factories.PlaceFactory(country="NO"))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(en("funding-calendar"))


# --- The feed ------------------------------------------------------------------------------


def _make_feed(client):
    response = client.post(en("funding-calendar"), {"make": ""})
    assert response.status_code == 200
    return re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', response.text)[1]


def test_the_feed_is_icalendar_with_a_stable_uid_per_deadline(client, coordinator, catalogue):
    client.force_login(coordinator)
    url = _make_feed(client)
    client.logout()  # a calendar app is not signed in

    first = client.get(url)
    second = client.get(url)

    assert first.status_code == 200
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    text = first.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20270201\r\n" in text
    assert "DTSTART;VALUE=DATE:20270315\r\n" in text
    assert re.search(r"DTSTAMP:\d{8}T\d{6}Z\r\n", text)
    uids = re.findall(r"UID:(\S+)\r\n", text)
    assert uids == re.findall(r"UID:(\S+)\r\n", second.content.decode())
    assert len(set(uids)) == 2
    unfolded = text.replace("\r\n ", "")
    assert "Huvudomgång\\; 23:59\\, CET\\nWork that may fit: Elevutbyte Kauhava" in unfolded
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_only_the_hash_is_stored_and_a_new_address_ends_the_old_one(client, coordinator, catalogue):
    client.force_login(coordinator)
    old = _make_feed(client)
    new = _make_feed(client)
    token = new.rstrip("/").split("/")[-1].removesuffix(".ics")

    feed = DeadlineFeed.objects.get()
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in feed.token_hash
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_revoked_address_answers_404(client, coordinator, catalogue):
    client.force_login(coordinator)
    url = _make_feed(client)

    response = client.post(en("funding-calendar"), {"revoke": ""}, follow=True)

    assert "The feed address is revoked" in response.text
    assert not DeadlineFeed.objects.exists()
    client.logout()
    assert client.get(url).status_code == 404


def test_the_feed_ends_when_its_user_is_no_longer_coordinator(client, coordinator, catalogue):
    client.force_login(coordinator)
    url = _make_feed(client)
    client.logout()

    coordinator.groups.remove(Group.objects.get(name=COORDINATOR_GROUP))

    assert client.get(url).status_code == 404


def test_a_guessed_address_answers_404(client, coordinator, catalogue):
    client.force_login(coordinator)
    _make_feed(client)
    client.logout()

    assert client.get(en("deadline-feed", "gissat")).status_code == 404


# --- The iCalendar text itself -------------------------------------------------------------


def test_text_values_are_escaped():
    assert ical.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "å" * 100

    folded = ical.fold(line)

    parts = folded.split("\r\n")
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part.removeprefix(" ") for part in parts) == line
