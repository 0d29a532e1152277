"""Whole numbers no column holds, in every id and year a request carries (issue #15).

A 20-digit id in a staff form's multiple choice of records (places, objectives, cooperating
bodies) answered 500 on SQLite, as did ``/admin/projects/project/?starts_on__year=`` with 20
digits and the API's ``?limit=``. Each form and list is sent such numbers one field at a
time; none may answer 500 or change a row, and a refusal is in Swedish.
"""

import re

import pytest
from django.contrib import admin
from django.urls import get_resolver, reverse

from tests.fuzz.bad_input import HUGE_NUMBERS, with_huge_numbers
from tests.fuzz.page_forms import MANAGEMENT, PageField, read_form, values_of
from tests.fuzz.records import make
from tests.fuzz.submit import check
from tests.fuzz.test_admin_forms import REGISTERED, _filter_links, _label, _page, _url
from tests.fuzz.test_staff_forms import FORMS, _arrange, _ids

# The first past what SQLite holds (64 bits), and the reported 20 digits.
PAST_64_BITS = ["9223372036854775808", "99999999999999999999"]
TWENTY_DIGITS = [HUGE_NUMBERS[0]]
# Where a multiple choice of records is offered: a select or checkboxes.
MANY = ("select-multiple", "checkbox")
LATER_ROW = re.compile(r"-[1-9]\d*-")
WITH_MANY = [model for model in REGISTERED if model._meta.many_to_many]
API_LISTS = ["places", "relationships", "projects", "objectives", "decisions", "meetings"]


@pytest.mark.parametrize("case", FORMS, ids=_ids)
def test_staff_form_survives_huge_ids(request, fuzz_client, case):
    """Each staff form with one choice or number at a time given a huge number (#15)."""
    name, user_name, record_name = case
    record = _arrange(request, fuzz_client, user_name, record_name)
    url = reverse(f"staff:{name}", args=[record.pk] if record else [])
    fields = read_form(fuzz_client.get(url).content)
    # A formset's further rows and its bookkeeping are read as the first row's are.
    chosen = {
        name: field
        for name, field in fields.items()
        if not LATER_ROW.search(name) and not MANAGEMENT.search(name)
    }

    for sent in with_huge_numbers(chosen, values_of(fields), PAST_64_BITS):
        check(fuzz_client, url, sent, edited=[record] if record else [])


@pytest.mark.parametrize("model", WITH_MANY, ids=_label)
def test_admin_change_form_survives_huge_ids(fuzz_client, coordinator, model):
    """Each change form with a multiple choice of records, one at a time at 20 digits (#15).

    A single choice goes through Django's ``exact``, which always dropped such numbers.
    """
    fuzz_client.force_login(coordinator)
    record = make(model)
    url = _url(model, "change", record.pk)
    fields = _page(fuzz_client, url, f"{model._meta.model_name}_form")

    sent_any = False
    for sent in with_huge_numbers(fields, values_of(fields), TWENTY_DIGITS, MANY):
        check(fuzz_client, url, sent, edited=[record])
        sent_any = True
    assert sent_any, f"{url} offers no multiple choice"


def _date_links(model_admin) -> dict[str, PageField]:
    """The date hierarchy's parameters, whether or not the page shows a link for them."""
    hierarchy = model_admin.date_hierarchy
    if not hierarchy:
        return {}
    names = [f"{hierarchy}__year", f"{hierarchy}__month", f"{hierarchy}__day"]
    return {name: PageField(name, "number", ["1"]) for name in names}


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_admin_changelist_survives_huge_numbers(fuzz_client, coordinator, model):
    """Every changelist's filters and date links with huge numbers (#15)."""
    fuzz_client.force_login(coordinator)
    make(model)
    url = _url(model, "changelist")
    page = fuzz_client.get(url)
    fields = {**_filter_links(page.content), **_date_links(admin.site._registry[model])}
    for sent in with_huge_numbers(fields, {}, TWENTY_DIGITS):
        # A year with a month or day: the admin builds a date from all of them.
        dated = {n: ["1"] for n in fields if n.endswith(("__month", "__day"))}
        for query in (sent, {**dated, **sent}):
            response = check(fuzz_client, url, query, send=fuzz_client.get, errors_expected=False)
            assert response.status_code in (200, 302, 400), f"{url} {query}"


@pytest.mark.parametrize("name", API_LISTS)
@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_api_list_survives_huge_numbers(db, fuzz_client, name, parameter):
    """The open data API's pages with huge limits and offsets (#15)."""
    url = f"/api/v1/{name}/"
    for number in HUGE_NUMBERS:
        response = check(
            fuzz_client, url, {parameter: number}, send=fuzz_client.get, errors_expected=False
        )
        assert response.status_code == 200, f"{url}?{parameter}={number}"


def test_public_project_list_survives_huge_numbers(db, fuzz_client):
    """The public project list's filters with huge years and ids (#15)."""
    url = reverse("website:project-list")
    for name in ("year", "objective", "place", "committee", "page"):
        for number in HUGE_NUMBERS:
            response = check(
                fuzz_client, url, {name: number}, send=fuzz_client.get, errors_expected=False
            )
            assert response.status_code in (200, 400, 404), f"{url}?{name}={number}"


@pytest.mark.parametrize("name", ["report", "report-pdf", "report-xlsx"])
def test_report_year_survives_huge_numbers(fuzz_client, coordinator, name):
    """The yearly report's year and body, as its page, PDF and XLSX take them (#15)."""
    fuzz_client.force_login(coordinator)
    url = reverse(f"followup:{name}")
    for field in ("year", "body"):
        for number in HUGE_NUMBERS:
            query = {"year": "2025", field: number}
            response = check(fuzz_client, url, query, send=fuzz_client.get, errors_expected=False)
            assert response.status_code in (200, 400), f"{url}?{query}"


def _routes(resolver=None, prefix=""):
    """Every route of the site, as its pattern's text, with its converters' names."""
    for pattern in (resolver or get_resolver()).url_patterns:
        text = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            yield from _routes(pattern, text)
        else:
            yield text


# What a route's other parameters are given, so that only the id is out of range.
ROUTE_VALUES = {"slug": "x", "str": "x", "isodate": "2026-01-01", "drf_format_suffix": ".json"}
ROUTE_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes_with_ids():
    """The routes that take a record's id in the path (``int`` or ``path`` converters)."""
    found = []
    for route in _routes():
        if "^" in route or "(?P" in route or "<" not in route:
            continue  # a regular expression's route (the API's suffixes, the admin's catch-all)
        if not any(c in ("int", "path") for c, _n in ROUTE_PARAMETER.findall(route)):
            continue
        found.append(route)
    return sorted(set(found))


def _filled(route, number):
    def value(match):
        converter = match.group(1) or "str"
        return number if converter in ("int", "path") else ROUTE_VALUES.get(converter, "x")

    return "/" + ROUTE_PARAMETER.sub(value, route)


def test_every_id_in_a_path_survives_huge_numbers(fuzz_client, coordinator):
    """Every page with a record's id in its path, given ids no column holds (#15).

    The admin's second-factor key pages answered 500 for any id not in the table, huge ones
    too. A coordinator, who may open the most pages, asks each one.
    """
    fuzz_client.force_login(coordinator)
    routes = _routes_with_ids()
    assert len(routes) > 100  # the admin's pages and the staff, follow-up and public ones
    failed = []
    for route in routes:
        # 20 digits: past what SQLite and PostgreSQL hold; one number keeps the case short.
        url = _filled(route, TWENTY_DIGITS[0])
        if fuzz_client.get(url).status_code >= 500:
            failed.append(url)
    assert failed == []
