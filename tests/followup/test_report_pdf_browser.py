"""The PDF's progress page in Chromium while the worker makes it (#15): the progress bar and
the live region follow the worker, the page turns into the download when it is done, and
axe-core finds nothing (WCAG 2.1 AA) on the way."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from followup.models import ReportPdf
from tests.accessibility import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def swedish(english):
    with translation.override("sv"):
        yield


def test_the_progress_page_follows_the_worker_to_the_download(
    live_server, page, coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(DAY, tick=True):
        pdf = ReportPdf.objects.create(year=2026, language="sv", status="running", progress=20)
        you = Visitor(page, live_server.url)
        you.sign_in("samordnare")

        you.go(reverse("followup:report-pdf-status", args=[pdf.pk]))
        status = page.locator("#pdf-status")
        assert status.get_attribute("role") == "status"
        assert "20 % klart" in status.inner_text()

        # The worker goes on: the page follows without being reloaded by the user.
        ReportPdf.objects.filter(pk=pdf.pk).update(progress=60)
        expect(status).to_contain_text("60 % klart", timeout=10_000)
        assert page.locator("#pdf-progress-bar").evaluate("bar => bar.value") == 60
        you.check()

        # Done: the page shows the download.
        pdf.file.save("aterredovisning-2026-kommunen.pdf", _pdf_bytes(), save=False)
        ReportPdf.objects.filter(pk=pdf.pk).update(status="done", progress=100, file=pdf.file.name)
        page.wait_for_selector("#pdf-download", timeout=10_000)
        assert "Pdf-filen är klar." in page.locator("#pdf-status").inner_text()
        you.check()

    assert you.reports == {}


def _pdf_bytes():
    from django.core.files.base import ContentFile

    return ContentFile(b"%PDF-1.7\n%%EOF\n")
