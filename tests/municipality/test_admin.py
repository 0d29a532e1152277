"""The register extract in the admin: one person's file, for the coordinator only."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def _run_action(client, *people):
    data = {"action": "register_extract", "_selected_action": [p.pk for p in people]}
    return client.post(reverse("admin:governance_person_changelist"), data)


def _offered_actions(page) -> dict:
    form = page.context["action_form"]  # None when the user may run no action at all
    return dict(form.fields["action"].choices) if form is not None else {}


def test_coordinator_downloads_the_extract_of_one_person(client, coordinator):
    person = factories.PersonFactory(first_name="Anna", email="anna@example.se")
    client.force_login(coordinator)

    response = _run_action(client, person)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    filename = f"registerutdrag-{person.pk}-{timezone.localdate().isoformat()}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert json.loads(response.content)["Person"]["E-post"] == "anna@example.se"


def test_action_refuses_several_people_and_downloads_nothing(client, coordinator):
    people = factories.PersonFactory.create_batch(2)
    client.force_login(coordinator)

    response = _run_action(client, *people)

    assert response.status_code == 302
    assert "Content-Disposition" not in response
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Välj exakt en person för ett registerutdrag."
    ]


def test_action_is_offered_to_the_coordinator(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:governance_person_changelist"))

    assert _offered_actions(response)["register_extract"] == "Registerutdrag (JSON)"


def test_contributor_cannot_reach_the_action(client, contributor):
    person = factories.PersonFactory()
    client.force_login(contributor)

    response = _run_action(client, person)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_who_is_not_the_coordinator_is_not_offered_the_action(client, contributor):
    contributor.is_staff = True
    contributor.save()
    contributor.user_permissions.add(Permission.objects.get(codename="view_person"))
    person = factories.PersonFactory()
    client.force_login(contributor)

    page = client.get(reverse("admin:governance_person_changelist"))
    response = _run_action(client, person)

    assert page.status_code == 200
    assert "register_extract" not in _offered_actions(page)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Disposition" not in response
