"""The municipality's own data reads as plain words on the public pages (#14): no strategy
clause id ("(S2)") in a published text outside the strategy page."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from partners.models import Place

# Vimmerby's data loaded once for the module (tests/municipality/conftest.py, #15).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_vimmerby_rows")]

CLAUSE_ID = re.compile(r"\(S\d+[),]|\bS\d+\)")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_place_pages_of_the_data_file_name_no_clause(client, vimmerby, language):
    slugs = list(Place.objects.filter(published=True).values_list("slug", flat=True))
    assert "skaerbaek" in slugs
    for slug in slugs:
        with override(language):
            url = reverse("website:place-detail", args=[slug])
        text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        assert not CLAUSE_ID.search(text), (url, CLAUSE_ID.findall(text))


def test_the_nordic_council_of_ministers_has_its_english_name(vimmerby):
    from projects.models import Funder

    funder = Funder.objects.get(name="Nordiska ministerrådet")
    assert funder.name_en == "Nordic Council of Ministers"
    with override("en"):
        assert funder.display_name == "Nordic Council of Ministers"
    with override("sv"):
        assert funder.display_name == "Nordiska ministerrådet"
