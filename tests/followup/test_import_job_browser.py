"""A large import's page in Chromium while the worker checks and imports it (#15): queued,
running (the live region follows the rows done without a reload), checked with a
confirmation, failed and imported; axe-core finds nothing (WCAG 2.1 AA) in any state, and the
page is no wider than a staff screen."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from followup import jobs
from followup.models import ImportJob
from tests.accessibility import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def swedish(english):
    with translation.override("sv"):
        yield


def test_the_import_page_in_each_state(live_server, page, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    cache.clear()
    with time_machine.travel(DAY, tick=True):
        job = ImportJob.objects.create(
            resource="projects",
            file_format="csv",
            file_name="projekt.csv",
            language="sv",
            requested_by=coordinator,
            total_rows=400,
        )
        you = Visitor(page, live_server.url)
        you.sign_in("samordnare")
        page.set_viewport_size({"width": 1366, "height": 900})
        you.go(reverse("followup:import-job", args=[job.pk]))
        status = page.locator("#import-status")
        assert status.get_attribute("role") == "status"
        assert "väntar på att bakgrundsprocessen" in status.inner_text()
        you.check()

        # The worker starts: the page follows without being reloaded by the user.
        ImportJob.objects.filter(pk=job.pk).update(status="running")
        cache.set(jobs._progress_key(job.pk, "check"), 100)
        expect(status).to_contain_text("Kontrolleras: 100 av 400 rader klara.", timeout=10_000)
        cache.set(jobs._progress_key(job.pk, "check"), 300)
        expect(status).to_contain_text("300 av 400", timeout=10_000)
        assert page.locator("#import-progress-bar").evaluate("bar => bar.value") == 75
        you.check()

        # Checked with two rows in error: the rows and their errors, nothing to confirm.
        ImportJob.objects.filter(pk=job.pk).update(
            status="done",
            rows_done=400,
            error_rows=2,
            errors=[
                {"row": 7, "messages": ["places: Okända orter: atlantis."]},
                {"row": 9, "messages": ["starts_on: Ange ett giltigt datum."]},
            ],
        )
        page.wait_for_selector("#import-errors", timeout=10_000)
        assert "Rader med fel: 2." in status.inner_text()
        assert page.locator("#import-confirm").count() == 0
        you.check()
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366

        # A clean check awaits the confirmation; the file is still there.
        job.file.save("abc.csv", _csv(), save=False)
        ImportJob.objects.filter(pk=job.pk).update(
            file=job.file.name, error_rows=0, errors=[], new_rows=400
        )
        page.reload()
        assert "Alla rader kan importeras: 400 rader (400 nya, 0 ändrade)." in status.inner_text()
        expect(page.locator("#import-confirm")).to_be_visible()
        you.check()

        # Failed, with the reason.
        ImportJob.objects.filter(pk=job.pk).update(
            status="failed", message="Kalkylarket saknar kolumner."
        )
        page.reload()
        expect(page.locator("#import-error")).to_contain_text("Kalkylarket saknar kolumner.")
        you.check()

        # Imported.
        ImportJob.objects.filter(pk=job.pk).update(stage="import", status="done", message="")
        page.reload()
        assert "Importerat: 400 rader (400 nya, 0 ändrade)." in status.inner_text()
        you.check()

    assert you.reports == {}


def _csv():
    from django.core.files.base import ContentFile

    return ContentFile(b"slug,title\n")
