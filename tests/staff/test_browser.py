"""The whole chain in Chromium: a school drafts, the coordinator consults, BUN decides (issue 4).

Every staff page on the way is checked with axe-core for WCAG 2.1 AA.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from governance.models import Decision
from projects.models import Project
from tests import factories
from tests.accessibility import Visitor
from tests.staff.conftest import STOCKHOLM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Inside the 2023-2026 term of BUN; the clock runs on from here.
DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(DAY, tick=True):
        yield


@pytest.fixture
def quick_sessions(settings):
    # The server's clock is moved; a cookie that expires by that clock must not vanish.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def test_school_drafts_coordinator_consults_bun_decides(
    frozen_clock,
    quick_sessions,
    live_server,
    page,
    contributor,
    coordinator,
    bun_member,
    bun,
    network_body,
):
    # The network meets the day the application is drafted: a view is given once the
    # application exists (#11), and the school sends it only after it (#12).
    meeting = factories.MeetingFactory(
        body=network_body, starts_at=DAY - datetime.timedelta(hours=1)
    )
    bun_member.email = "bun-ledamot@example.org"
    bun_member.save()
    programme = factories.ProgrammeFactory(name="Erasmus+ skolutbyten")
    factories.PlaceFactory(name="Joniškis")
    you = Visitor(page, live_server.url)

    # 1. The school registers its exchange, checks funding and drafts the application.
    you.sign_in("skola")
    you.go(reverse("staff:project-create"))
    page.fill("#id_title", "Elevutbyte med Joniškis")
    page.select_option("#id_kind", "school_exchange")
    page.select_option("#id_status", "planned")
    page.select_option("#id_responsible_body", str(bun.pk))
    page.fill("#id_own_cost", "80000")
    page.select_option("#id_places", label="Joniškis")
    you.submit("project-form")
    project = Project.objects.get()
    page.click("#add-funding-check")
    you.check()
    page.select_option("#id_programme", str(programme.pk))
    page.select_option("#id_outcome", "not_eligible")
    page.fill("#id_note", "Programmet gäller inte elevutbyten.")  # the reason (#13)
    you.submit("funding-check-form")
    page.click("#complete-funding-check")
    you.check()
    you.go(reverse("staff:application-create"))
    # The application takes the project's kind, body, cost and objectives (#12).
    page.fill("#id_title", "Elevutbyte med Joniškis 2027")
    page.fill("#id_summary", "Tjugo elever i årskurs 8 besöker Joniškis.")
    page.select_option("#id_project", str(project.pk))
    you.submit("application-form")
    application = project.applications.get()
    assert page.url.endswith(reverse("staff:application-detail", args=[application.pk]))
    assert (application.kind, application.addressed_to, application.cost) == (
        "school_exchange",
        bun,
        80000,
    )
    you.sign_out()

    # The draft waits for the network: the coordinator is told (#12).
    assert [m.subject for m in mail.outbox] == [
        "Ett utkast väntar på samråd: Elevutbyte med Joniškis 2027"
    ]

    # 2. The coordinator records the international network's view (S9).
    you.sign_in("samordnare")
    you.go(reverse("staff:application-detail", args=[application.pk]))
    page.click("#record-consultation")
    you.check()
    page.select_option("#id_meeting", str(meeting.pk))
    page.fill("#id_view", "Nätverket tillstyrker utbytet.")
    you.submit("consultation-form")
    you.go(reverse("staff:visit-list"))
    you.go(reverse("staff:application-list"))
    you.sign_out()

    # The school sends it for decision.
    you.sign_in("skola")
    you.go(reverse("staff:application-detail", args=[application.pk]))
    page.click("#submit-application")
    you.check()
    you.sign_out()

    # 3. A BUN member finds it in the queue and records the decision (S8).
    you.sign_in("bun-ledamot")
    you.go(reverse("staff:decision-queue"))
    page.click(f"a[href$='/ansokningar/{application.pk}/beslut/']")
    you.check()
    page.select_option("#id_outcome", "approved")
    page.fill("#id_meeting_date", "2026-11-27")
    page.fill("#id_paragraph", "7")
    page.fill("#id_case_number", "BUN 2026/88")
    page.fill("#id_motivation", "Utbytet tjänar mål 1 och 3.")
    page.fill("#id_minutes_approved_on", "2026-11-27")
    page.fill("#id_notice_posted_on", "2026-11-27")
    you.submit("decision-form")
    # Confirmation first (#12): nothing is recorded until it is confirmed.
    assert Decision.objects.count() == 0
    page.click("#confirm-decision")
    you.check()

    decision = Decision.objects.get()
    assert decision.citation == "BUN 2026-11-27 § 7"
    assert page.locator("#decision").inner_text().count("BUN 2026-11-27 § 7") == 1
    assert "2026-12-18" in page.locator("#decision").inner_text()  # last day of appeal

    # Each step told whom it concerns, in their language, with a link to the case (#12).
    link = f"/arbete/ansokningar/{application.pk}/"
    told = {(m.to[0], m.subject.split(":")[0]) for m in mail.outbox}
    assert ("skola@example.org", "Nätverkets yttrande om Elevutbyte med Joniškis 2027") in {
        (m.to[0], m.subject) for m in mail.outbox
    }
    assert ("bun-ledamot@example.org", "Nytt ärende för BUN") in told
    assert ("skola@example.org", "Beslutat") in told
    assert ("samordnare@example.org", "Beslutat") in told
    assert all(link in m.body for m in mail.outbox)

    # 4. Once the coordinator publishes the work, the public page shows the decision.
    project.refresh_from_db()
    project.published = True
    project.save()
    page.goto(live_server.url + reverse("website:project-detail", args=[project.slug]))
    assert page.get_by_text(re.compile(r"BUN 2026-11-27 § 7")).count() >= 1

    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())
