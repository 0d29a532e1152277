"""Projects and applications in the admin (projects/admin.py).

Applications: the decision page, the actions and the S9 warning (S6-S9). Projects: the funding
check (S6), whether work needs a decision (S11), rows added inline held to the same rules as
records added on their own page, and bad input refused with a clear error.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.utils.html import escape

from governance.models import Decision
from projects.models import (
    Application,
    ApplicationStatus,
    FundingCheck,
    ParticipantCount,
    Project,
    ProjectKind,
    ProjectStatus,
)
from projects.services import applications, funding
from tests import factories
from tests.admin_forms import english_admin_url, inline_rows, no_inline_rows, shows

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _decision_url(application):
    return english_admin_url("projects_application_record_decision", application.pk)


@pytest.fixture
def bun_application(bun):
    """A BUN project's application, submitted, with its funding check completed (S6)."""
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    check = factories.FundingCheckFactory(project=project)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 2, 2))
    application = factories.ApplicationFactory(project=project, addressed_to=bun)
    return applications.submit(application, on=datetime.date(2026, 2, 3))


def _staff(user):
    user.is_staff = True
    user.save()
    return user


DECISION = {
    "outcome": "approved",
    "meeting_date": "2026-03-10",
    "paragraph": "12",
    "case_number": "BUN 2026/4",
    "motivation": "Partnerskapet stärker barnens rättigheter.",
}
# Posted from the confirmation step (#12; the step itself: test_admin_decision_confirmation.py).
CONFIRMED = {**DECISION, "confirm": "1"}


# --- Applications: the decision page, the actions and the S9 warning (S6-S9) -----------------


def test_member_of_addressed_body_records_decision(client, bun_application, bun_member):
    """S8: a member of the body the application is addressed to records its decision."""
    client.force_login(_staff(bun_member))

    response = client.post(_decision_url(bun_application), CONFIRMED)

    assert response.status_code == 302
    assert response.url == english_admin_url("projects_application_change", bun_application.pk)
    decision = Decision.objects.get()
    assert (decision.citation, decision.text) == ("BUN 2026-03-10 § 12", DECISION["motivation"])
    bun_application.refresh_from_db()
    assert bun_application.status == ApplicationStatus.DECIDED
    assert bun_application.project.status == ProjectStatus.APPROVED


def test_coordinator_without_a_secretary_membership_is_refused(
    client, bun_application, coordinator
):
    """#11: the coordinator prepares the decision but does not record it: no link on the
    application's page, and a decision posted all the same is refused with who may."""
    client.force_login(coordinator)

    page = client.get(english_admin_url("projects_application_change", bun_application.pk))
    response = client.post(_decision_url(bun_application), CONFIRMED)

    assert _decision_url(bun_application) not in page.text
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Only members or the secretary of BUN, in office on 2026-03-10, may record its "
        "decision (S8). The coordinator prepares it; a member or the secretary records it."
    ]
    assert Decision.objects.count() == 0
    bun_application.refresh_from_db()
    assert bun_application.status == ApplicationStatus.SUBMITTED


def test_member_of_another_body_is_refused(client, bun_application, ks_member):
    """S8: a KS member cannot record BUN's decision; the refusal is a form error."""
    client.force_login(_staff(ks_member))

    response = client.post(_decision_url(bun_application), CONFIRMED)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Only members or the secretary of BUN, in office on 2026-03-10, may record its "
        "decision (S8). The coordinator prepares it; a member or the secretary records it."
    ]
    assert Decision.objects.count() == 0
    bun_application.refresh_from_db()
    assert bun_application.status == ApplicationStatus.SUBMITTED


def test_approval_without_completed_funding_check_is_a_form_error(client, bun, bun_member):
    """S6: no approval before the funding check is completed."""
    project = factories.ProjectFactory(responsible_body=bun)
    application = applications.submit(
        factories.ApplicationFactory(project=project), on=datetime.date(2026, 2, 3)
    )
    client.force_login(_staff(bun_member))

    response = client.post(_decision_url(application), CONFIRMED)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The work cannot be approved before its funding check is completed (S6)."
    ]
    assert Decision.objects.count() == 0


