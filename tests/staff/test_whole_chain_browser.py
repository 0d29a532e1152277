"""The whole chain of a case in Chromium once more (#12, its "Tests"): a school writes its
application and uploads its plan and budget, meets the checklist's gaps; the coordinator
records the network's view and the funding check, marks the plan public, writes the proposal
and sends the case; a BUN member reads the basis and records the decision after one
confirmation (a second is refused); the secretary corrects it with its reason, kept beside the
original on the public decision page. After each step the outbox is sent (the daily command)
and every mail is read: who got it, in which language, and its link opened in the browser.
Every page is checked with axe-core for WCAG 2.1 AA (S6, S8, S9, S12).

Actions go through the pages only; the ORM arranges the accounts and checks the results."""

import datetime
import io
import urllib.parse

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from governance.models import Decision, Role
from projects.models import Application, ApplicationStatus, CaseDocument, ProjectStatus
from tests import factories
from tests.accessibility import Visitor
from tests.staff.conftest import PDF, STOCKHOLM, board_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DAY = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=STOCKHOLM)
BUDGET = b"%PDF-1.4\n% budget 45 000 kr\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture
def frozen_clock(settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(DAY, tick=True):
        yield


@pytest.fixture
def world(bun, network_body, contributor, coordinator, settings, tmp_path):
    """BUN's project, its people (the member reads English), the network's meeting and a
    funding programme to check."""
    settings.MEDIA_ROOT = tmp_path / "media"
    member = board_member("bun-ledamot", bun, datetime.date(2023, 1, 1))
    member.person.email, member.person.language = "ledamot@example.org", "en"
    member.person.save()
    secretary = board_member("bun-sekreterare", bun, datetime.date(2023, 1, 1), role=Role.SECRETARY)
    secretary.person.email = "sekreterare@example.org"
    secretary.person.save()
    project = factories.ProjectFactory(
        title="Partnerskap med Joniškis",
        summary="Lärare och elever i Vimmerby och Joniškis arbetar med hållbar turism.",
        slug="partnerskap-med-joniskis",
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2027, 2, 1),
        ends_on=datetime.date(2027, 6, 15),
        own_cost=45000,
    )
    meeting = factories.MeetingFactory(
        body=network_body, starts_at=datetime.datetime(2026, 11, 27, 8, 0, tzinfo=STOCKHOLM)
    )
    programme = factories.ProgrammeFactory(name="Erasmus+ skolsamarbete")
    return {"project": project, "meeting": meeting, "programme": programme}


def _send_outbox():
    """What the daily timer runs; the mail has mostly gone already at the commit."""
    call_command("send_queued_mail", stdout=io.StringIO())


def _mails(since):
    return {m.to[0]: m for m in mail.outbox[since:]}


def _link(message) -> str:
    """The message's link to the case, as a path on the test's server."""
    (line,) = [x for x in message.body.splitlines() if x.startswith(settings.SITE_URL)]
    return urllib.parse.urlsplit(line).path


def _links_to_the_case(got, app):
    """Every message links to the case's page, in English for the member who reads English."""
    for address, message in got.items():
        language = "en" if address == "ledamot@example.org" else "sv"
        with translation.override(language):
            assert _link(message) == reverse("staff:application-detail", args=[app.pk])


def _follow(you, path, username):
    """Open a mail's link signed out: the sign-in, then the page the link names."""
    you.page.goto(you.base + path)
    you.check()
    you.page.fill("#id_username", username)
    you.page.fill("#id_password", "demo-password")
    _go_by(you, "#sign-in")
    assert urllib.parse.urlsplit(you.page.url).path == path


def _go_by(you, selector):
    """Click what leads to another page and wait for it, so that neither axe nor the checks
    after it read the page being left (a loaded machine may start the navigation late)."""
    with you.page.expect_navigation():
        you.page.click(selector)
    you.check()


def _submit(you, form_id):
    _go_by(you, f"#{form_id} button[type=submit]")


def _sign_out(you):
    """Sign out in whichever language the page speaks."""
    with you.page.expect_navigation():
        you.page.click("form[action$='/logga-ut/'] button, form[action$='/sign-out/'] button")


def _choose_file(page, name, content):
    page.set_input_files(
        "#document-form input[type=file]",
        files=[{"name": name, "mimeType": "application/pdf", "buffer": content}],
    )


