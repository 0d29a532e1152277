"""The admin list's rows worked out once per list (governance/admin_rows.py, #15) are
Django's own, cell for cell: for every admin of the site, in both languages, with a filter
kept in the change links, with texts that need escaping, empty values and both booleans. The
side bar's list of pages written in Python (``{% nav_app_list %}``) is Django's template's, and
so is each list filter's box (``{% filter_choices %}``, templates/admin/filter.html), and each
list's actions form (``governance.renderer``); the lists' links, their addresses
worked out once (``governance.admin.QueryStrings``), are Django's."""

import datetime
from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import admin_list_filter, items_for_result
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from governance import admin_rows
from governance.renderer import FormRenderer
from projects.models import Project, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    body = factories.BodyFactory(
        name="Barn- & utbildningsnämnden", short_name="B<U>N", slug="bun-rows"
    )
    factories.ProjectFactory(
        title='Skola <b>"Vimmerby"</b> & Lüneburg',
        responsible_body=body,
        school="   ",
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2025, 3, 1),
    )
    published = factories.ProjectFactory(title="Vänort", starts_on=datetime.date(2024, 5, 6))
    Project.objects.filter(pk=published.pk).update(published=True)
    factories.ApplicationFactory(title="Ansökan <1>")
    factories.FunderFactory(name="EU & co", url="https://example.org/?a=1&b=2")
    factories.FunderFactory(name="Utan adress", url="")
    factories.CaseDocumentFactory(title="Plan <x>")
    factories.PlaceFactory()


def _request(path, query=None):
    user = get_user_model().objects.create_superuser("rows", "rows@example.org", "x")
    request = RequestFactory().get(path, query or {})
    request.user = user
    request.resolver_match = resolve(path)
    request.session = {}
    return request


def _changelist(model_admin, query=None):
    opts = model_admin.model._meta
    path = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    changelist = model_admin.get_changelist_instance(_request(path, query))
    changelist.formset = None
    return changelist


def _rows_match(changelist):
    django_rows = [
        "".join(items_for_result(changelist, row, None)) for row in changelist.result_list
    ]
    ours = ["".join(row) for row in admin_rows.results(changelist)]
    assert ours == django_rows
    return len(ours)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_admin_list_has_djangos_rows(records, language):
    shown = 0
    with translation.override(language):
        for model_admin in admin.site._registry.values():
            get_user_model().objects.filter(username="rows").delete()
            shown += _rows_match(_changelist(model_admin))
    assert shown >= 8  # the records above, and the users and bodies they made


def test_the_project_list_keeps_its_filter_in_the_change_links(records):
    model_admin = admin.site._registry[Project]
    changelist = _changelist(model_admin, {"status__exact": ProjectStatus.PLANNED})

    assert _rows_match(changelist) == 1
    row = "".join(next(admin_rows.results(changelist)))
    assert "_changelist_filters=status__exact%3Dplanned" in row
    assert "Skola &lt;b&gt;&quot;Vimmerby&quot;&lt;/b&gt; &amp; Lüneburg" in row


def _side_bars(user, path):
    """The side bar's list of pages as Django's template writes it, and as ours does."""
    request = RequestFactory().get(path)
    request.user = user
    apps = admin.site.get_app_list(request)
    context = {"available_apps": apps, "request": request}
    djangos = render_to_string(
        "admin/app_list.html", {**context, "app_list": apps, "show_changelinks": False}
    )
    ours = engines["django"].from_string("{% load admin_rows %}{% nav_app_list %}").render(context)
    return djangos, ours


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "path", ["/admin/projects/project/", "/admin/projects/project/1/change/", "/admin/"]
)
def test_the_side_bar_is_djangos(db, language, path):
    user = get_user_model().objects.create_superuser("bar", "bar@example.org", "x")

    with translation.override(language):
        djangos, ours = _side_bars(user, path)

    assert ours == djangos
    assert "current-model" in ours or path == "/admin/" or language == "en"


