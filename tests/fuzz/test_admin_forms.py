"""Bad input to every form of the admin: add, change, actions, decision and password pages.

Issue #6 (reliability): no answer is a 500 and nothing is half-saved. The rules the admin
shows are the models' (S1-S22); here only their refusal is checked: a clear message in the
user's language (Swedish), no row changed, or, when the input was good enough, a saved
record that passes ``full_clean()``.
"""

import re
from urllib.parse import parse_qsl

import lxml.html
import pytest
from django.contrib import admin
from django.urls import reverse

from tests.fuzz.bad_input import with_extreme_dates
from tests.fuzz.page_forms import MANAGEMENT, PageField, read_form, values_of
from tests.fuzz.records import make
from tests.fuzz.submit import check, fuzz_form

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
INLINE_ROW = re.compile(r"-\d+-")


def _label(model):
    return model._meta.label


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _page(client, url, form_id=None):
    """The page's form; no fields where the admin offers no such page (403: read-only)."""
    response = client.get(url)
    assert response.status_code in (200, 403), f"{url} answers {response.status_code}"
    return read_form(response.content, form_id) if response.status_code == 200 else {}


def _filter_links(html: bytes) -> dict[str, PageField]:
    """The parameters of the changelist's filter and date links (``kind__exact`` ...)."""
    fields = {}
    for href in lxml.html.fromstring(html.decode()).xpath("//a[starts-with(@href, '?')]/@href"):
        for name, value in parse_qsl(href[1:]):
            fields.setdefault(name, PageField(name, "text", [value]))
    return fields


def _add_baseline(add_fields, change_fields):
    """The add form filled in with an existing record's values, inline rows left empty."""
    data = values_of(add_fields)
    for name, field in change_fields.items():
        if name in add_fields and not INLINE_ROW.search(name) and not MANAGEMENT.search(name):
            data[name] = list(field.values)
            if not field.values:
                data.pop(name, None)
    return data


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_admin_add_form_survives_bad_input(fuzz_client, coordinator, model):
    """Every registered model's add form (issue #6; the rules are S1-S22's)."""
    fuzz_client.force_login(coordinator)
    record = make(model)
    form_id = f"{model._meta.model_name}_form"
    fields = _page(fuzz_client, _url(model, "add"), form_id)
    baseline = _add_baseline(fields, _page(fuzz_client, _url(model, "change", record.pk), form_id))

    fuzz_form(fuzz_client, _url(model, "add"), fields, baseline)


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_admin_change_form_survives_bad_input(fuzz_client, coordinator, model):
    """Every registered model's change form, one valid record tampered with (issue #6)."""
    fuzz_client.force_login(coordinator)
    record = make(model)
    url = _url(model, "change", record.pk)
    fields = _page(fuzz_client, url, f"{model._meta.model_name}_form")

    fuzz_form(fuzz_client, url, fields, values_of(fields), edited=[record])


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_admin_action_form_survives_bad_input(fuzz_client, coordinator, model):
    """The changelist's action form: unknown actions, ids that are not ids (issue #6)."""
    fuzz_client.force_login(coordinator)
    record = make(model)
    url = _url(model, "changelist")
    fields = _page(fuzz_client, url, "changelist-form")
    baseline = {**values_of(fields), "_selected_action": [str(record.pk)], "index": ["0"]}
    actions = [a for a in fields["action"].options if a] if "action" in fields else []
    baseline["action"] = actions[:1]

    fuzz_form(
        fuzz_client, url, fields, baseline, edited=[record], examples=5, errors_expected=False
    )


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_admin_change_form_survives_extreme_dates(fuzz_client, coordinator, model):
    """Every date of every change form at 0001-01-01 and 9999-12-31 (issue #6)."""
    fuzz_client.force_login(coordinator)
    record = make(model)
    url = _url(model, "change", record.pk)
    fields = _page(fuzz_client, url, f"{model._meta.model_name}_form")

    for sent in with_extreme_dates(fields, values_of(fields)):
        check(fuzz_client, url, sent, edited=[record])


def test_admin_record_decision_form_survives_bad_input(fuzz_client, coordinator, submitted):
    """The admin's own page for an application's decision (S8, issue #6)."""
    fuzz_client.force_login(coordinator)
    url = reverse("admin:projects_application_record_decision", args=[submitted.pk])
    fields = _page(fuzz_client, url)
    baseline = {**values_of(fields), "meeting_date": ["2026-03-10"], "paragraph": ["41"]}

    fuzz_form(fuzz_client, url, fields, baseline, edited=[submitted])
    for sent in with_extreme_dates(fields, baseline):
        check(fuzz_client, url, sent, edited=[submitted])


def test_admin_password_form_survives_bad_input(fuzz_client, coordinator, contributor):
    """The admin's password change for another account (issue #6)."""
    fuzz_client.force_login(coordinator)
    url = reverse("admin:auth_user_password_change", args=[contributor.pk])
    fields = _page(fuzz_client, url)

    fuzz_form(fuzz_client, url, fields, values_of(fields), edited=[contributor])


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_admin_changelist_search_survives_bad_input(fuzz_client, coordinator, model):
    """The changelist's search box and filters, as a query string (issue #6)."""
    fuzz_client.force_login(coordinator)
    make(model)
    url = _url(model, "changelist")
    page = fuzz_client.get(url)
    fields = {"q": PageField("q", "text", ["Vimmerby"]), **_filter_links(page.content)}
    baseline = {"q": ["Vimmerby"]}

    fuzz_form(fuzz_client, url, fields, baseline, method="get", examples=6, errors_expected=False)


def test_admin_autocomplete_survives_bad_input(fuzz_client, coordinator, submitted):
    """The autocomplete lookups behind the admin's choice fields (issue #6)."""
    fuzz_client.force_login(coordinator)
    url = reverse("admin:autocomplete")
    fields = {
        "term": PageField("term", "text", ["Sko"]),
        "app_label": PageField("app_label", "text", ["projects"]),
        "model_name": PageField("model_name", "text", ["application"]),
        "field_name": PageField("field_name", "text", ["project"]),
        "page": PageField("page", "number", ["1"]),
    }

    fuzz_form(fuzz_client, url, fields, values_of(fields), method="get", errors_expected=False)
