"""The site's form renderer (``governance.renderer``, #15) writes Django's HTML, character
for character: every admin add and change page, with a form sent back with errors, and the
staff pages' forms, rendered with it and with Django's own renderer, are the same page; and
each template it writes, alone, with texts to escape, safe texts, lazy texts and values that
are not text."""

import datetime
import re

import pytest
from django import forms
from django.contrib import admin
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from governance import renderer
from governance.renderer import FormRenderer
from projects.models import ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db

DJANGOS = "django.forms.renderers.DjangoTemplates"
OURS = "governance.renderer.FormRenderer"
# A page's CSRF token is masked anew for every response.
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+"|("csrfToken": ")[^"]+"')


# A page that is new every time: a second factor's new key, chosen at random.
RANDOM = {
    "/admin/otp_totp/totpdevice/add/": re.compile(rb'name="(?:initial-)?key" value="[0-9a-f]+"')
}


def _masked(content: bytes) -> bytes:
    return _TOKEN.sub(lambda m: (m.group(1) or m.group(2)) + b'?"', content)


def _both(client, settings, method, path, data=None):
    """The page as the site's renderer writes it and as Django's does."""
    pages = []
    for chosen in (OURS, DJANGOS):
        settings.FORM_RENDERER = chosen
        response = getattr(client, method)(path, data or {})
        assert response.status_code in (200, 400), (path, response.status_code)
        pages.append(_masked(response.content))
    return pages


@pytest.fixture
def records():
    body = factories.BodyFactory(
        name="Barn- & utbildningsnämnden", short_name="B<U>N", slug="bun-renderer"
    )
    project = factories.ProjectFactory(
        title='Skola <b>"Vimmerby"</b> & Lüneburg',
        responsible_body=body,
        summary="Rad ett\n<rad två> & mer",
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2025, 3, 1),
    )
    factories.ApplicationFactory(title="Ansökan <1>", project=project)
    factories.PlaceFactory(name="Lüneburg <&>")
    factories.FunderFactory(name="EU & co", url="https://example.org/?a=1&b=2")
    return project


def test_every_admin_add_and_change_page_is_djangos(client, settings, coordinator, records):
    client.force_login(coordinator)
    compared = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        request = _request_of(coordinator)
        if not model_admin.has_view_permission(request):
            continue
        paths = []
        if model_admin.has_add_permission(request):
            paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            paths.append(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            )
        for path in paths:
            ours, djangos = _both(client, settings, "get", path)
            if path in RANDOM:
                djangos = RANDOM[path].sub(b"?", djangos)
                ours = RANDOM[path].sub(b"?", ours)
            assert ours == djangos, path
            compared += 1
    assert compared >= 40


def _request_of(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_an_admin_form_sent_back_with_errors_is_djangos(client, settings, coordinator, records):
    client.force_login(coordinator)
    path = reverse("admin:projects_project_change", args=[records.pk])
    data = {"title": "", "summary": "<b>&amp; fet</b>", "starts_on": "32.13.2025", "kind": "x"}

    ours, djangos = _both(client, settings, "post", path, data)

    assert ours == djangos
    assert b'class="errorlist' in ours


@pytest.mark.parametrize(
    "name, args",
    [
        ("staff:project-create", []),
        ("staff:project-update", ["project"]),
        ("staff:application-create", []),
        ("staff:visit-create", []),
        ("staff:meeting-create", []),
        ("staff:project-list", []),
    ],
)
def test_the_staff_pages_forms_are_djangos(client, settings, coordinator, records, name, args):
    client.force_login(coordinator)
    path = reverse(name, args=[records.pk for _arg in args])

    ours, djangos = _both(client, settings, "get", path)

    assert ours == djangos
    assert b"<input" in ours


def test_a_form_sent_back_to_a_staff_page_is_djangos(client, settings, coordinator, records):
    client.force_login(coordinator)
    path = reverse("staff:project-update", args=[records.pk])

    ours, djangos = _both(client, settings, "post", path, {"title": "<&>", "starts_on": "x"})

    assert ours == djangos


class _Everything(forms.Form):
    text = forms.CharField(
        initial=mark_safe("<b>safe</b>"),
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Search"), "data-n": 3}),
    )
    number = forms.IntegerField(initial=12345)
    email = forms.EmailField(initial='a"b@example.org', required=False)
    day = forms.DateField(initial=datetime.date(2025, 3, 1), widget=forms.DateInput)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="<&>")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x&y")
    yes = forms.BooleanField(initial=True)
    no = forms.BooleanField(required=False)
    body = forms.CharField(widget=forms.Textarea, initial="\nrad <1>\n")
    empty_body = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(
        choices=[
            ("", "---------"),
            ("Grupp <1>", [("a&b", 'Publicera "allt"'), (2, gettext_lazy("Two"))]),
            (None, "Ingen"),
        ],
        initial="a&b",
    )
    many = forms.MultipleChoiceField(choices=[(1, "Ett"), (2, "Två <2>")], initial=[1, 2])
    maybe = forms.NullBooleanField()
    date_parts = forms.DateField(widget=forms.SelectDateWidget, required=False)
    kinds = forms.MultipleChoiceField(
        choices=[(1, "Ett")], widget=forms.CheckboxSelectMultiple, required=False
    )
    upload = forms.FileField(required=False)


@pytest.mark.parametrize("bound", [False, True])
def test_each_written_template_is_djangos_whatever_its_values(bound):
    data = {"text": "<i>", "number": "1.5", "choice": "zz", "many": ["1"], "body": ""}
    ours = _Everything(data if bound else None, renderer=FormRenderer())
    djangos = _Everything(data if bound else None, renderer=DjangoTemplates())

    for mine, theirs in zip(ours, djangos, strict=True):
        assert str(mine) == str(theirs), mine.name
        assert mine.label_tag() == theirs.label_tag(), mine.name
        assert mine.label_tag(attrs={"class": "x<"}, label_suffix="") == theirs.label_tag(
            attrs={"class": "x<"}, label_suffix=""
        )
        assert mine.legend_tag() == theirs.legend_tag()
        assert str(mine.errors) == str(theirs.errors), mine.name
    assert str(ours) == str(djangos)
    assert ours.as_p() == djangos.as_p()


def test_a_template_an_app_overrides_is_left_to_the_engine(monkeypatch):
    ours = FormRenderer()
    monkeypatch.setattr(renderer, "_DJANGOS", renderer._DJANGOS / "elsewhere")

    assert not ours._is_djangos("django/forms/widgets/text.html")
    assert str(forms.CharField().widget.render("q", "<&>", renderer=ours)) == (
        '<input type="text" name="q" value="&lt;&amp;&gt;">'
    )


def test_the_site_renders_its_forms_with_it_and_the_plain_templates_are_not_loaded(
    monkeypatch,
):
    form = _Everything()
    assert isinstance(form.renderer, FormRenderer)
    form.renderer._is_djangos("django/forms/widgets/text.html")  # found once, before
    for name in renderer.WRITTEN:
        form.renderer._is_djangos(name)

    def loaded(*args, **kwargs):
        raise AssertionError("a template was rendered")

    monkeypatch.setattr(DjangoTemplates, "render", loaded)
    for name in ("text", "number", "hidden", "yes", "body", "choice", "many", "maybe"):
        assert str(form[name]).startswith(("<input", "<textarea", "<select"))
        assert form[name].label_tag().startswith("<label")
        assert str(form[name].errors) == ""
