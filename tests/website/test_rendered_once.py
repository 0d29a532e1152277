"""``{% rendered_once %}``: the base template's header, navigation and footer links are
rendered once per language and key, the same bytes as rendered anew (#15)."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.template.engine import Engine
from django.test import RequestFactory
from django.utils import translation

ENGINE = Engine.get_default()
NAV = ENGINE.get_template("includes/_nav.html")
SECTIONS = ["home", "places", "projects", "decisions", "contact", ""]


def _anew(source: str) -> Template:
    """The same template with the tag's key words left out: rendered anew every time."""
    return Template(
        source.replace("{% rendered_once section %}", "").replace("{% endrendered_once %}", ""),
        engine=ENGINE,
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_navigation_is_the_same_as_rendered_anew(language):
    with open(NAV.origin.name, encoding="utf-8") as source:
        anew = _anew(source.read())
    request = RequestFactory().get("/")
    with translation.override(language):
        for section in [*SECTIONS, *SECTIONS]:  # twice: the second time from the memo
            context = {"request": request, "section": section}
            assert NAV.render(Context(context)) == anew.render(Context(context))


def test_one_version_per_language_and_value():
    template = Template(
        "{% load i18n website %}{% rendered_once section %}"
        "{% translate 'Home' context 'public site' %} {{ section }}{% endrendered_once %}"
    )
    seen = set()
    for language in ("sv", "en", "sv"):
        with translation.override(language):
            for section in ("home", "places", "home"):
                seen.add((language, template.render(Context({"section": section}))))
    assert seen == {
        ("sv", "Start home"),
        ("sv", "Start places"),
        ("en", "Home home"),
        ("en", "Home places"),
    }


def test_the_part_sees_only_the_named_values():
    template = Template(
        "{% load website %}{% rendered_once section %}"
        "[{{ section }}|{{ other }}]{% endrendered_once %}"
    )
    assert template.render(Context({"section": "a", "other": "secret"})) == "[a|]"
    # The first rendering is kept; what the key leaves out cannot change it.
    assert template.render(Context({"section": "a", "other": "changed"})) == "[a|]"


def test_a_value_not_a_name_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load website %}{% rendered_once 'home' %}x{% endrendered_once %}")
