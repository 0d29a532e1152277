"""The place page with an agreement whose document has earlier versions (#11, S4), in a
browser: no axe-core violation of WCAG 2.1 A/AA, in Swedish and English, with the list of
earlier versions opened."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories
from tests.accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def versioned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    place = factories.PlaceFactory(published=True, slug="joniskis", name="Joniškis")
    relationship = factories.RelationshipFactory(place=place, published=True)
    agreement = factories.AgreementFactory.build(relationship=relationship, title="Vänortsavtal")
    for day, name in [(datetime.datetime(2019, 5, 2, 10), "avtal-2019.pdf"), (None, "ny.pdf")]:
        agreement.document = SimpleUploadedFile(name, PDF + name.encode())
        if day is None:
            agreement.save()
            continue
        with time_machine.travel(day.replace(tzinfo=STOCKHOLM), tick=False):
            agreement.save()
    return agreement


@pytest.mark.parametrize("path", ["/orter/joniskis/", "/en/places/joniskis/"])
def test_the_earlier_versions_are_accessible(page, live_server, versioned, path):
    page.goto(live_server.url + path)
    page.click(".agreement-versions summary")

    assert page.locator(".agreement-versions li").count() == 1
    assert "2019-05-02" in page.inner_text(".agreement-versions")
    assert axe_violations(page) == []
