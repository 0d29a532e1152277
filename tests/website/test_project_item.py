"""``{% project_item %}`` writes, byte for byte, what the included template per row wrote (#15).

The reference below is ``includes/_project_item.html`` as it was before the item was written
in Python: the start page, the project list and a place's page show the same HTML, in both
languages, with and without the search's marks, a fallback language, an end, places or a
summary.
"""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from partners.models import Place
from projects import search
from projects.models import Project

REFERENCE = Template(
    "{% load i18n website %}{% for project in projects %}"
    '{% text_lang project "title" as title_lang %}'
    '{% text_lang project "summary" as summary_lang %}\n'
    '<li class="project-item">\n'
    '  <h3 class="project-item__title"><a href="{% detail_url \'website:project-detail\' '
    'project.slug %}"{% if title_lang != LANGUAGE_CODE %} lang="{{ title_lang }}"{% endif %}>'
    '{% search_marked project "title" %}</a></h3>\n'
    '  <p class="project-item__meta">\n'
    '    {{ project|choice:"kind"|capfirst }} · {{ project|choice:"status" }}'
    '{% if project.starts_on %} · {% include "includes/_project_period.html" %}{% endif %}'
    "{% if project.public_places %} · {% for place in project.public_places %}{{ place.name }}"
    "{% if not forloop.last %}, {% endif %}{% endfor %}{% endif %}\n"
    "  </p>\n"
    '  {% if project.summary %}<p class="project-item__summary"{% if summary_lang != '
    'LANGUAGE_CODE %} lang="{{ summary_lang }}"{% endif %}>'
    '{% search_marked project "summary" 40 %}</p>{% endif %}\n'
    "</li>\n"
    "{% endfor %}"
)
TAG = Template(
    "{% load website %}{% for project in projects %}{% project_item project %}{% endfor %}"
)

LONG = " ".join(f"ord{n}" for n in range(60))


def _projects():
    joniskis = Place(name="Joniškis", slug="joniskis")
    ambiguous = Place(name="Kalla & <Varma>", slug="kalla")
    plain = Project(
        slug="skolutbyte-joniskis",
        title_sv="Skolutbyte med Joniškis",
        title_en="School exchange with Joniškis",
        summary_sv="Elever & lärare reser <tillsammans>.",
        summary_en="",
        kind="school_exchange",
        status="planned",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    plain.public_places = [joniskis, ambiguous]
    open_ended = Project(
        slug="vanort-2",
        title_sv="Vänortssamarbete",
        title_en="",
        summary_sv=LONG,
        summary_en=LONG.upper(),
        kind="twin_town",
        status="ongoing",
        starts_on=datetime.date(2020, 1, 1),
    )
    open_ended.public_places = []
    no_dates = Project(slug="ide", title_sv="En idé", kind="other", status="idea")
    # As PostgreSQL's ts_headline marks a search's words (website.queries' search rows).
    marked = Project(
        slug="klimat",
        title_sv="Klimat och miljö",
        summary_sv="Om klimat",
        kind="culture",
        status="completed",
        starts_on=datetime.date(2019, 5, 1),
        ends_on=datetime.date(2019, 5, 2),
    )
    marked.search_title = f"{search.START}Klimat{search.STOP} och miljö"
    marked.search_summary = f"Om {search.START}klimat{search.STOP}"
    return [plain, open_ended, no_dates, marked]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("words", [[], ["klim"], ["jonis", "elev"]])
def test_the_same_html_as_the_included_template(language, words):
    with translation.override(language):
        context = {
            "request": RequestFactory().get("/"),
            "projects": _projects(),
            "LANGUAGE_CODE": language,
            "search_words": words,
        }
        expected = REFERENCE.render(Context(context))
        assert 'lang="sv"' in expected or language == "sv"
        assert TAG.render(Context(context)) == expected


def test_escapes_what_it_writes():
    with translation.override("sv"):
        html = TAG.render(Context({"projects": _projects(), "LANGUAGE_CODE": "sv"}))
    assert "Kalla &amp; &lt;Varma&gt;" in html
    assert "Elever &amp; lärare reser &lt;tillsammans&gt;." in html
    assert "<mark>Klimat</mark> och miljö" in html
    assert "från 2020-01-01\n" in html
