"""Applications in the admin: the decision page, the actions and the S9 warning (S6-S9)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from governance.models import Decision
from projects.models import ApplicationStatus, ProjectStatus
from projects.services import applications, funding
from tests import factories


def _english(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def _decision_url(application):
    return _english("projects_application_record_decision", application.pk)


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


def test_member_of_addressed_body_records_decision(client, bun_application, bun_member):
    """S8: a member of the body the application is addressed to records its decision."""
    client.force_login(_staff(bun_member))

    response = client.post(_decision_url(bun_application), DECISION)

    assert response.status_code == 302
    assert response.url == _english("projects_application_change", bun_application.pk)
    decision = Decision.objects.get()
    assert (decision.citation, decision.text) == ("BUN 2026-03-10 § 12", DECISION["motivation"])
    bun_application.refresh_from_db()
    assert bun_application.status == ApplicationStatus.DECIDED
    assert bun_application.project.status == ProjectStatus.APPROVED


def test_coordinator_records_decision(client, bun_application, coordinator):
    client.force_login(coordinator)

    response = client.post(_decision_url(bun_application), DECISION)

    assert response.status_code == 302
    assert Decision.objects.get().citation == "BUN 2026-03-10 § 12"


def test_member_of_another_body_is_refused(client, bun_application, ks_member):
    """S8: a KS member cannot record BUN's decision; the refusal is a form error."""
    client.force_login(_staff(ks_member))

    response = client.post(_decision_url(bun_application), DECISION)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Only members or the secretary of Barn- och utbildningsnämnden may record its "
        "decision (S8)."
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

    response = client.post(_decision_url(application), DECISION)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The work cannot be approved before its funding check is completed (S6)."
    ]
    assert Decision.objects.count() == 0


def test_paragraph_already_used_is_a_form_error(client, bun, bun_application, bun_member):
    factories.DecisionFactory(body=bun, meeting_date=datetime.date(2026, 3, 10), paragraph=12)
    client.force_login(_staff(bun_member))

    response = client.post(_decision_url(bun_application), DECISION)

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
        _decision_url(bun_application), {**DECISION, "meeting_date": "2026-01-10"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["meeting_date"] == [
        "A decision cannot be dated before the application was submitted."
    ]


def test_decision_page_shows_the_missing_consultation(client, bun_application, bun_member):
    """S9: the deciding body sees that the network was not consulted."""
    client.force_login(_staff(bun_member))

    response = client.get(_decision_url(bun_application))

    assert response.status_code == 200
    assert "has not been consulted on this application (S9)" in response.content.decode()


def test_decision_page_refuses_other_methods(client, bun_application, coordinator):
    client.force_login(coordinator)

    response = client.put(_decision_url(bun_application))

    assert response.status_code == 405


def test_decision_page_sends_anonymous_to_login(client, bun_application):
    response = client.get(_decision_url(bun_application))

    assert response.status_code == 302
    assert response.url.startswith(_english("login"))


def test_decision_page_refuses_a_user_who_is_not_staff(client, bun_application, bun_member):
    client.force_login(bun_member)

    response = client.get(_decision_url(bun_application))

    assert response.status_code == 302
    assert Decision.objects.count() == 0


def test_change_page_links_to_decision_page_when_submitted(client, bun_application, coordinator):
    client.force_login(coordinator)

    response = client.get(_english("projects_application_change", bun_application.pk))

    assert response.context["record_decision_url"] == _decision_url(bun_application)
    assert _decision_url(bun_application) in response.content.decode()


def test_change_page_shows_status_and_decision_read_only(client, coordinator):
    application = factories.DecidedApplicationFactory()
    client.force_login(coordinator)

    response = client.get(_english("projects_application_change", application.pk))

    form_fields = response.context["adminform"].form.fields
    assert ("status" in form_fields, "decision" in form_fields) == (False, False)
    assert "record_decision_url" not in response.context


def _run_action(client, action, *applications_):
    data = {"action": action, "_selected_action": [a.pk for a in applications_]}
    return client.post(_english("projects_application_changelist"), data)


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

    response = client.get(_english("projects_application_changelist"))

    assert response.status_code == 200
    assert "Not consulted" in response.content.decode()