def test_the_side_bar_of_a_user_who_may_see_one_list_or_none(db):
    user = get_user_model().objects.create_user("few", "few@example.org", "x", is_staff=True)
    nothing = _side_bars(user, "/admin/")
    user.user_permissions.add(Permission.objects.get(codename="view_project"))
    user = get_user_model().objects.get(pk=user.pk)  # the permissions read afresh
    one = _side_bars(user, "/admin/projects/project/")

    assert nothing[1] == nothing[0]
    assert "<p>" in nothing[1] and "<table>" not in nothing[1]
    assert one[1] == one[0]
    assert "/admin/projects/project/" in one[1]
    assert "addlink" not in one[1]


DJANGOS_FILTER = Path(django.__file__).parent / "contrib/admin/templates/admin/filter.html"


def _filters_match(changelist):
    """Each of the list's filter boxes, as Django's own ``admin/filter.html`` writes it and as
    the site's (templates/admin/filter.html) does; the number of boxes compared."""
    djangos_template = engines["django"].from_string(DJANGOS_FILTER.read_text())
    for spec in changelist.filter_specs:
        context = {"title": spec.title, "choices": list(spec.choices(changelist)), "spec": spec}
        assert admin_list_filter(changelist, spec) == djangos_template.render(context)
    return len(changelist.filter_specs)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_admin_lists_filters_as_djangos_template(records, language):
    boxes = 0
    with translation.override(language):
        for model_admin in admin.site._registry.values():
            get_user_model().objects.filter(username="rows").delete()
            boxes += _filters_match(_changelist(model_admin))
    assert boxes >= 20


@pytest.mark.parametrize(
    "query",
    [{"status__exact": ProjectStatus.PLANNED}, {"_facets": "1", "published__exact": "1"}],
)
def test_the_project_filters_chosen_or_counted_are_djangos(records, query):
    changelist = _changelist(admin.site._registry[Project], query)

    assert _filters_match(changelist) == 5
    boxes = "".join(admin_list_filter(changelist, spec) for spec in changelist.filter_specs)
    assert 'class="selected"' in boxes
    assert "Barn- &amp; utbildningsnämnden" in boxes


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "query", [{}, {"o": "4"}, {"status__exact": ProjectStatus.PLANNED, "o": "2.-1"}]
)
def test_the_project_lists_table_is_djangos(records, language, query):
    """``{% result_list_rows %}`` (its column headers and rows written in Python, templates/
    admin/change_list_rows.html) writes Django's ``{% result_list %}`` table, character for
    character: unsorted, sorted by one column, by two (each column's priority shown)."""
    changelist = _changelist(admin.site._registry[Project], query)
    context = {"cl": changelist, "opts": changelist.opts}
    django_engine = engines["django"]
    with translation.override(language):
        djangos = django_engine.from_string("{% load admin_list %}{% result_list cl %}")
        ours = django_engine.from_string("{% load admin_rows %}{% result_list_rows cl %}")
        djangos, ours = djangos.render(context), ours.render(context)

    assert ours == djangos
    assert ours.count("<tr>") == 1 + len(changelist.result_list) > 1


def _action_forms(model_admin, request, data=None):
    """The list's actions form as the site writes it (``governance.renderer``) and as
    Django's renderer does."""
    ours = model_admin.action_form(data, auto_id=None)
    djangos = model_admin.action_form(data, auto_id=None, renderer=DjangoTemplates())
    for form in (ours, djangos):
        form.fields["action"].choices = model_admin.get_action_choices(request)
    return ours, djangos


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("data", [None, {"action": "delete_selected", "select_across": "1"}])
def test_every_admin_lists_actions_form_is_djangos(db, language, data):
    """The actions' select and hidden input written in Python (``governance.renderer``) are
    the widgets' templates' HTML, chosen action or none."""
    request = _request("/admin/")
    compared = 0
    with translation.override(language):
        for model_admin in admin.site._registry.values():
            ours, djangos = _action_forms(model_admin, request, data)
            assert isinstance(ours.renderer, FormRenderer)
            assert [str(field) for field in ours] == [str(field) for field in djangos]
            compared += 1
    assert compared >= 20


