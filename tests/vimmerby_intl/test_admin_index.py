"""The admin's index grouped by the coordinator's tasks (#12, vimmerby_intl/admin_site.py).

Every registered model is in exactly one group; the index, the side bar and each group's page
list them by task in Swedish and English; a group that does not exist is a 404.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests import factories
from vimmerby_intl.admin_site import GROUPS

REGISTERED = {model._meta.label for model in admin.site._registry}
# The session, the user, its permissions (two), its groups for the staff menu (the
# coordinator's rights) and the recent actions (the index) or none (a group's page).
QUERIES = {"index": 6, "group": 5}
GROUPED = [label for _key, _name, labels in GROUPS for label in labels]


def test_every_registered_model_is_in_exactly_one_group():
    assert sorted(GROUPED) == sorted(REGISTERED)
    assert len(GROUPED) == len(set(GROUPED))


def _index_groups(response):
    return [
        (app["name"], [m["object_name"] for m in app["models"]])
        for app in response.context["app_list"]
    ]


@pytest.mark.parametrize(
    ("language", "names"),
    [
        (
            "sv",
            [
                "Partner",
                "Projekt och ansökningar",
                "Beslut och organ",
                "Finansiering",
                "Strategi och nätverk",
                "Konton och inloggning",
            ],
        ),
        (
            "en",
            [
                "Partners",
                "Projects and applications",
                "Decisions and bodies",
                "Funding",
                "Strategy and network",
                "Accounts and sign-in",
            ],
        ),
    ],
)
def test_the_index_lists_the_tasks_in_the_order_of_the_work(client, coordinator, language, names):
    client.force_login(coordinator)
    with translation.override(language):
        url = reverse("admin:index")

    response = client.get(url)

    assert response.status_code == 200
    groups = _index_groups(response)
    assert [name for name, _models in groups] == names
    assert groups[1][1][:2] == ["Project", "Application"]
    body = response.content.decode()
    for name in names:
        assert name in body
    # The side bar of every admin page has the same groups.
    assert [app["name"] for app in response.context["available_apps"]] == names


def test_a_group_page_lists_its_models(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:group", kwargs={"group": "funding"}))

    assert response.status_code == 200
    assert _index_groups(response) == [
        ("Finansiering", ["FundingCheck", "ReportObligation", "Funder", "Programme", "Call"])
    ]
    assert reverse("admin:projects_funder_changelist") in response.content.decode()


def test_an_unknown_group_is_not_found(client, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("admin:group", kwargs={"group": "nothing"})).status_code == 404


def test_an_app_page_stays_the_apps(client, coordinator):
    """The breadcrumbs' middle link, /admin/<app>/, lists the app's models, as Django has it."""
    client.force_login(coordinator)

    response = client.get(reverse("admin:app_list", kwargs={"app_label": "partners"}))

    assert response.status_code == 200
    assert [app["app_label"] for app in response.context["app_list"]] == ["partners"]
    assert len(response.context["app_list"][0]["models"]) == 8


def test_a_signed_out_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("admin:group", kwargs={"group": "funding"}))

    assert response.status_code == 302


@pytest.mark.parametrize("rows", [3, 30])
def test_the_index_and_a_group_page_cost_the_same_queries_whatever_the_records(
    client, coordinator, django_assert_num_queries, rows
):
    """The index and a group's page list models, not records: their queries do not grow."""
    for _ in range(rows):
        factories.FunderFactory()
    client.force_login(coordinator)
    client.get(reverse("admin:index"))  # the session and the rights, as on any page

    with django_assert_num_queries(QUERIES["index"]):
        client.get(reverse("admin:index"))
    with django_assert_num_queries(QUERIES["group"]):
        client.get(reverse("admin:group", kwargs={"group": "funding"}))


def _app_dicts(user, label=None):
    """The app dictionary as Django builds it, and as the site does with its addresses read
    once (vimmerby_intl/admin_site.py, #15)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    djangos = admin.AdminSite._build_app_dict(admin.site, request, label)
    return djangos, admin.site._build_app_dict(request, label)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_app_dictionary_is_djangos_for_every_user(coordinator, language):
    few = get_user_model().objects.create_user("few", "few@example.org", "x", is_staff=True)
    few.user_permissions.add(
        Permission.objects.get(codename="view_project"),
        Permission.objects.get(codename="add_funder"),
    )
    few = get_user_model().objects.get(pk=few.pk)  # the permissions read afresh
    nobody = get_user_model().objects.create_user("nobody", "n@example.org", "x", is_staff=True)
    superuser = get_user_model().objects.create_superuser("super", "s@example.org", "x")

    with translation.override(language):
        for user in (coordinator, few, nobody, superuser):
            for label in (None, "projects", "auth"):
                djangos, ours = _app_dicts(user, label)
                assert ours == djangos
                twice = _app_dicts(user, label)[1]  # the remembered addresses
                assert twice == djangos
        few_apps = _app_dicts(few)[1]
        expected = {
            "Project": (reverse("admin:projects_project_changelist"), None),
            "Funder": (None, reverse("admin:projects_funder_add")),
        }
        assert _app_dicts(nobody)[1] == {}

    models = [model for app in few_apps.values() for model in app["models"]]
    assert {m["object_name"]: (m["admin_url"], m["add_url"]) for m in models} == expected
    assert expected["Project"][0].startswith("/en/admin/" if language == "en" else "/admin/")
