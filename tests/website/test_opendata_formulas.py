"""The open data's twin-town CSV: a place's name never runs as a formula, while Wikidata's time
notation, formed from dates by the code, keeps its "+" (#15 hardening, OWASP)."""

import csv
import io

from django.urls import reverse

from tests import factories


def test_a_hostile_place_name_is_prefixed_and_the_wikidata_time_kept(client, db):
    place = factories.PlaceFactory(
        name='=HYPERLINK("https://evil.example","Klicka")', local_name="\t@SUM(1)", published=True
    )
    factories.RelationshipFactory(place=place, published=True, start_note="+1+1")

    response = client.get(reverse("website:twin-towns-csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == 1
    assert rows[0]["place"] == '\'=HYPERLINK("https://evil.example","Klicka")'
    assert rows[0]["local_name"] == "'\t@SUM(1)"
    assert rows[0]["start_note"] == "'+1+1"
    assert rows[0]["wikidata_P580"] == "+1994-00-00T00:00:00Z/9"
