"""The follow-up pages: the right user, the wrong user, the wrong method, and what they show."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.queries import dashboard
from governance.models import Role
from tests import factories

PAGES = [
    ("followup:dashboard", {}),
    ("followup:report", {}),
    ("followup:iati", {}),
]
# What each page shows first: a heading, or for the IATI file its root element.
SHOWN = {
    "followup:dashboard": "<h1>Strategy dashboard</h1>",
    "followup:report": "<h1>International annual report",
    "followup:iati": "<iati-activities",
}
NOT_ALLOWED = "You do not have the right to use this page."


@pytest.fixture
def project(bun):
    return factories.ProjectFactory(responsible_body=bun, title="Elevutbyte Joniškis")


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("persona", ["coordinator", "ks_member"])
def test_followup_pages_are_open_to_coordinator_and_ks(
    client, request, persona, name, kwargs, today
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200
    assert SHOWN[name] in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
@pytest.mark.parametrize("persona", ["bun_member", "contributor"])
def test_followup_pages_are_refused_to_others(client, request, persona, name, kwargs, today):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 403
    assert NOT_ALLOWED in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_followup_pages_send_anonymous_users_to_log_in(client, db, name, kwargs):
    url = reverse(name, kwargs=kwargs)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_followup_pages_refuse_post(client, coordinator, name, kwargs, today):
    client.force_login(coordinator)

    response = client.post(reverse(name, kwargs=kwargs))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_ks_member_whose_term_has_ended_is_refused(client, ks_member):
    # The KS membership ends with the term of office on 2026-12-31 (S8).
    with time_machine.travel("2027-01-02 09:00", tick=False):
        client.force_login(ks_member)
        response = client.get(reverse("followup:dashboard"))

    assert response.status_code == 403
    assert NOT_ALLOWED in response.content.decode()


def test_dashboard_shows_each_row_and_the_coming_deadlines(client, coordinator, project, today):
    factories.ReportObligationFactory(title="Årsrapport på engelska", due_on=today.replace(day=30))
    project.status = "planned"  # an idea needs no funding check yet (#13)
    project.save()
    client.force_login(coordinator)

    response = client.get(reverse("followup:dashboard"))

    content = response.content.decode()
    assert len(response.context["rows"]) == 12
    # Planned work without a completed check: due soon, not yet a deviation (#13).
    assert 'id="row-funding_check" class="row-due_soon"' in content
    assert "Elevutbyte Joniškis" in content
    assert "Årsrapport på engelska" in content


def test_dashboard_takes_the_same_queries_for_one_and_many_projects(
    client, coordinator, bun, today
):
    client.force_login(coordinator)
    factories.ProjectFactory(responsible_body=bun)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("followup:dashboard"))
    factories.ProjectFactory.create_batch(10, responsible_body=bun)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("followup:dashboard"))

    assert len(many.captured_queries) == len(one.captured_queries)


def test_report_page_shows_the_figures(client, coordinator, project, ks, today):
    factories.ParticipantCountFactory(project=project, level="pupil", count=20)
    project.status = "planned"
    project.save()
    client.force_login(coordinator)

    response = client.get(reverse("followup:report"), {"year": 2026})

    assert response.status_code == 200
    assert response.context["report"].participants_total == 20
    assert 'id="figure-participants">20<' in response.content.decode()


def test_report_page_for_a_year_without_data_says_so(client, coordinator, today):
    client.force_login(coordinator)

    response = client.get(reverse("followup:report"), {"year": 2019})

    assert response.status_code == 200
    assert "No projects, decisions, meetings or visits are recorded for 2019" in (
        response.content.decode()
    )


@pytest.mark.parametrize("name", ["followup:report-pdf", "followup:report-xlsx"])
def test_report_document_for_a_year_without_data_is_not_made(client, coordinator, name, today):
    client.force_login(coordinator)

    response = client.get(reverse(name), {"year": 2019})

    assert response.status_code == 404
    assert "there is no report to make" in response.content.decode()


@pytest.mark.parametrize("year", ["tjugo", "2031", "1850"])
def test_report_with_a_bad_year_gives_a_clear_message(client, coordinator, year, today):
    client.force_login(coordinator)

    response = client.get(reverse("followup:report-pdf"), {"year": year})

    assert response.status_code == 400
    assert response.context["form"].errors["year"]


def test_report_pdf_is_a_pdf(client, coordinator, project, today, settings, tmp_path):
    """Asked for with a POST and made by the worker (here in the request, without a queue);
    the file is downloaded from its own page (tests/followup/test_report_pdf_jobs.py, #15)."""
    settings.MEDIA_ROOT = tmp_path
    settings.REPORT_PDF_IN_BACKGROUND = False
    project.status = "planned"
    project.save()
    client.force_login(coordinator)

    asked = client.post(f"{reverse('followup:report-pdf')}?year=2026")
    pk = int(asked["Location"].rstrip("/").rsplit("/", 1)[-1])
    response = client.get(reverse("followup:report-pdf-file", args=[pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="international-annual-report-2026.pdf"' in response["Content-Disposition"]


def test_report_xlsx_has_the_figures(client, coordinator, project, bun, today):
    factories.ParticipantCountFactory(project=project, level="pupil", count=20)
    project.status = "planned"
    project.save()
    client.force_login(coordinator)

    response = client.get(reverse("followup:report-xlsx"), {"year": 2026, "body": bun.pk})

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Summary"
    projects = list(workbook.worksheets[2].values)
    assert projects[1][0] == "Elevutbyte Joniškis"
    assert projects[1][-1] == 20


def test_the_old_funding_suggestions_address_leads_to_the_project_staff_page(
    client, coordinator, project, today
):
    client.force_login(coordinator)

    response = client.get(reverse("followup:funding-suggestions", kwargs={"pk": project.pk}))

    assert response.status_code == 301
    assert response["Location"] == reverse("staff:funding-suggestions", args=[project.pk])


def test_funding_suggestions_for_unknown_project_is_404(client, coordinator, today):
    client.force_login(coordinator)

    response = client.get(reverse("followup:funding-suggestions", kwargs={"pk": 999}), follow=True)

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "follow_up", "records"),
    [
        ("coordinator", True, True),
        ("ks_member", True, False),
        ("bun_member", False, False),
        ("contributor", False, False),
    ],
)
def test_staff_menu_links_the_follow_up_to_those_who_may_open_it(
    client, request, persona, follow_up, records, today
):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse("staff:home")).content.decode()

    assert ('id="nav-follow-up"' in page) is follow_up
    assert ('id="nav-records"' in page) is records


@pytest.mark.parametrize("persona", ["coordinator", "ks_member"])
def test_follow_up_pages_share_the_staff_shell(client, request, persona, today):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse("followup:dashboard")).content.decode()

    assert f'href="{reverse("staff:home")}"' in page  # the staff home page
    assert 'id="nav-follow-up"' in page
    assert f'action="{reverse("accounts:logout")}"' in page
    assert 'href="#main"' in page


