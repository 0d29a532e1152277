"""Documents of case work in Chromium (#12), each page checked with axe-core (WCAG 2.1 AA):
a school uploads its plan on the application page (a refused file first, with its message),
the board member reads it on the case they decide, the school withdraws an old version."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from projects.models import CaseDocument
from projects.services import applications
from tests import factories
from tests.accessibility import Visitor
from tests.staff.conftest import PDF, STOCKHOLM, make_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


def _choose_file(page, name, content):
    page.set_input_files(
        "#document-form input[type=file]",
        files=[{"name": name, "mimeType": "application/pdf", "buffer": content}],
    )


def test_a_school_uploads_its_plan_and_the_board_member_reads_it(
    frozen_clock, settings, tmp_path, live_server, page, contributor, bun_member, bun
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    project = factories.ProjectFactory(title="Utbyte med Joniškis", responsible_body=bun)
    draft = make_application(project, contributor.person, title="Utbyte 2027")
    detail = reverse("staff:application-detail", args=[draft.pk])
    page.set_viewport_size({"width": 1366, "height": 900})
    you = Visitor(page, live_server.url)

    # The school: a program renamed .pdf is refused with its reason, on a page of its own.
    you.sign_in("skola")
    you.go(detail)
    page.select_option("#document-form select[name=kind]", "plan")
    page.fill("#document-form input[name=title]", "Reseplan")
    _choose_file(page, "reseplan.pdf", b"MZ\x90\x00" + b"\0" * 60)
    you.submit("document-form")
    assert "inte ett PDF-" in page.locator("#document-form").inner_text()
    assert not CaseDocument.objects.exists()

    # Then the real plan, listed on the case as internal.
    _choose_file(page, "reseplan.pdf", PDF)
    you.submit("document-form")
    assert "Reseplan" in page.locator("#documents").inner_text()
    assert "internt" in page.locator("#documents").inner_text()
    you.sign_out()

    applications.submit(draft, by=None)

    # The board member reads the plan on the case they decide, and opens it.
    you.sign_in("bun-ledamot")
    you.go(reverse("staff:decision-queue"))
    you.go(detail)
    assert "Reseplan" in page.locator("#documents").inner_text()
    with page.expect_download() as download:
        page.click("#documents a[download]")
    assert download.value.suggested_filename.endswith(".pdf")
    # Staff pages are no wider than the screen at 1366 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    you.sign_out()

    # The school withdraws it, with the reason: it stays listed as withdrawn.
    you.sign_in("skola")
    you.go(detail)
    page.click("#documents a[href*='/dra-tillbaka/']")
    page.wait_for_load_state()
    you.check()
    page.fill("#id_reason", "Fel version.")
    you.submit("withdraw-document-form")
    assert "Tillbakadraget" in page.locator("#documents").inner_text()

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
