"""No cache keeps a signed-in page or a staff page: ``Cache-Control: private, no-store`` on the
admin, the sign-in, the staff pages, the follow-up and anything shown to a signed-in user;
the public site for anonymous visitors keeps its own caching (#15 hardening)."""

import pytest
from django.urls import reverse

from tests import factories


def _directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.strip().split("=")[0] for part in header.split(",") if part.strip()}


def _assert_private(response):
    directives = _directives(response)
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")
    assert "public" not in directives


SIGNED_IN_PAGES = [
    "/arbete/",
    "/en/work/",
    "/uppfoljning/",
    "/uppfoljning/aterredovisning/?year=2026",
    "/admin/",
    "/en/admin/projects/project/",
    "/",
    "/projekt/",
]
# The API authenticates no one (its answer is the same with or without a session), so it
# keeps the public caching for everyone.


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_every_page_a_signed_in_user_gets_is_private(client, coordinator, url):
    client.force_login(coordinator)

    response = client.get(url)

    assert response.status_code in (200, 302)
    _assert_private(response)


def test_a_refused_page_and_an_export_are_private_too(client, contributor, coordinator):
    client.force_login(contributor)
    _assert_private(client.get(reverse("followup:dashboard")))

    client.force_login(coordinator)
    export = client.get(
        reverse("followup:export", kwargs={"dataset": "projects", "file_format": "csv"})
    )
    assert export.status_code == 200
    _assert_private(export)


@pytest.mark.parametrize(
    "url", ["/arbete/logga-in/", "/en/work/sign-in/", "/admin/login/", "/arbete/", "/uppfoljning/"]
)
def test_staff_and_admin_pages_are_private_before_signing_in(client, db, url):
    _assert_private(client.get(url))


@pytest.mark.parametrize("url", ["/", "/en/", "/projekt/", "/api/v1/projects/"])
def test_public_pages_for_anonymous_visitors_keep_their_caching(client, db, url):
    factories.ProjectFactory(published=True)

    response = client.get(url)

    assert response.status_code == 200
    assert "no-store" not in _directives(response)
    assert "private" not in _directives(response)