def test_the_whole_chain_with_documents_checklist_confirmation_and_mail(
    frozen_clock, live_server, page, world, bun
):
    project = world["project"]
    page.set_viewport_size({"width": 1366, "height": 900})
    you = Visitor(page, live_server.url)
    seen = 0

    # 1. The school writes the application from its project's next step, and changes it.
    you.sign_in("skola")
    you.go(reverse("staff:project-detail", args=[project.pk]))
    assert page.get_attribute("#next-step-link", "data-step") == "write_application"
    _go_by(you, "#next-step-link")
    page.fill("#id_title", "Partnerskap 2027")
    page.fill("#id_summary", "Två veckors utbyte om hållbar turism.")
    _submit(you, "application-form")
    app = Application.objects.get()
    detail = reverse("staff:application-detail", args=[app.pk])
    assert urllib.parse.urlsplit(page.url).path == detail
    _go_by(you, f"a[href='{reverse('staff:application-update', args=[app.pk])}']")
    page.fill("#id_title", "Partnerskap med Joniškis 2027")
    _submit(you, "application-form")
    app.refresh_from_db()
    assert app.title == "Partnerskap med Joniškis 2027"
    assert app.cost == 45000  # the project's cost to the municipality

    # The plan and the budget, uploaded on the case (a tiny real PDF each).
    page.select_option("#document-form select[name=kind]", "plan")
    page.fill("#document-form input[name=title]", "Reseplan")
    _choose_file(page, "reseplan.pdf", PDF)
    _submit(you, "document-form")
    page.select_option("#document-form select[name=kind]", "budget")
    page.fill("#document-form input[name=title]", "Budget 2027")
    _choose_file(page, "budget.pdf", BUDGET)
    _submit(you, "document-form")
    listed = page.locator("#documents").inner_text()
    assert "Reseplan" in listed and "Budget 2027" in listed
    assert CaseDocument.objects.filter(public=False).count() == 2

    # The checklist names both gaps; the school has no way to send the case past them ...
    gaps = page.locator("#checklist-gaps").inner_text()
    assert "nätverket" in gaps.lower() and "finansieringskontroll" in gaps.lower()
    assert page.locator("#submit-application").count() == 0
    # ... and a send from a stale page is refused with the reason, changing nothing.
    token = page.input_value("#document-form input[name=csrfmiddlewaretoken]")
    refused = page.request.post(
        live_server.url + reverse("staff:application-submit", args=[app.pk]),
        form={"csrfmiddlewaretoken": token},
        max_redirects=0,
    )
    assert refused.status == 302
    you.go(detail)
    assert "kan inte lämnas in för beslut" in page.locator(".alert-danger").first.inner_text()
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT
    _sign_out(you)

    # The mail of step 1: the coordinator learns that a draft waits for the network.
    _send_outbox()
    got = _mails(seen)
    _links_to_the_case(got, app)
    assert sorted(got) == ["samordnare@example.org"]
    to_coordinator = got["samordnare@example.org"]
    assert to_coordinator.subject == "Ett utkast väntar på samråd: Partnerskap 2027"
    seen = len(mail.outbox)

    # 2. The coordinator follows the mail's link, records the network's view ...
    _follow(you, _link(to_coordinator), "samordnare")
    _go_by(you, "#record-consultation")
    page.select_option("#id_meeting", str(world["meeting"].pk))
    page.fill("#id_view", "Nätverket tillstyrker utbytet.")
    _submit(you, "consultation-form")
    # ... the funding check on the project (Erasmus+ applied for, 30 000 kr granted) ...
    you.go(reverse("staff:project-detail", args=[project.pk]))
    _go_by(you, "#add-funding-check")
    page.select_option("#id_programme", str(world["programme"].pk))
    page.select_option("#id_outcome", "granted")
    page.fill("#id_amount_applied", "40000")
    page.fill("#id_amount_granted", "30000")
    _submit(you, "funding-check-form")
    _go_by(you, "#complete-funding-check")
    project.refresh_from_db()
    assert project.funding_check_complete
    # ... marks the plan public (the budget stays internal), writes the proposal and sends.
    you.go(detail)
    _go_by(you, "#documents li:has-text('Reseplan') button")
    assert list(CaseDocument.objects.filter(public=True).values_list("title", flat=True)) == [
        "Reseplan"
    ]
    _go_by(you, "#write-proposal")
    page.fill("#id_proposed_decision", "Nämnden beviljar partnerskapet med Joniškis 2027.")
    page.fill("#id_motivation", "Utbytet stödjer strategins mål om hållbar turism.")
    _submit(you, "proposal-form")
    assert page.locator("#checklist-gaps").count() == 0
    _go_by(you, "#submit-application")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED
    assert app.submitted_with_gaps == ""
    _sign_out(you)

    # The mails of step 2: the school reads the network's view; BUN's member (in English)
    # and secretary (in Swedish) find a new case in their queue.
    _send_outbox()
    got = _mails(seen)
    _links_to_the_case(got, app)
    assert sorted(got) == ["ledamot@example.org", "sekreterare@example.org", "skola@example.org"]
    to_school = got["skola@example.org"]
    assert to_school.subject == "Nätverkets yttrande om Partnerskap med Joniškis 2027"
    assert "Nätverket tillstyrker utbytet." in to_school.body
    to_member = got["ledamot@example.org"]
    assert to_member.subject == "New case for BUN: Partnerskap med Joniškis 2027"
    assert _link(to_member).startswith("/en/work/")
    assert got["sekreterare@example.org"].subject == (
        "Nytt ärende för BUN: Partnerskap med Joniškis 2027"
    )
    to_secretary = got["sekreterare@example.org"]
    seen = len(mail.outbox)

    # 3. The member follows the English link and reads the basis of the decision.
    _follow(you, _link(to_member), "bun-ledamot")
    basis = page.locator("main").inner_text()
    assert "2027-02-01 – 2027-06-15" in page.inner_text("#application-period")
    figures = "".join(basis.split()).replace(",", "")  # "40,000 SEK" in English
    assert "45000" in figures  # the cost to the municipality
    # The co-financing: the amount sought from Erasmus+ and the amount granted.
    assert "Appliedfor:40000" in figures and "Granted:30000" in figures
    assert "Reseplan" in page.inner_text("#documents")
    assert "Budget 2027" in page.inner_text("#documents")
    assert "beviljar partnerskapet" in page.inner_text("#proposed-decision")
    you.go(reverse("staff:decision-queue"))
    assert "Partnerskap med Joniškis 2027" in page.locator("main").inner_text()

    # The decision, through its confirmation; a second tab confirms the same decision too.
    second = Visitor(page.context.new_page(), live_server.url)
    for tab in (you, second):
        tab.go(en_path("staff:application-decide", app.pk))
        assert tab.page.input_value("#id_motivation").startswith("Nämnden beviljar")
        tab.page.select_option("#id_outcome", "approved")
        tab.page.fill("#id_meeting_date", "2026-11-27")
        tab.page.fill("#id_paragraph", "12")
        tab.page.fill("#id_case_number", "BUN 2026/12")
        _submit(tab, "decision-form")
        assert tab.page.locator("#confirm-decision").count() == 1
        assert "§ 12" in tab.page.inner_text("#decision-summary")
    _go_by(you, "#confirm-decision")
    assert page.locator("#decision").count() == 1
    _go_by(second, "#confirm-decision")
    assert "records the decision once" in second.page.locator("main").inner_text()
    assert Decision.objects.count() == 1
    second.page.close()
    you.reports.update(second.reports)

    # The minutes extract is a PDF.
    href = page.get_attribute("#minutes-extract", "href")
    extract = page.request.get(live_server.url + href)
    assert extract.headers["content-type"] == "application/pdf"
    assert extract.body().startswith(b"%PDF")
    _sign_out(you)

    # The mails of step 3: the school and the coordinator learn the decision.
    _send_outbox()
    got = _mails(seen)
    _links_to_the_case(got, app)
    assert sorted(got) == ["samordnare@example.org", "skola@example.org"]
    to_school = got["skola@example.org"]
    assert to_school.subject == "Beslutat: Partnerskap med Joniškis 2027"
    assert "beviljad" in to_school.body.lower() or "bifall" in to_school.body.lower()
    seen = len(mail.outbox)
    _follow(you, _link(to_school), "skola")
    assert page.locator("#decision").count() == 1
    _sign_out(you)

    # 4. The secretary, from the queue's mail, corrects the case number with the reason.
    _follow(you, _link(to_secretary), "bun-sekreterare")
    _go_by(you, "#correct-decision")
    page.select_option("#id_field", "case_number")
    page.fill("#id_corrected", "BUN 2026/112")
    page.fill("#id_reason", "Skrivfel i diarienumret.")
    _submit(you, "correction-form")
    corrections = page.inner_text("#decision-corrections")
    assert "BUN 2026/12" in corrections and "BUN 2026/112" in corrections
    decision = Decision.objects.get()
    assert decision.case_number == "BUN 2026/112"
    assert [h.case_number for h in decision.history.order_by("history_date")] == [
        "BUN 2026/12",
        "BUN 2026/112",
    ]
    _sign_out(you)

    # The coordinator publishes the approved work; the public decision page shows the
    # correction and the public plan, never the internal budget.
    you.sign_in("samordnare")
    you.go(reverse("staff:project-detail", args=[project.pk]))
    _go_by(you, "#preview-project")
    _go_by(you, "#publish-project")
    project.refresh_from_db()
    assert project.published
    _sign_out(you)
    public = reverse(
        "website:decision-detail",
        kwargs={"body": bun.slug, "date": datetime.date(2026, 11, 27), "paragraph": 12},
    )
    you.go(public)
    shown = page.locator("main").inner_text()
    assert "Skrivfel i diarienumret." in shown
    assert "BUN 2026/12" in shown and "BUN 2026/112" in shown
    assert "Reseplan" in shown and "Budget 2027" not in shown

    # Nothing waits in the outbox; no step told anyone twice.
    _send_outbox()
    assert len(mail.outbox) == seen
    assert you.reports == {}, "\n\n".join(f"{u}\n{r}" for u, r in you.reports.items())


def en_path(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)
