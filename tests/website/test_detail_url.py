"""``{% detail_url %}`` writes exactly what ``{% url %}`` does for a list's rows (#15)."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

TEMPLATE = Template(
    "{% load website %}{% for slug in slugs %}{% detail_url name slug %}|{% endfor %}"
)
SLUGS = ["skolutbyte-joniskis", "a_b-1", "x0slugmarker0y", "2024"]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", ["website:project-detail", "website:place-detail"])
def test_the_same_address_as_reverse(language, name):
    with translation.override(language):
        expected = "".join(reverse(name, args=[slug]) + "|" for slug in SLUGS)
        request = RequestFactory().get("/")
        context = {"request": request, "slugs": SLUGS, "name": name}
        assert TEMPLATE.render(Context(context)) == expected
        # Without a request the tag reverses each address itself.
        assert TEMPLATE.render(Context({"slugs": SLUGS, "name": name})) == expected


def test_one_request_in_two_languages():
    request = RequestFactory().get("/")
    context = {"request": request, "slugs": ["a"], "name": "website:project-detail"}
    for language in ("sv", "en", "sv"):
        with translation.override(language):
            expected = reverse("website:project-detail", args=["a"]) + "|"
            assert TEMPLATE.render(Context(context)) == expected
