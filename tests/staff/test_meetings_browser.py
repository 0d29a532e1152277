"""The bodies' meetings in Chromium (#12), each page checked with axe-core (WCAG 2.1 AA) and
none wider than a 1366 px screen: BUN's secretary finds the meetings from the start page,
registers one (a refused end first, with its message), adds its agenda; a member reads it."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from governance.models import Meeting, Role
from projects.models import CaseDocument
from tests.accessibility import Visitor
from tests.staff.conftest import PDF, STOCKHOLM, board_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)
WIDTH = 1366


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_secretary_registers_a_meeting_and_a_member_reads_it(
    frozen_clock, settings, tmp_path, live_server, page, bun, bun_member
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    board_member("bun-sekreterare", bun, datetime.date(2023, 1, 1), role=Role.SECRETARY)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    you = Visitor(page, live_server.url)
    widths = {}

    # From the start page to the list, and to the form.
    you.sign_in("bun-sekreterare")
    you.click("#home-meetings")
    widths["list"] = _width(page)
    you.click("#meeting-create")
    widths["form"] = _width(page)

    # A meeting that ends before it starts is refused, with the reason, and nothing is saved.
    page.select_option("#id_body", str(bun.pk))
    page.fill("#id_starts_at", "2026-12-08T18:00")
    page.fill("#id_ends_at", "2026-12-08T17:00")
    page.fill("#id_location", "Stadshuset")
    page.fill("#id_agenda", "1. Upprop\n2. Utbyte med Joniškis")
    you.submit("meeting-form")
    assert "Ett sammanträde kan inte sluta innan det har börjat." in page.content()
    assert not Meeting.objects.exists()
    widths["refused"] = _width(page)

    # Put right, it is saved and shown.
    page.fill("#id_ends_at", "2026-12-08T20:00")
    you.submit("meeting-form")
    meeting = Meeting.objects.get()
    assert page.url.endswith(reverse("staff:meeting-detail", args=[meeting.pk]))
    assert "Utbyte med Joniškis" in page.locator("main").inner_text()

    # Its agenda as a document, through the same form as case work.
    page.select_option("#document-form select[name=kind]", "agenda")
    page.fill("#document-form input[name=title]", "Kallelse och föredragningslista")
    page.set_input_files(
        "#document-form input[type=file]",
        files=[{"name": "lista.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    you.submit("document-form")
    assert "Kallelse och föredragningslista" in page.locator("#documents").inner_text()
    assert CaseDocument.objects.get().meeting == meeting
    widths["detail"] = _width(page)
    you.sign_out()

    # A member reads it from the menu, with no change offered.
    you.sign_in("bun-ledamot")
    you.click("#nav-meetings")
    you.click(f"#meetings a[href$='/{meeting.pk}/']")
    assert page.locator("#meeting-update").count() == 0
    assert "Kallelse och föredragningslista" in page.locator("#documents").inner_text()
    widths["member"] = _width(page)

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
    assert {name: w for name, w in widths.items() if w > WIDTH} == {}
