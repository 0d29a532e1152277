import pytest

from tests.website.pages import all_public_urls


@pytest.mark.django_db
def test_every_public_address_answers_200(client, world):
    statuses = {url: client.get(url).status_code for url in all_public_urls(world)}

    assert {url: code for url, code in statuses.items() if code != 200} == {}
