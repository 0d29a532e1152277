"""The project's admin site as a whole: every registered model (ours and the sign-in
records of django-axes and django-otp), its pages answer the coordinator, its lists don't query
per row, and the admin speaks Swedish by default and English under /en/ (vimmerby_intl/urls.py)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst
from modeltranslation.admin import TranslationAdmin
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin

from tests.admin_forms import admin_url
from tests.admin_records import make

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
DOMAIN_APPS = ("governance", "partners", "network", "projects")
DOMAIN_MODELS = [m for m in REGISTERED if m._meta.app_label in DOMAIN_APPS]
# django-axes records sign-in attempts itself; its admin lists them and lifts locks, never adds.
SYSTEM_RECORDED = [m for m in REGISTERED if m._meta.app_label == "axes"]
ADDABLE = [m for m in REGISTERED if m not in SYSTEM_RECORDED]


def _label(model):
    return model._meta.label


def test_registered_domain_models_are_those_of_the_issue():
    labels = sorted(_label(model) for model in DOMAIN_MODELS)

    assert labels == sorted(
        [
            "governance.Body",
            "governance.Person",
            "governance.Membership",
            "governance.Meeting",
            "governance.Decision",
            "governance.PublicContact",
            "partners.Place",
            "partners.Relationship",
            "partners.StatusChange",
            "partners.Chain",
            "partners.NordicMeeting",
            "partners.Agreement",
            "partners.ContactAbroad",
            "partners.Visit",
            "network.Strategy",
            "network.Objective",
            "network.Revision",
            "projects.Project",
            "projects.ParticipantCount",
            "projects.ProjectCost",
            "projects.Funder",
            "projects.Programme",
            "projects.Call",
            "projects.FundingCheck",
            "projects.ReportObligation",
            "projects.Application",
            "projects.SteeringGroup",
            "projects.SteeringGroupMember",
            "projects.CaseDocument",
        ]
    )


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=_label)
def test_domain_admin_keeps_history(model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=_label)
def test_domain_admin_edits_translations_where_the_model_has_them(model):
    translated = model in translator.get_registered_models()

    assert isinstance(admin.site._registry[model], TranslationAdmin) == translated


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_changelist_answers_coordinator(client, coordinator, model):
    make(model)
    client.force_login(coordinator)

    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count() >= 1
    assert escape(str(capfirst(model._meta.verbose_name_plural))) in response.content.decode()


@pytest.mark.parametrize("model", ADDABLE, ids=_label)
def test_add_page_answers_coordinator(client, coordinator, model):
    client.force_login(coordinator)

    response = client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert response.context["add"] is True
    assert escape(str(model._meta.verbose_name)) in response.content.decode()


@pytest.mark.parametrize("model", SYSTEM_RECORDED, ids=_label)
def test_sign_in_records_cannot_be_made_up_in_the_admin(client, coordinator, model):
    client.force_login(coordinator)

    response = client.get(admin_url(model, "add"))

    assert response.status_code == 403
    assert "403 Forbidden" in response.content.decode()


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_change_page_answers_coordinator(client, coordinator, model):
    record = make(model)
    client.force_login(coordinator)

    response = client.get(admin_url(model, "change", record.pk))

    assert response.status_code == 200
    assert response.context["original"] == record


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_history_page_answers_coordinator(client, coordinator, model):
    record = make(model)
    client.force_login(coordinator)

    response = client.get(admin_url(model, "history", record.pk))

    assert response.status_code == 200
    assert response.context["object"] == record
    assert escape(str(record)) in response.content.decode()


@pytest.mark.parametrize("view", ["changelist", "add", "change", "history"])
@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_anonymous_is_sent_to_login(client, db, model, view):
    record = make(model)
    url = (
        admin_url(model, view)
        if view in ("changelist", "add")
        else admin_url(model, view, record.pk)
    )

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_changelist_queries_do_not_grow_with_rows(client, coordinator, model):
    make(model)
    client.force_login(coordinator)
    url = admin_url(model, "changelist")
    client.get(url)  # warms the caches (content types, session) that a later request reuses
    with CaptureQueriesContext(connection) as with_one:
        one = client.get(url)
    for _ in range(4):
        make(model)

    with CaptureQueriesContext(connection) as with_five:
        five = client.get(url)

    assert five.context["cl"].result_count >= one.context["cl"].result_count + 4
    assert len(with_five) == len(with_one)


def test_admin_is_swedish_by_default_and_english_under_en(client, coordinator):
    client.force_login(coordinator)

    swedish = client.get("/admin/")
    english = client.get("/en/admin/")

    assert (swedish.status_code, english.status_code) == (200, 200)
    assert '<html lang="sv"' in swedish.content.decode()
    assert '<html lang="en"' in english.content.decode()
