"""A funder's name in the page's language (#14): "Nordiska ministerrådet" is the Nordic
Council of Ministers on English pages."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from projects.models import FundingCheck

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("sv", "Nordiska ministerrådet", "Nordic Council of Ministers"),
        ("en", "Nordic Council of Ministers", "Nordiska ministerrådet"),
    ],
)
def test_the_funder_is_named_in_the_pages_language(client, world, language, shown, hidden):
    funder = FundingCheck.objects.filter(project=world.project).first().programme.funder
    funder.name = "Nordiska ministerrådet"
    funder.name_en = "Nordic Council of Ministers"
    funder.save()

    with override(language):
        url = reverse("website:project-detail", args=[world.project.slug])
    html = client.get(url).content.decode()

    assert shown in html and hidden not in html