def test_an_actions_form_with_groups_and_text_to_escape_is_djangos(db):
    choices = [
        ("", "---------"),
        ("Grupp <1>", [("a&b", 'Publicera "allt" & <mer>'), ("c", "Ta bort")]),
        ("d", "Vänta"),
    ]
    model_admin = admin.site._registry[Project]
    ours, djangos = _action_forms(model_admin, _request("/admin/"), {"action": "a&b"})
    for form in (ours, djangos):
        form.fields["action"].choices = choices

    written = [str(field) for field in ours]
    assert written == [str(field) for field in djangos]
    assert 'value="a&amp;b" selected>Publicera &quot;allt&quot; &amp; &lt;mer&gt;' in written[0]
    assert '<optgroup label="Grupp &lt;1&gt;">' in written[0]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status__exact": ProjectStatus.PLANNED, "o": "2.-1", "q": "Vimmerby & Lüneburg"},
        {"kind__exact": "zq86420975a", "starts_on__year": "2025", "_facets": "1"},
    ],
)
def test_the_lists_links_are_djangos(records, query):
    """Each link's address worked out once per set of keys (``QueryStrings``) is Django's
    ``get_query_string``'s, whatever the values and the list's own filters, asked twice."""
    changelist = _changelist(admin.site._registry[Project], query)
    asked = [
        ({"p": 3}, None),
        ({"p": 12}, None),
        ({"all": ""}, None),
        ({"o": "2.-1.3"}, None),
        ({"o": "-4"}, []),
        ({"status__exact": "ongoing"}, ["status__isnull"]),
        ({"status__exact": "plan ned&x=1"}, ["status__isnull"]),
        ({"responsible_body__id__exact": 7}, ["responsible_body__isnull"]),
        ({"published__exact": True}, None),
        ({"kind__exact": "zq86420975b"}, None),
        ({"kind__exact": "Lüneburg"}, None),
        ({"starts_on__year": "2024", "starts_on__month": "5"}, ["starts_on__day"]),
        ({"starts_on__year": None}, ["starts_on__"]),
        ({"q": ["a", "b"]}, None),
        ({}, ["status"]),
        ({"a": "1", "b": "2", "c": "3", "d": "4"}, None),
    ]
    for _twice in range(2):
        for new_params, remove in asked:
            djangos = ChangeList.get_query_string(changelist, new_params, remove)
            assert changelist.get_query_string(new_params, remove) == djangos
    assert "p=3" in changelist.get_query_string({"p": 3})[1:].split("&")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_project_lists_body_filter_offers_djangos_choices_read_afresh(records, language):
    """The responsible body's filter (``RelatedChoicesFilter``, its query compiled once per
    process) offers what Django's ``get_choices`` gives, and a body added since is offered."""
    model_admin = admin.site._registry[Project]
    field = Project._meta.get_field("responsible_body")

    def offered():
        changelist = _changelist(model_admin)
        get_user_model().objects.filter(username="rows").delete()
        spec = next(s for s in changelist.filter_specs if s.field_path == "responsible_body")
        ordering = spec.field_admin_ordering(field, None, model_admin)
        return spec.lookup_choices, field.get_choices(include_blank=False, ordering=ordering)

    with translation.override(language):
        ours, djangos = offered()
        assert ours == djangos and len(ours) >= 2
        factories.BodyFactory(name="Ny nämnd & co", short_name="NN", slug="ny-namnd")
        ours, djangos = offered()
    assert ours == djangos
    assert any(label.startswith("Ny nämnd & co") for _pk, label in ours)
