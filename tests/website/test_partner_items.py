"""The start page's partner list and the map read their places as values (#15, S19).

``{% partner_items %}`` writes, byte for byte, what the start page's loop wrote (an included
``_relationship_period.html`` per relationship, the country's name per place), in both
languages, for places as model instances and as ``website.queries.map_places`` reads them.
``map_places`` gives the same places, relationships and texts (a fallback language
included) as the prefetch it replaced, in one query whatever their number.
"""

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from partners.models import Place, Relationship
from tests import factories
from website import queries

# The start page's loop as it was (templates/website/home.html before #15's change).
REFERENCE = Template(
    "{% load i18n website %}{% for place in places %}\n"
    "        <li>\n"
    "          <a href=\"{% detail_url 'website:place-detail' place.slug %}\">"
    "{{ place.display_name }}</a>, {{ place.country.name }}\n"
    "          {% for relationship in place.public_relationships %}\n"
    '          <span class="partner-list__relationship">'
    '{{ relationship|choice:"kind"|capfirst }}, '
    '{% include "includes/_relationship_period.html" %}'
    '{% if not relationship.is_active %} ({{ relationship|choice:"status" }}){% endif %}'
    "</span>\n"
    "          {% endfor %}\n"
    "        </li>\n"
    "        {% endfor %}"
)
TAG = Template("{% load website %}{% partner_items places %}")

D = datetime.date
# (kind, status, started_on, start_precision, start_note_sv, start_note_en, ended_on)
RELATIONSHIPS = [
    ("twin_town", "active", D(1994, 5, 1), "year", "", "", None),
    ("partnership", "ended", D(2001, 3, 2), "day", "", "", D(2010, 6, 30)),
    ("informal_contact", "dormant", D(2007, 3, 1), "month", "", "", None),
    ("partnership", "ended", D(1945, 1, 1), "approximate", "ca 1945 & <efter>", "", D(1950, 1, 1)),
    ("informal_contact", "informal", D(1960, 1, 1), "approximate", "", "about 1960", None),
    ("twin_town", "ended", None, "unknown", "", "", D(1999, 12, 31)),
    ("partnership", "proposed", None, "unknown", "", "", None),
    ("twin_town", "active", D(2020, 1, 15), "day", "", "", None),
]


def _instances():
    """Places as model instances, as the prefetch of ``places_for_map`` gave them."""
    skaerbaek = Place(name="Skærbæk & <Co>", local_name="Skærbæk", slug="skaerbaek", country="DK")
    joniskis = Place(name="Joniškis", local_name="Joniškis", slug="joniskis", country="LT")
    mukono = Place(name="Mukono", slug="mukono", country="UG")
    skaerbaek.public_relationships = [
        Relationship(
            kind=kind,
            status=status,
            started_on=started,
            start_precision=precision,
            start_note_sv=note_sv,
            start_note_en=note_en,
            ended_on=ended,
        )
        for kind, status, started, precision, note_sv, note_en, ended in RELATIONSHIPS
    ]
    joniskis.public_relationships = skaerbaek.public_relationships[:1]
    mukono.public_relationships = []
    return [skaerbaek, joniskis, mukono]


def _as_values(places):
    """The same places as ``map_places`` builds them from values rows."""
    return [
        queries.MapPlace(
            pk=index,
            slug=place.slug,
            name=place.name,
            local_name=place.local_name,
            country_code=place.country_code,
            latitude=None,
            longitude=None,
            public_relationships=[
                queries.MapRelationship(
                    kind=r.kind,
                    status=r.status,
                    started_on=r.started_on,
                    start_precision=r.start_precision,
                    start_note=r.start_note,
                    ended_on=r.ended_on,
                )
                for r in place.public_relationships
            ],
        )
        for index, place in enumerate(places)
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("form", ["instances", "values"])
def test_the_same_html_as_the_start_pages_loop(language, form):
    with translation.override(language):
        places = _instances()
        if form == "values":
            places = _as_values(places)
        context = {"request": RequestFactory().get("/"), "places": places}
        expected = REFERENCE.render(Context(context))
        # The instances through the former loop are the reference of both forms.
        reference = REFERENCE.render(Context({**context, "places": _instances()}))
        assert expected == reference
        assert TAG.render(Context(context)) == expected


def test_escapes_what_it_writes():
    with translation.override("sv"):
        html = TAG.render(Context({"places": _as_values(_instances())}))
    assert "Skærbæk &amp; &lt;Co&gt; (Skærbæk)</a>, Danmark" in html
    assert "Kommunal partnerskap" in html or "ommunalt partnerskap" in html
    assert "ca 1945 &amp; &lt;efter&gt;–1950\n (avslutad)</span>" in html
    assert "till 1999" in html and "start okänd" in html and "sedan 2020-01-15" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["sv", "en"])
def test_map_places_read_what_the_prefetch_read(language, django_assert_num_queries):
    places = [
        factories.PlaceFactory(
            published=True,
            name=f"Ort {index}",
            slug=f"ort-{index}",
            local_name="Lokal" if index == 1 else "",
            latitude=56 + index,
            longitude=23,
        )
        for index in range(3)
    ]
    for index, (kind, status, started, precision, note_sv, note_en, ended) in enumerate(
        RELATIONSHIPS
    ):
        factories.RelationshipFactory(
            place=places[index % 3],
            published=index != 2,
            kind=kind,
            status=status,
            started_on=started,
            start_precision=precision,
            start_note_sv=note_sv,
            start_note_en=note_en,
            ended_on=ended,
            theme_sv="Skola",
        )
    factories.PlaceFactory(published=False, name="Dold")
    factories.PlaceFactory(published=True, name="Utan band", slug="utan-band", country="UG")

    with translation.override(language):
        with django_assert_num_queries(1):
            read = queries.map_places()
        before = list(queries.places_for_map())
        assert [_facts(place) for place in read] == [_facts(place) for place in before]
        notes = {r.start_display for place in read for r in place.public_relationships}
    assert any(place.public_relationships == [] for place in read)
    assert "about 1960" in notes  # the English note, the fallback of a Swedish page
    assert "ca 1945 & <efter>" in notes  # the Swedish note, the fallback of an English page


def _facts(place):
    return (
        place.pk,
        place.slug,
        place.name,
        place.display_name,
        place.country_code,
        place.country.name,
        place.latitude,
        place.longitude,
        [
            (r.kind, r.status, r.started_on, r.start_display, r.ended_on, r.is_active, r.has_ended)
            for r in place.public_relationships
        ],
    )
