"""``{% select_field %}``'s options of fields of fixed choices, made once for the same choices
and language (#15): what the widget writes, every time, in both languages."""

import pytest
from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from projects.models import Project
from tests.website.conftest import shared_world
from website.filters import ProjectFilter
from website.templatetags import website

SHARED_WORLD = True  # the world written once for the module (tests/website/conftest.py, #15)
pytestmark = [pytest.mark.django_db, shared_world]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("params", [{}, {"kind": "culture"}, {"status": "idea"}])
def test_the_kept_options_are_what_the_widget_writes(world, language, params):
    website._PLAIN_OPTIONS.clear()
    with translation.override(language):
        for _ in range(2):  # made, then kept
            form = ProjectFilter(params or None, queryset=Project.objects.published()).form
            if params:
                assert form.is_valid(), form.errors
            for name in ("kind", "year", "status"):
                field = form[name]
                assert str(website.select_field(field)) == field.as_widget(), name
    assert {key[:2] for key in website._PLAIN_OPTIONS} == {
        (name, language) for name in ("kind", "year", "status")
    }


class _Form(forms.Form):
    choice = forms.ChoiceField(choices=[("a", "A & B"), ("b", gettext_lazy("Type"))])


def test_other_choices_other_options(monkeypatch):
    website._PLAIN_OPTIONS.clear()
    for choices in (
        [("a", "A & B"), ("b", "B")],
        [("a", mark_safe("A &amp; B")), ("b", "B")],  # noqa: S308 (a safe label, the test)
        [("a", "A & B"), ("b", "B"), ("c", "C")],
        [(1, "A & B"), ("b", "B")],
    ):
        for language in ("sv", "en"):
            with translation.override(language):
                form = _Form({"choice": "b"})
                form.fields["choice"].choices = choices
                field = form["choice"]
                assert str(website.select_field(field)) == field.as_widget()
    monkeypatch.setattr(website, "_PLAIN_OPTIONS_MAX", 2)
    for language in ("sv", "en", "sv"):
        with translation.override(language):
            field = _Form({"choice": "a"})["choice"]
            assert str(website.select_field(field)) == field.as_widget()
            assert len(website._PLAIN_OPTIONS) <= 2


def test_the_filters_form_class_is_made_once_for_the_same_years(world):
    """``ProjectFilter.get_form_class``: one class for the same years and language, each
    form with fields of its own; without years given, a class of its own each time."""
    from website import filters

    filters._FORM_CLASSES.clear()
    projects = Project.objects.published()
    culture = ProjectFilter({"kind": "culture"}, queryset=projects, years=[2020, 2021]).form
    wrong = ProjectFilter({"kind": "nothing"}, queryset=projects, years=[2020, 2021]).form
    assert type(culture) is type(wrong)
    assert culture.is_valid() and not wrong.is_valid()
    assert culture.fields["place"] is not wrong.fields["place"]
    assert culture.fields["year"].choices[1:] == [("2020", "2020"), ("2021", "2021")]
    other = ProjectFilter({"year": "2021"}, queryset=projects, years=[2020]).form
    assert type(other) is not type(culture)
    assert not other.is_valid()  # 2021 is not among its years
    with translation.override("en"):
        english = ProjectFilter(None, queryset=projects, years=[2020, 2021]).form
    assert type(english) is not type(culture)
    own = ProjectFilter(None, queryset=projects).get_form_class()
    assert own is not ProjectFilter(None, queryset=projects).get_form_class()
    assert len(filters._FORM_CLASSES) == 3
