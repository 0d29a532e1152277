"""XSS payloads through every public parameter and every published text come out escaped,
in the HTML, the feeds and the API."""

import pytest
from django.urls import reverse

from governance.models import DecisionCorrection
from tests import factories
from tests.website.conftest import shared_world
from tests.website.pages import all_public_urls

SHARED_WORLD = True  # the world written once for the module (tests/website/conftest.py, #15)
pytestmark = [pytest.mark.django_db, shared_world]

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
DANGEROUS = ("<script>alert", "<img src=x", "onerror=alert(1)>")


def _poison(obj, *fields):
    for field in fields:
        for suffix in ("", "_sv", "_en"):
            if hasattr(obj, field + suffix):
                setattr(obj, field + suffix, f"{field} {PAYLOAD}")
    obj.save()


@pytest.fixture
def poisoned(world):
    """Every published text of the world carries the payload, in both languages."""
    _poison(world.joniskis, "public_text", "local_name")
    _poison(world.twin_town, "public_text", "theme", "start_note")
    _poison(world.ended_twin_town, "public_text", "channel_organisation")
    _poison(world.project, "title", "summary", "school")
    _poison(world.objective, "text", "short_name")
    _poison(world.strategy, "title", "summary")
    # A recorded decision is not edited (#11): its texts are written straight to the row, and
    # a correction (shown on its page) carries the payload too.
    type(world.project_decision)._base_manager.filter(pk=world.project_decision.pk).update(
        title=f"title {PAYLOAD}",
        title_sv=f"title {PAYLOAD}",
        title_en=f"title {PAYLOAD}",
        text=f"text {PAYLOAD}",
    )
    DecisionCorrection(
        decision=world.project_decision,
        field="text",
        original=PAYLOAD,
        corrected=f"text {PAYLOAD}",
        reason=PAYLOAD,
        made_by=factories.UserFactory(),
        made_on=world.project_decision.meeting_date,
    ).save()
    _poison(world.public_meeting, "location", "agenda")
    _poison(world.chain, "name")
    _poison(world.bun, "name")
    for change in world.ended_twin_town.status_changes.all():
        _poison(change, "reason")
    factories.AgreementFactory(relationship=world.twin_town, title=PAYLOAD, theme=PAYLOAD)
    factories.PeerMunicipalityFactory(relationship=world.twin_town, name=PAYLOAD, area=PAYLOAD)
    return world


def test_published_texts_come_out_escaped_everywhere(client, poisoned):
    unsafe = []
    for url in all_public_urls(poisoned):
        body = client.get(url).content.decode()
        if url.endswith((".ics", ".csv")):
            continue  # plain-text data formats; see test_data_files_are_never_rendered
        if any(marker in body for marker in DANGEROUS):
            unsafe.append(url)

    assert unsafe == []


def test_the_payload_is_shown_as_text(client, poisoned):
    html = client.get(reverse("website:project-detail", args=[poisoned.project.slug])).content

    assert b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_atom_summary_is_escaped_html(client, poisoned):
    body = client.get(reverse("website:project-feed")).content.decode()

    # Escaped once for HTML and once for XML: a feed reader shows the payload as text.
    assert "&amp;lt;script&amp;gt;" in body


def test_data_files_are_never_rendered(client, poisoned):
    """Calendars and CSV hold the text as it is (escaping would corrupt the data); they are
    typed so that no browser renders them as a page."""
    calendar = client.get(reverse("website:meetings-ics"))
    table = client.get(reverse("website:twin-towns-csv"))

    assert "X-ALT-DESC" not in calendar.content.decode()  # no HTML description to render
    assert calendar["Content-Type"] == "text/calendar; charset=utf-8"
    assert table["Content-Type"] == "text/csv; charset=utf-8"
    assert table["Content-Disposition"].startswith("attachment;")
    assert calendar["X-Content-Type-Options"] == table["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "param", ["q", "kind", "place", "year", "status", "objective", "committee", "page", "x"]
)
def test_every_list_parameter_is_escaped(client, world, param):
    for path in ("/projekt/", "/en/projects/", "/beslut/", "/api/v1/projects/"):
        body = client.get(path, {param: PAYLOAD}).content.decode()

        assert not any(marker in body for marker in DANGEROUS), (path, param)


def test_payload_in_the_path_is_escaped(client, db):
    response = client.get("/projekt/%3Cscript%3Ealert(1)%3C%2Fscript%3E/")

    assert response.status_code == 404
    assert "<script>alert" not in response.content.decode()
