"""A place's page with a picture on a phone (#14): the picture loads at a width that fits,
the page does not scroll sideways at 390 px, and axe-core finds no WCAG 2.1 A/AA violation,
in Swedish and English."""

import re

import pytest

from partners.models import PlacePicture
from tests import factories
from tests.accessibility import axe_violations
from tests.pictures import picture_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def place_with_picture(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    place = factories.PlaceFactory(published=True, slug="joniskis", name="Joniškis")
    return PlacePicture.objects.create(
        place=place,
        image=picture_upload(width=2400, height=1600),
        alt_sv="Torget i Joniškis med rådhuset i bakgrunden",
        caption_sv="Torget en vårdag",
        rights_holder="Anna Andersson, en mycket lång rättighetsinnehavares namn",
        public=True,
    )


@pytest.mark.parametrize("path", ["/orter/joniskis/", "/en/places/joniskis/"])
def test_the_place_page_with_a_picture_fits_a_phone_and_is_accessible(
    page, live_server, place_with_picture, path
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + path)
    image = page.locator(".picture img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('.picture img').complete")

    loaded = image.evaluate("img => ({src: img.currentSrc, shown: img.clientWidth})")
    # One of the renditions, chosen by srcset and sizes for the phone's width.
    assert re.search(r"/pictures/places/\d+/(480|960|1440)\.webp$", loaded["src"])
    assert 0 < loaded["shown"] <= 390
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= widths["client"]
    assert "Anna Andersson" in page.inner_text(".picture figcaption")
    assert axe_violations(page) == []
