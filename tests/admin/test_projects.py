"""Projects in the admin: the funding check (S6) and whether work needs a decision (S11)."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from projects.models import ProjectKind
from tests import factories


def _english(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def _complete_check(client, *projects):
    data = {"action": "complete_funding_check", "_selected_action": [p.pk for p in projects]}
    return client.post(_english("projects_project_changelist"), data)


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

    response = client.get(_english("projects_project_changelist"))

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
        _english("projects_project_changelist"), {"responsible_body__id__exact": bun.pk}
    )

    assert list(response.context["cl"].result_list) == [bun_project]


def test_funding_check_completion_is_read_only_on_the_form(client, coordinator):
    """The check is completed by the action (the service), not typed in."""
    project = factories.ProjectFactory()
    client.force_login(coordinator)

    response = client.get(_english("projects_project_change", project.pk))

    form_fields = response.context["adminform"].form.fields
    assert "funding_check_closed_on" not in form_fields
    assert "funding_check_closed_by" not in form_fields