def test_paragraph_already_used_is_a_form_error(client, bun, bun_application, bun_member):
    factories.DecisionFactory(body=bun, meeting_date=datetime.date(2026, 3, 10), paragraph=12)
    client.force_login(_staff(bun_member))

    response = client.post(_decision_url(bun_application), CONFIRMED)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This body already has a decision with this paragraph on this meeting date."
    ]
    assert Decision.objects.count() == 1


def test_decision_dated_before_submission_is_an_error_on_the_date(
    client, bun_application, bun_member
):
    client.force_login(_staff(bun_member))

    response = client.post(
        _decision_url(bun_application), {**CONFIRMED, "meeting_date": "2026-01-10"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["meeting_date"] == [
        "A decision cannot be dated before the application was submitted."
    ]


@time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0, tzinfo=STOCKHOLM), tick=False)
def test_decision_page_shows_the_missing_consultation(client, bun_application, bun_member):
    """S9: the deciding body sees that the network was not consulted. The form opens to whoever
    is in office today, so the clock is pinned within the member's term (2023-2026)."""
    client.force_login(_staff(bun_member))

    response = client.get(_decision_url(bun_application))

    assert response.status_code == 200
    assert "has not been consulted on this application (S9)" in response.content.decode()


def test_decision_page_refuses_other_methods(client, bun_application, coordinator):
    client.force_login(coordinator)

    response = client.put(_decision_url(bun_application))

    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"


def test_decision_page_sends_anonymous_to_login(client, bun_application):
    response = client.get(_decision_url(bun_application))

    assert response.status_code == 302
    assert response.url.startswith(english_admin_url("login"))


def test_decision_page_refuses_a_user_who_is_not_staff(client, bun_application, bun_member):
    client.force_login(bun_member)

    response = client.get(_decision_url(bun_application))

    assert response.status_code == 302
    assert Decision.objects.count() == 0


def test_change_page_links_to_decision_page_when_submitted(client, bun_application, coordinator):
    """The coordinator who is also BUN's secretary records its decisions (#11)."""
    factories.MembershipFactory(
        person=coordinator.person, body=bun_application.addressed_to, role="secretary"
    )
    client.force_login(coordinator)

    response = client.get(english_admin_url("projects_application_change", bun_application.pk))

    assert response.context["record_decision_url"] == _decision_url(bun_application)
    assert _decision_url(bun_application) in response.content.decode()


def test_change_page_shows_status_and_decision_read_only(client, coordinator):
    application = factories.DecidedApplicationFactory()
    client.force_login(coordinator)

    response = client.get(english_admin_url("projects_application_change", application.pk))

    form_fields = response.context["adminform"].form.fields
    assert ("status" in form_fields, "decision" in form_fields) == (False, False)
    assert "record_decision_url" not in response.context


def _run_action(client, action, *applications_):
    data = {"action": action, "_selected_action": [a.pk for a in applications_]}
    return client.post(english_admin_url("projects_application_changelist"), data)


def test_submit_action_submits_a_draft(client, coordinator):
    draft = factories.ApplicationFactory()
    client.force_login(coordinator)

    response = _run_action(client, "submit", draft)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 application(s) submitted for decision."
    ]


def test_submit_action_reports_a_refusal(client, coordinator):
    decided = factories.DecidedApplicationFactory()
    client.force_login(coordinator)

    response = _run_action(client, "submit", decided)

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"{decided.title}: Only a draft or an application in consultation can be submitted."
    ]
    decided.refresh_from_db()
    assert decided.status == ApplicationStatus.DECIDED


def test_withdraw_action_withdraws_and_reports_refusals(client, coordinator, bun_application):
    decided = factories.DecidedApplicationFactory()
    client.force_login(coordinator)

    response = _run_action(client, "withdraw", bun_application, decided)

    bun_application.refresh_from_db()
    assert bun_application.status == ApplicationStatus.WITHDRAWN
    assert sorted(str(m) for m in get_messages(response.wsgi_request)) == sorted(
        [
            f"{decided.title}: A decided or withdrawn application cannot be withdrawn.",
            "1 application(s) withdrawn.",
        ]
    )


def test_changelist_warns_of_missing_consultation(client, coordinator, bun_application):
    """S9: an application sent for decision without consulting the network is flagged."""
    client.force_login(coordinator)

    response = client.get(english_admin_url("projects_application_changelist"))

    assert response.status_code == 200
    assert "Not consulted" in response.content.decode()


