"""A project's pictures in Chromium (#14, S16), each page checked with axe-core (WCAG 2.1 AA):
a school uploads a picture of its exchange on the project page (a file that is no picture
first, refused with its reason), sees it scaled, changes its texts and removes it."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from projects.models import ProjectPicture
from tests.accessibility import Visitor
from tests.pictures import picture_bytes
from tests.staff.conftest import STOCKHOLM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


def _choose(page, form, name, content, mime):
    page.set_input_files(
        f"#{form} input[type=file]", files=[{"name": name, "mimeType": mime, "buffer": content}]
    )


def test_a_school_uploads_changes_and_removes_a_picture_of_its_exchange(
    frozen_clock, settings, tmp_path, live_server, page, bun_project
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    detail = reverse("staff:project-detail", args=[bun_project.pk])
    page.set_viewport_size({"width": 1366, "height": 900})
    you = Visitor(page, live_server.url)
    you.sign_in("skola")
    you.go(detail)

    # A program named .jpg is refused, with its reason, on the picture's own page.
    _choose(page, "picture-form", "torget.jpg", b"MZ\x90\x00" + b"\0" * 60, "image/jpeg")
    page.fill("#picture-form input[name=alt_sv]", "Eleverna på torget i Joniškis")
    page.fill("#picture-form input[name=rights_holder]", "Södra skolan")
    you.submit("picture-form")
    assert (
        "Filen är inte en bild i JPEG, PNG eller WebP" in page.locator("#picture-form").inner_text()
    )
    assert not ProjectPicture.objects.exists()

    # Then the picture itself: listed on the project, internal, shown scaled.
    _choose(page, "picture-form", "torget.jpg", picture_bytes(1200, 800), "image/jpeg")
    page.fill("#picture-form input[name=alt_sv]", "Eleverna på torget i Joniškis")
    page.fill("#picture-form input[name=rights_holder]", "Södra skolan")
    you.submit("picture-form")
    listed = page.locator("#pictures").inner_text()
    assert "Eleverna på torget i Joniškis" in listed
    assert "Foto: Södra skolan" in listed
    assert "· intern" in listed  # "bild" is common gender: "intern", not "internt"
    assert "internt" not in listed
    thumbnail = page.locator("#pictures img")
    assert thumbnail.get_attribute("alt") == "Eleverna på torget i Joniškis"
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 480
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    # Its texts are changed on a page of their own.
    you.click("#pictures a[href$='/andra/']")
    page.fill("#picture-form input[name=alt_sv]", "Två elever planterar ett träd")
    you.submit("picture-form")
    assert "Två elever planterar ett träd" in page.locator("#pictures").inner_text()

    # Removed, after a page that says what removing means.
    you.click("#pictures a[href$='/ta-bort/']")
    you.submit("remove-picture-form")
    assert "Inga bilder ännu." in page.locator("#pictures-section").inner_text()
    assert not ProjectPicture.objects.exists()

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
