"""A partner place's pictures in Chromium (#14, S16), at 1366 and 390 px, each page checked
with axe-core (WCAG 2.1 AA) and none wider than the window: the coordinator finds the place
through the staff menu's partner places, uploads a picture (a file that is no picture first,
refused with its reason), sees it internal and scaled, makes it public with new texts, sees it
on the public place page, and removes it after the confirmation page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from partners.models import PlacePicture
from tests import factories
from tests.accessibility import Visitor
from tests.pictures import picture_bytes
from tests.staff.conftest import STOCKHOLM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


# Focuses the element the Tab key reaches just before the given one.
FOCUS_WHAT_COMES_BEFORE = """e => {
    const stops = [...document.querySelectorAll('a[href], button, input, select, [tabindex]')]
        .filter(x => x.tabIndex >= 0 && x.getClientRects().length);
    stops[stops.indexOf(e) - 1].focus();
}"""


def _choose(page, content):
    page.set_input_files(
        "#picture-form input[type=file]",
        files=[{"name": "torget.jpg", "mimeType": "image/jpeg", "buffer": content}],
    )


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("width", [1366, 390])
def test_the_coordinator_keeps_a_places_pictures(
    frozen_clock, settings, tmp_path, live_server, page, coordinator, width
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    place = factories.PlaceFactory(name="Joniškis", slug="joniskis", published=True)
    project = factories.ProjectFactory(title="Ungdomsutbyte med Joniškis")
    factories.MeetingFactory(body=project.responsible_body)
    factories.VisitFactory(place=place)
    page.set_viewport_size({"width": width, "height": 900})
    you = Visitor(page, live_server.url)
    you.sign_in("samordnare")

    # The staff menu leads to the partner places, and the list to the place.
    places = reverse("staff:place-list")
    assert page.locator("#nav-places").get_attribute("href") == places
    you.go(places)
    _fits(page, width)
    you.click(f"#place-table a[href='{reverse('staff:place-detail', args=[place.pk])}']")
    assert page.locator("h1").inner_text() == "Joniškis"
    _fits(page, width)

    # A program named .jpg is refused, with its reason, and nothing is saved.
    _choose(page, b"MZ\x90\x00" + b"\0" * 60)
    page.fill("#picture-form input[name=alt_sv]", "Torget i Joniškis")
    page.fill("#picture-form input[name=rights_holder]", "Joniškis rajon")
    you.submit("picture-form")
    assert (
        "Filen är inte en bild i JPEG, PNG eller WebP" in page.locator("#picture-form").inner_text()
    )
    assert not PlacePicture.objects.exists()
    _fits(page, width)

    # Then the picture itself: listed on the place, internal, shown scaled.
    _choose(page, picture_bytes(1200, 800))
    page.fill("#picture-form input[name=alt_sv]", "Torget i Joniškis")
    page.fill("#picture-form input[name=rights_holder]", "Joniškis rajon")
    you.submit("picture-form")
    listed = page.locator("#pictures").inner_text()
    assert "Foto: Joniškis rajon" in listed
    assert "· intern" in listed
    assert "internt" not in listed
    thumbnail = page.locator("#pictures img")
    assert thumbnail.get_attribute("alt") == "Torget i Joniškis"
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 480
    _fits(page, width)

    # Made public with new texts, and shown on the public place page with its rights holder.
    you.click("#pictures a[href$='/andra/']")
    _fits(page, width)
    page.fill("#picture-form input[name=alt_sv]", "Rådhuset i Joniškis")
    page.check("#picture-form input[name=public]")
    you.submit("picture-form")
    listed = page.locator("#pictures").inner_text()
    assert "Rådhuset i Joniškis" in listed
    assert "offentlig" in listed
    you.click("#public-place")
    assert page.locator("figure img[alt='Rådhuset i Joniškis']").count() == 1
    assert "Joniškis rajon" in page.locator("figure").inner_text()
    _fits(page, width)
    page.go_back()
    page.wait_for_load_state()

    # Removed, after a page that says what removing means.
    you.click("#pictures a[href$='/ta-bort/']")
    _fits(page, width)
    assert PlacePicture.objects.exists()
    you.submit("remove-picture-form")
    assert "Inga bilder ännu." in page.locator("#pictures-section").inner_text()
    assert not PlacePicture.objects.exists()

    # The other lists and the follow-up dashboard, whose tables scroll sideways on a phone:
    # each wrapper a named region in the tab order (axe's "scrollable-region-focusable", #15).
    for name in (
        "staff:project-list",
        "staff:meeting-list",
        "staff:visit-list",
        "followup:dashboard",
    ):
        you.go(reverse(name))
        _fits(page, width)
        assert page.locator(".table-responsive[tabindex='0'][role=region]").count() >= 1, page.url
    # On the phone the project list's table is wider than the screen: the Tab key stops on it
    # (after what comes before it), and the arrow keys scroll it.
    you.go(reverse("staff:project-list"))
    table = page.locator(".table-responsive").first
    assert table.evaluate("e => e.scrollWidth > e.clientWidth") == (width == 390)
    if width == 390:
        table.evaluate(FOCUS_WHAT_COMES_BEFORE)
        page.keyboard.press("Tab")
        assert table.evaluate("e => document.activeElement === e")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.scrollLeft > 0", arg=table.element_handle(), timeout=5000)

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