# --- Projects: the funding check (S6) and whether work needs a decision (S11) ----------------


def _complete_check(client, *projects):
    data = {"action": "complete_funding_check", "_selected_action": [p.pk for p in projects]}
    return client.post(english_admin_url("projects_project_changelist"), data)


def test_complete_funding_check_action_records_who_and_when(client, coordinator):
    """S6: the coordinator completes the check of a project whose sources were looked at."""
    project = factories.FundingCheckFactory().project
    client.force_login(coordinator)

    response = _complete_check(client, project)

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.funding_check_closed_by == coordinator.person
    assert project.funding_check_complete is True


def test_complete_funding_check_action_reports_project_without_checks(client, coordinator):
    project = factories.ProjectFactory(title="Projekt utan kontroll")
    client.force_login(coordinator)

    response = _complete_check(client, project)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Projekt utan kontroll: Record at least one funding source that was checked before "
        "completing the check."
    ]
    project.refresh_from_db()
    assert project.funding_check_complete is False


def test_complete_funding_check_action_refuses_user_without_person(client, coordinator):
    coordinator.person.delete()
    project = factories.FundingCheckFactory().project
    client.force_login(coordinator)

    response = _complete_check(client, project)

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Your login account is not linked to a person, so the system cannot record who "
        "completed the check. Ask the coordinator to link it."
    ]
    project.refresh_from_db()
    assert project.funding_check_complete is False


def test_changelist_shows_funding_check_and_need_for_decision(client, coordinator):
    """S6, S11: both are columns of the list."""
    checked = factories.FundingCheckFactory().project
    checked.funding_check_closed_on = datetime.date(2026, 2, 2)
    checked.funding_check_closed_by = coordinator.person
    checked.save()
    exchange = factories.ProjectFactory(kind=ProjectKind.SCHOOL_EXCHANGE)
    client.force_login(coordinator)

    response = client.get(english_admin_url("projects_project_changelist"))

    model_admin = response.context["cl"].model_admin
    rows = {
        project.pk: (
            model_admin.funding_check_complete(project),
            model_admin.requires_decision(project),
        )
        for project in response.context["cl"].result_list
    }
    assert rows == {checked.pk: (True, True), exchange.pk: (False, False)}


def test_changelist_filters_by_responsible_body(client, coordinator, bun, ks):
    bun_project = factories.ProjectFactory(responsible_body=bun)
    factories.ProjectFactory(responsible_body=ks)
    client.force_login(coordinator)

    response = client.get(
        english_admin_url("projects_project_changelist"), {"responsible_body__id__exact": bun.pk}
    )

    assert list(response.context["cl"].result_list) == [bun_project]


def test_funding_check_completion_is_read_only_on_the_form(client, coordinator):
    """The check is completed by the action (the service), not typed in."""
    project = factories.ProjectFactory()
    client.force_login(coordinator)

    response = client.get(english_admin_url("projects_project_change", project.pk))

    form_fields = response.context["adminform"].form.fields
    assert "funding_check_closed_on" not in form_fields
    assert "funding_check_closed_by" not in form_fields


# --- Projects: rows added inline -------------------------------------------------------------


def _project_data(bun, *, checks=(), counts=()):
    return {
        "title_sv": "Utbyte med Joniškis",
        "slug": "utbyte-joniskis",
        "kind": "school_exchange",
        "status": "idea",
        "responsible_body": bun.pk,
        "own_cost": "0",
        **inline_rows("funding_checks", *checks),
        **inline_rows("participant_counts", *counts),
        **inline_rows("costs"),
        **inline_rows("pictures"),  # #14
        **inline_rows("documents"),  # #12
    }


def test_project_added_with_funding_check_and_participants(client, coordinator, bun):
    programme = factories.ProgrammeFactory()
    client.force_login(coordinator)
    check = {
        "programme": programme.pk,
        "checked_on": "2026-02-01",
        "checked_by": coordinator.person.pk,
        "outcome": "will_apply",
    }
    count = {"level": "pupil", "count": "24", "women": "12", "men": "12"}

    response = client.post(
        english_admin_url("projects_project_add"),
        _project_data(bun, checks=[check], counts=[count]),
    )

    assert response.status_code == 302
    project = Project.objects.get()
    assert list(FundingCheck.objects.values_list("project", "outcome")) == [
        (project.pk, "will_apply")
    ]
    assert ParticipantCount.objects.get().count == 24


