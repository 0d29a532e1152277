"""The staff lists' filter selects written in Python (``staff.filters.PlainSelect``, #15): the
same HTML as Django's ``Select`` and its templates, for every filter and for the cases its
templates tell apart (a chosen value, groups, attributes true and false, text to escape)."""

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import translation

from governance.models import Meeting
from projects.models import Application, Project
from staff.filters import ApplicationFilter, MeetingFilter, PlainSelect, ProjectFilter
from tests import factories

CHOICES = [
    ("", "---------"),
    ("a&b", 'Tom & "Jerry" <b>'),
    ("Group <1>", [("x", "Ex"), (2, "Two"), ("y", "Why")]),
    (3, 3000),
]


@pytest.mark.parametrize("value", [None, "", "a&b", "2", 3, "missing"])
@pytest.mark.parametrize(
    "attrs",
    [None, {"class": "form-select", "aria-invalid": "true", "required": True, "hidden": False}],
)
def test_the_select_writes_what_django_writes(value, attrs):
    ours = PlainSelect(choices=CHOICES).render("field", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("field", value, attrs=attrs)

    assert ours == django


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "data",
    [None, {"status": "draft", "kind": "nonsense", "body": "1", "year": "x", "q": "<b>"}],
)
@pytest.mark.parametrize(
    ("filterset", "model"),
    [(ApplicationFilter, Application), (ProjectFilter, Project), (MeetingFilter, Meeting)],
)
def test_each_filter_form_is_written_as_before(filterset, model, data, language):
    factories.BodyFactory(short_name="B<&>", slug="b-escaped", kind="committee")
    request = RequestFactory().get("/")
    request.rights = type("Rights", (), {"is_coordinator": True, "meeting_body_pks": []})()
    with translation.override(language):
        form = filterset(data, queryset=model.objects.all(), request=request).form
        ours = [str(field) for field in form]
        for field in form.fields.values():
            if isinstance(field.widget, PlainSelect):
                field.widget.__class__ = forms.Select
        django = [str(field) for field in form]

    assert any("<option" in html for html in ours)
    assert ours == django
