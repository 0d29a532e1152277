"""Publishing approved work from the staff pages (#12, S19): the preview of its public page,
the rule of when (``predicates.publishing_gaps``) and who (``Rights.may_publish``), written
once in ``projects.publishing`` and met by the staff page and the admin alike."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from projects import publishing
from projects.models import Project
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db

SUMMARY = "Elever i Vimmerby och Joniškis skriver brev och besöker varandra."


def preview_url(project, language="en"):
    with translation.override(language):
        return reverse("website:project-preview", args=[project.pk])


def public_url(project):
    return reverse("website:project-detail", args=[project.slug])


def sv(name, *args):
    """The Swedish address of a staff page: its messages are asserted in Swedish."""
    with translation.override("sv"):
        return reverse(f"staff:{name}", args=args)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def ready(approved):
    """BUN's approved work, with its public text written: ready to be published."""
    project = Project.objects.get(pk=approved.project_id)
    project.summary_sv = SUMMARY
    project.save()
    return project


def history_length(project):
    return project.history.count()


# --- the steps -------------------------------------------------------------------------------


def test_the_coordinator_publishes_from_the_preview_and_the_public_site_shows_it(
    client, coordinator, ready
):
    visitor = Client()
    assert visitor.get(public_url(ready)).status_code == 404
    listed_before = visitor.get(reverse("website:project-list")).content.decode()
    assert ready.title not in listed_before  # and the list is now in the page cache
    client.force_login(coordinator)

    preview = client.get(preview_url(ready, "sv"))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "Förhandsgranskning av den publika sidan. Arbetet är inte publicerat" in page
    assert SUMMARY in page
    assert 'id="publish-project"' in page

    response = client.post(sv("project-publish", ready.pk))

    assert response.status_code == 302
    assert messages_of(response) == ["Arbetet är publicerat på den publika webbplatsen."]
    ready.refresh_from_db()
    assert ready.published
    # The content version moved: the cached list and the page show it at once (S19, #15).
    assert visitor.get(public_url(ready)).status_code == 200
    assert ready.title in visitor.get(reverse("website:project-list")).content.decode()


def test_the_preview_is_the_public_page_in_both_languages(client, coordinator, ready):
    ready.title_en = "School exchange with Joniškis"
    ready.summary_en = "Pupils write letters."
    ready.save()
    client.force_login(coordinator)

    swedish = client.get(preview_url(ready, "sv")).content.decode()
    english = client.get(preview_url(ready, "en")).content.decode()

    assert SUMMARY in swedish and "Preview in English" in swedish
    assert "Pupils write letters." in english and "Förhandsgranska på svenska" in english
    assert "School exchange with Joniškis" in english


def test_work_not_approved_is_refused_with_the_reason_and_nothing_changes(
    client, coordinator, bun_project
):
    bun_project.summary_sv = SUMMARY
    bun_project.save()
    before = history_length(bun_project)
    client.force_login(coordinator)

    preview = client.get(preview_url(bun_project, "sv")).content.decode()
    response = client.post(sv("project-publish", bun_project.pk))

    reason = (
        "Arbetet behöver ett politiskt beslut (S8, S11): det publiceras när "
        f"{bun_project.responsible_body.name} har beviljat det."
    )
    assert reason in preview and 'id="publish-project"' not in preview
    assert messages_of(response) == [reason]
    bun_project.refresh_from_db()
    assert not bun_project.published
    assert history_length(bun_project) == before


def test_work_without_its_public_text_is_refused_and_nothing_changes(client, coordinator, approved):
    project = Project.objects.get(pk=approved.project_id)  # approved, no summary
    before = history_length(project)
    client.force_login(coordinator)

    response = client.post(sv("project-publish", project.pk))

    assert messages_of(response) == [
        "Skriv först den offentliga titeln och sammanfattningen på svenska: den publika sidan "
        "visar dem."
    ]
    project.refresh_from_db()
    assert not project.published
    assert history_length(project) == before


def test_publishing_twice_is_refused(coordinator, ready):
    publishing.publish_project(ready, by=coordinator)

    with pytest.raises(ValidationError) as refusal:
        publishing.publish_project(ready, by=coordinator)

    assert refusal.value.messages == ["Arbetet är redan publicerat."]


def test_only_the_coordinator_publishes_through_the_service(contributor, ready):
    with pytest.raises(PermissionDenied) as refusal:
        publishing.publish_project(ready, by=contributor)

    assert str(refusal.value) == "Endast den internationella samordnaren publicerar arbeten."
    ready.refresh_from_db()
    assert not ready.published


def test_work_without_a_decision_is_published_once_planned(coordinator, sodra_exchange):
    """A small school exchange needs no political decision: planned is enough; an idea is
    not published."""
    sodra_exchange.summary_sv = SUMMARY
    sodra_exchange.status = "idea"
    sodra_exchange.save()
    with pytest.raises(ValidationError) as refusal:
        publishing.publish_project(sodra_exchange, by=coordinator)
    assert refusal.value.messages == [
        "En idé eller ett avbrutet arbete publiceras inte: planera arbetet först."
    ]

    sodra_exchange.status = "planned"
    sodra_exchange.save()
    assert publishing.publish_project(sodra_exchange, by=coordinator).published


def test_unpublishing_takes_a_reason_kept_in_the_history(client, coordinator, ready):
    publishing.publish_project(ready, by=coordinator)
    client.force_login(coordinator)

    refused = client.post(sv("project-unpublish", ready.pk), {"reason": "  "})
    too_long = client.post(sv("project-unpublish", ready.pk), {"reason": "x" * 101})
    ready.refresh_from_db()
    assert ready.published
    assert messages_of(refused) == ["Ange varför arbetet tas bort från den publika webbplatsen."]
    assert messages_of(too_long)[-1] == "Skälet får vara högst 100 tecken."

    response = client.post(sv("project-unpublish", ready.pk), {"reason": "Elevnamn i texten"})

    assert messages_of(response)[-1] == "Arbetet är borttaget från den publika webbplatsen."
    ready.refresh_from_db()
    assert not ready.published
    assert ready.history.first().history_change_reason == "Elevnamn i texten"
    assert Client().get(public_url(ready)).status_code == 404


