"""A decided application, and a project with one, are public records: never deleted (#11).

The rule is ``projects.predicates.may_be_deleted`` / ``project_may_be_deleted``; the model,
its queryset and the admin (delete page and "delete selected") all ask it. A draft, and a
project without a decided application, may still be deleted by the coordinator.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.roles import _permissions, wanted_permissions
from governance.access import COORDINATOR_GROUP
from governance.models import Decision
from governance.records import PublicRecordDeleteError
from projects import predicates
from projects.models import Application, Project
from tests import factories

APPLICATION_KEPT = "Ett beslutat ärende är en allmän handling och kan inte tas bort."
PROJECT_KEPT = (
    "Ett projekt eller utbyte med ett beslutat ärende är en allmän handling och kan inte tas bort."
)


def _state():
    """What must not change when a deletion is refused: rows and history rows."""
    return {
        "applications": Application.objects.count(),
        "application history": Application.history.count(),
        "projects": Project.objects.count(),
        "project history": Project.history.count(),
        "decisions": Decision.objects.count(),
    }


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- the rule -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_an_undecided_application_may_be_deleted():
    assert predicates.may_be_deleted(factories.ApplicationFactory())
    assert predicates.may_be_deleted(factories.ApplicationFactory(status="submitted"))
    assert not predicates.may_be_deleted(factories.DecidedApplicationFactory())


@pytest.mark.django_db
def test_a_project_may_be_deleted_only_without_a_decided_application():
    free = factories.ApplicationFactory().project
    decided = factories.DecidedApplicationFactory().project
    factories.ApplicationFactory(project=decided)

    assert predicates.project_may_be_deleted(free)
    assert predicates.project_may_be_deleted(factories.ProjectFactory())
    assert not predicates.project_may_be_deleted(decided)
    assert set(Project.objects.kept()) == {decided}


# --- model and queryset ---------------------------------------------------------------------


@pytest.mark.django_db
def test_decided_application_refuses_instance_delete():
    application = factories.DecidedApplicationFactory()
    before = _state()

    with pytest.raises(PublicRecordDeleteError) as refused:
        application.delete()

    assert str(refused.value) == APPLICATION_KEPT
    assert _state() == before


@pytest.mark.django_db
def test_stale_draft_instance_of_a_decided_application_is_refused():
    """The row as stored counts, not an old copy in memory."""
    decided = factories.DecidedApplicationFactory()
    stale = Application.objects.get(pk=decided.pk)
    stale.status, stale.decision_id = "draft", None
    before = _state()

    with pytest.raises(PublicRecordDeleteError):
        stale.delete()

    assert _state() == before


@pytest.mark.django_db
def test_queryset_delete_refuses_the_whole_selection_when_one_is_decided():
    factories.ApplicationFactory()
    factories.DecidedApplicationFactory()
    before = _state()

    with pytest.raises(PublicRecordDeleteError) as refused:
        Application.objects.all().delete()

    assert str(refused.value) == APPLICATION_KEPT
    assert _state() == before


@pytest.mark.django_db
def test_draft_applications_may_be_deleted():
    one, two = factories.ApplicationFactory(), factories.ApplicationFactory()

    one.delete()
    Application.objects.filter(pk=two.pk).delete()

    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_project_with_a_decided_application_refuses_instance_and_queryset_delete():
    project = factories.DecidedApplicationFactory().project
    factories.ProjectFactory()
    before = _state()

    with pytest.raises(PublicRecordDeleteError) as refused:
        project.delete()
    assert str(refused.value) == PROJECT_KEPT
    with pytest.raises(PublicRecordDeleteError):
        Project.objects.all().delete()

    assert _state() == before


@pytest.mark.django_db
def test_project_without_decisions_may_be_deleted_once_its_drafts_are():
    draft = factories.ApplicationFactory()
    project = draft.project
    empty = factories.ProjectFactory()

    draft.delete()
    project.delete()
    Project.objects.filter(pk=empty.pk).delete()

    assert Project.objects.count() == 0


# --- the admin ------------------------------------------------------------------------------


def _url(model, view, *args):
    return reverse(f"admin:projects_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_delete_page_of_a_decided_application_refuses(client, coordinator, method):
    application = factories.DecidedApplicationFactory()
    before = _state()
    client.force_login(coordinator)

    response = getattr(client, method)(_url(Application, "delete", application.pk), {"post": "yes"})

    assert response.status_code == 302
    assert response.url == _url(Application, "change", application.pk)
    assert _messages(response) == [APPLICATION_KEPT]
    assert _state() == before


@pytest.mark.django_db
def test_admin_change_page_of_a_decided_application_offers_no_delete(client, coordinator):
    decided = factories.DecidedApplicationFactory()
    draft = factories.ApplicationFactory()
    client.force_login(coordinator)

    decided_page = client.get(_url(Application, "change", decided.pk))
    draft_page = client.get(_url(Application, "change", draft.pk))

    assert decided_page.context["has_delete_permission"] is False
    assert _url(Application, "delete", decided.pk) not in decided_page.content.decode()
    assert draft_page.context["has_delete_permission"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("confirmed", [False, True], ids=["asked", "confirmed"])
def test_admin_delete_selected_refuses_a_selection_with_a_decided_application(
    client, coordinator, confirmed
):
    draft = factories.ApplicationFactory()
    decided = factories.DecidedApplicationFactory()
    before = _state()
    client.force_login(coordinator)
    data = {"action": "delete_selected", "_selected_action": [draft.pk, decided.pk]}
    if confirmed:
        data["post"] = "yes"

    response = client.post(_url(Application, "changelist"), data)

    assert response.status_code == 302
    assert _messages(response) == [APPLICATION_KEPT]
    assert _state() == before


@pytest.mark.django_db
def test_admin_deletes_a_draft_application_and_a_project_without_decisions(client, coordinator):
    draft = factories.ApplicationFactory()
    project = draft.project
    client.force_login(coordinator)

    deleted = client.post(_url(Application, "delete", draft.pk), {"post": "yes"})
    assert deleted.status_code == 302
    assert not Application.objects.filter(pk=draft.pk).exists()

    data = {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"}
    response = client.post(_url(Project, "changelist"), data)

    assert response.status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_delete_page_of_a_project_with_a_decision_refuses(client, coordinator, method):
    project = factories.DecidedApplicationFactory().project
    before = _state()
    client.force_login(coordinator)

    response = getattr(client, method)(_url(Project, "delete", project.pk), {"post": "yes"})

    assert response.status_code == 302
    assert response.url == _url(Project, "change", project.pk)
    assert _messages(response) == [PROJECT_KEPT]
    assert _state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("confirmed", [False, True], ids=["asked", "confirmed"])
def test_admin_delete_selected_refuses_projects_when_one_has_a_decision(
    client, coordinator, confirmed
):
    free = factories.ProjectFactory()
    kept = factories.DecidedApplicationFactory().project
    before = _state()
    client.force_login(coordinator)
    data = {"action": "delete_selected", "_selected_action": [free.pk, kept.pk]}
    if confirmed:
        data["post"] = "yes"

    response = client.post(_url(Project, "changelist"), data)

    assert response.status_code == 302
    assert _messages(response) == [PROJECT_KEPT]
    assert _state() == before


@pytest.mark.django_db
def test_refusal_reads_in_english_on_the_english_admin(client, coordinator):
    from django.utils import translation

    application = factories.DecidedApplicationFactory()
    client.force_login(coordinator)
    with translation.override("en"):
        url = _url(Application, "delete", application.pk)

    response = client.get(url)

    assert _messages(response) == [
        "A decided application is a public record and cannot be deleted."
    ]


@pytest.mark.django_db
def test_coordinator_role_keeps_delete_on_applications_and_projects():
    """Drafts may go, so the permission stays; the rule above refuses decided ones."""
    codenames = {p.codename for p in wanted_permissions(_permissions())[COORDINATOR_GROUP]}

    assert {"delete_application", "delete_project"} <= codenames