def test_project_page_links_the_funding_suggestions_for_the_coordinator(
    client, coordinator, project, today
):
    client.force_login(coordinator)

    page = client.get(reverse("staff:project-detail", args=[project.pk])).content.decode()

    # The suggestions live with the project's staff pages since #13.
    assert f'href="{reverse("staff:funding-suggestions", args=[project.pk])}"' in page


def test_project_page_hides_the_funding_suggestions_from_a_contributor(
    client, contributor, bun, project, today
):
    person = contributor.person
    factories.MembershipFactory(
        person=person, body=bun, role=Role.OFFICIAL, starts_on=datetime.date(2023, 1, 1)
    )
    client.force_login(contributor)

    response = client.get(reverse("staff:project-detail", args=[project.pk]))

    assert response.status_code == 200
    assert reverse("followup:funding-suggestions", args=[project.pk]) not in (
        response.content.decode()
    )


def test_a_long_row_lists_the_first_records_and_says_how_many_more(
    client, coordinator, bun, today, monkeypatch
):
    monkeypatch.setattr(dashboard, "ITEMS_LISTED", 2)
    factories.ProjectFactory.create_batch(5, responsible_body=bun, status="planned")
    client.force_login(coordinator)

    response = client.get(reverse("followup:dashboard"))

    row = next(r for r in response.context["rows"] if r.key == "funding_check")
    assert (len(row.items), row.total, row.more) == (2, 5, 3)
    assert "5 projects and exchanges have no completed funding check." in response.content.decode()
    assert "and 3 more" in response.content.decode()