# --- the preview is never cached nor public ----------------------------------------------------


def test_the_preview_is_never_cached(client, coordinator, ready):
    publishing.publish_project(ready, by=coordinator)
    assert Client().get(public_url(ready)).status_code == 200  # the fragment is now cached
    client.force_login(coordinator)

    first = client.get(preview_url(ready))
    # A write that raises no content version: a cached page would still show the old title.
    Project.objects.filter(pk=ready.pk).update(title_sv="Ny titel", title_en="New title")
    second = client.get(preview_url(ready))

    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "New title" in second.content.decode()


# --- who: every new URL, as each persona -----------------------------------------------------

PERSONAS = ["anonymous", "contributor", "vimar_contributor", "bun_member", "coordinator"]
# The contributor is of BUN's administration, so works on BUN's project: sees the preview,
# does not publish. Another school and a board member see neither.
PREVIEW = {
    "anonymous": 302,
    "contributor": 200,
    "vimar_contributor": 403,
    "bun_member": 403,
    "coordinator": 200,
}
PUBLISH = {
    "anonymous": 302,
    "contributor": 403,
    "vimar_contributor": 403,
    "bun_member": 403,
    "coordinator": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_preview(request, client, persona, ready):
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)

    response = client.get(preview_url(ready))

    assert response.status_code == PREVIEW[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(en("login"))
    if response.status_code == 403:
        assert "see its preview" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("step", ["project-publish", "project-unpublish"])
def test_who_publishes(request, client, persona, step, ready, coordinator):
    if step == "project-unpublish":
        publishing.publish_project(ready, by=coordinator)
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)

    response = client.post(sv(step, ready.pk), {"reason": "Fel text"})

    assert response.status_code == PUBLISH[persona]
    ready.refresh_from_db()
    assert ready.published == ((step == "project-publish") == (persona == "coordinator"))


def test_publishing_is_post_only(client, coordinator, ready):
    client.force_login(coordinator)

    assert client.get(sv("project-publish", ready.pk)).status_code == 405


# --- the prompt: start page and dashboard ------------------------------------------------------


def test_the_start_page_and_the_dashboard_list_approved_work_not_published(
    client, coordinator, ready
):
    client.force_login(coordinator)
    link = f'href="{preview_url(ready)}"'

    home = client.get(en("home")).content.decode()
    with translation.override("en"):
        dashboard = client.get(reverse("followup:dashboard")).content.decode()
    assert link in home and link in dashboard
    assert "1 approved work is not on the public site yet." in home

    publishing.publish_project(ready, by=coordinator)

    assert link not in client.get(en("home")).content.decode()


def test_the_prompt_is_the_coordinators(client, contributor, ready):
    client.force_login(contributor)

    assert 'id="unpublished"' not in client.get(en("home")).content.decode()


def _approved_without_decision_needed(n, body, person):
    """Small school exchanges (no political decision), approved, their check completed."""
    for i in range(n):
        factories.ProjectFactory(
            title=f"Utbyte {i:02}",
            kind="school_exchange",
            responsible_body=body,
            status="approved",
            funding_check_closed_on=datetime.date(2026, 2, 2),
            funding_check_closed_by=person,
        )


@pytest.mark.parametrize("rows", [3, 30])
def test_the_start_page_reads_the_prompt_in_one_query_at_any_size(
    client, coordinator, bun, rows, django_assert_num_queries
):
    _approved_without_decision_needed(rows, bun, coordinator.person)
    client.force_login(coordinator)

    with django_assert_num_queries(10):  # 9 before #12, and the prompt's one query
        response = client.get(en("home"))

    assert f"{rows} approved works are not on the public site yet." in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_preview_costs_the_same_at_any_size(
    client, coordinator, bun, rows, django_assert_num_queries
):
    _approved_without_decision_needed(rows, bun, coordinator.person)
    project = Project.objects.order_by("pk").first()
    for place in factories.PlaceFactory.create_batch(rows, published=True):
        project.places.add(place)
    client.force_login(coordinator)

    with django_assert_num_queries(PREVIEW_QUERIES):
        assert client.get(preview_url(project)).status_code == 200


# Session and user (2), groups and memberships (2), the project (1), its page's reads (8).
PREVIEW_QUERIES = 14  # with the project's public documents (#12), one query


# --- the admin takes the same step -----------------------------------------------------------


def test_the_admins_publish_action_is_the_same_step(client, coordinator, ready, bun_project):
    other = factories.ProjectFactory(
        title="Idé", summary_sv=SUMMARY, responsible_body=ready.responsible_body
    )
    client.force_login(coordinator)
    with translation.override("en"):
        url = reverse("admin:projects_project_changelist")

    response = client.post(url, {"action": "publish", "_selected_action": [ready.pk, other.pk]})

    assert response.status_code == 302
    ready.refresh_from_db()
    other.refresh_from_db()
    assert (ready.published, other.published) == (True, False)
    notes = messages_of(response)
    assert any(note.startswith("Idé: ") and "political decision" in note for note in notes)


def test_the_admin_shows_published_read_only(client, coordinator, ready):
    client.force_login(coordinator)
    with translation.override("en"):
        url = reverse("admin:projects_project_change", args=[ready.pk])

    form = client.get(url).context["adminform"].form

    assert "published" not in form.fields
