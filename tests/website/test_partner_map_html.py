"""``{% partner_map_html %}``: the start page's map drawn once per language and places, the
same HTML as the include it replaced, and drawn anew when a place changes (#15)."""

import copy
import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from partners.models import RelationshipStatus
from website import map as partner_map
from website.queries import MapPlace, MapRelationship

TAG = Template("{% load website %}{% partner_map_html places %}")
INCLUDE = Template('{% include "includes/_map.html" %}')


def _relationship(status=RelationshipStatus.ACTIVE, ended_on=None):
    return MapRelationship(
        kind="twin_town",
        status=status,
        started_on=datetime.date(1990, 5, 1),
        start_precision="year",
        start_note="",
        ended_on=ended_on,
    )


def _places():
    rows = [
        ("joniskis", "Joniškis", "LT", "56.2400", "23.6100", [_relationship()]),
        ("hvidovre", "Hvidovre", "DK", "55.6500", "12.4700", [_relationship()]),
        (
            "old-town",
            "Old & <Town>",
            "FI",
            "60.1000",
            "24.9000",
            [_relationship(RelationshipStatus.ENDED, datetime.date(2010, 1, 1))],
        ),
        ("mukono", "Mukono", "UG", "0.3500", "32.7500", []),
    ]
    return [
        MapPlace(
            pk=index,
            slug=slug,
            name=name,
            local_name="",
            country_code=country,
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
            public_relationships=relationships,
        )
        for index, (slug, name, country, latitude, longitude, relationships) in enumerate(rows)
    ]


def _included(places) -> str:
    home = (settings.MUNICIPALITY_LATITUDE, settings.MUNICIPALITY_LONGITUDE)
    drawn = partner_map.build(places, home, settings.MUNICIPALITY_NAME)
    return INCLUDE.render(Context({"partner_map": drawn}))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_same_html_as_the_include_first_and_from_the_memo(language):
    request = RequestFactory().get("/")
    with translation.override(language):
        expected = _included(_places())
        assert "<svg" in expected
        for _ in range(2):
            assert TAG.render(Context({"places": _places(), "request": request})) == expected


def test_each_language_its_own_map():
    with translation.override("sv"):
        swedish = TAG.render(Context({"places": _places()}))
    with translation.override("en"):
        english = TAG.render(Context({"places": _places()}))
        assert english == _included(_places())
    assert swedish != english


def test_a_changed_place_or_relationship_is_drawn_anew():
    with translation.override("sv"):
        before = TAG.render(Context({"places": _places()}))
        moved = _places()
        moved[0].name = "Joniskis"
        assert TAG.render(Context({"places": moved})) == _included(copy.deepcopy(moved))
        assert TAG.render(Context({"places": moved})) != before
        ended = _places()
        ended[1].public_relationships[0].status = RelationshipStatus.ENDED
        assert TAG.render(Context({"places": ended})) == _included(copy.deepcopy(ended))
        assert TAG.render(Context({"places": ended})) != before
        fewer = _places()[:2]
        assert TAG.render(Context({"places": fewer})) == _included(fewer)
        assert TAG.render(Context({"places": _places()})) == before