def test_participant_count_smaller_than_women_and_men_is_refused(client, coordinator, bun):
    client.force_login(coordinator)
    count = {"level": "pupil", "count": "10", "women": "8", "men": "8"}

    response = client.post(
        english_admin_url("projects_project_add"), _project_data(bun, counts=[count])
    )

    assert response.status_code == 200
    message = "Women and men together cannot exceed the number."
    assert escape(message) in response.content.decode()
    assert Project.objects.count() == 0


# --- Bad input: a clear error, nothing saved -------------------------------------------------


def test_project_ending_before_it_starts_is_refused(client, coordinator, bun):
    client.force_login(coordinator)
    data = {
        "title_sv": "Utbyte med Joniškis",
        "slug": "utbyte-joniskis",
        "kind": "school_exchange",
        "status": "idea",
        "responsible_body": bun.pk,
        "starts_on": "2026-05-01",
        "ends_on": "2026-04-01",
        "own_cost": "0",
        **no_inline_rows("funding_checks", "participant_counts", "costs"),
    }

    response = client.post(english_admin_url("projects_project_add"), data)

    assert response.status_code == 200
    assert shows(response, "The end date cannot be before the start date.")
    assert Project.objects.count() == 0


def test_decided_application_readdressed_to_another_body_is_refused(client, coordinator, ks):
    """S8: the decision stays with the body the application was addressed to."""
    application = factories.DecidedApplicationFactory()
    client.force_login(coordinator)
    data = {
        "kind": application.kind,
        "title": application.title,
        "summary": application.summary,
        "project": application.project.pk,
        "addressed_to": ks.pk,
    }

    page = client.get(english_admin_url("projects_application_change", application.pk))
    client.post(english_admin_url("projects_application_change", application.pk), data)

    # A decided application is frozen (#11): the body is shown read-only and stays.
    assert "addressed_to" not in page.context["adminform"].form.fields
    assert Application.objects.get().addressed_to == application.addressed_to


# --- The funding check's completion rule in the admin (S6, #13) -----------------------------


@pytest.fixture
def two_fitting_programmes():
    """Two programmes that may fit any municipal partnership with no rule known."""
    return (
        factories.ProgrammeFactory(name="Första fonden"),
        factories.ProgrammeFactory(name="Andra fonden"),
    )


def test_the_action_refuses_a_check_leaving_a_fitting_programme_without_outcome(
    client, coordinator, two_fitting_programmes
):
    first, _second = two_fitting_programmes
    project = factories.FundingCheckFactory(
        programme=first, outcome="will_apply", note="", project__title="Partnerskap"
    ).project
    project.places.add(factories.PlaceFactory(country="FI"))
    client.force_login(coordinator)

    response = _complete_check(client, project)

    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Partnerskap: The funding check cannot be completed")
    assert "Without an outcome: " in message and "Andra fonden" in message
    assert "Första fonden" not in message.split("Without an outcome: ")[1]
    project.refresh_from_db()
    assert project.funding_check_complete is False


def _post_not_relevant(client, coordinator, bun, note):
    """The coordinator adds a project in the admin with one "not relevant" check."""
    programme = factories.ProgrammeFactory()
    client.force_login(coordinator)
    check = {
        "programme": programme.pk,
        "checked_on": "2026-02-01",
        "checked_by": coordinator.person.pk,
        "outcome": "not_applicable",
        "note": note,
    }
    return client.post(
        english_admin_url("projects_project_add"), _project_data(bun, checks=[check])
    )


def test_the_inline_records_not_relevant_with_its_reason(client, coordinator, bun):
    """The inline has the note, so "not relevant" can be entered there with its reason."""
    response = _post_not_relevant(client, coordinator, bun, "Bara för kulturprojekt.")

    assert response.status_code == 302
    assert FundingCheck.objects.get().note == "Bara för kulturprojekt."


def test_the_inline_refuses_not_relevant_without_a_reason_and_saves_nothing(
    client, coordinator, bun
):
    response = _post_not_relevant(client, coordinator, bun, "")

    assert response.status_code == 200
    assert shows(response, "Say why the programme is not relevant")
    assert not Project.objects.exists()
    assert not FundingCheck.objects.exists()
