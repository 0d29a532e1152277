"""One URL language (#10): Swedish paths on the Swedish site, English paths under /en/, and a
permanent redirect from the other language's address, so that no link or bookmark breaks."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "swedish", "english"),
    [
        ("website:place-list", "/orter/", "/en/places/"),
        ("website:project-list", "/projekt/", "/en/projects/"),
        ("website:strategy", "/strategi/", "/en/strategy/"),
        ("website:network", "/natverk/", "/en/network/"),
        ("website:decision-list", "/beslut/", "/en/decisions/"),
        ("website:calendar", "/kalender/", "/en/calendar/"),
        ("website:accessibility", "/tillganglighet/", "/en/accessibility/"),
        ("website:open-data", "/oppna-data/", "/en/open-data/"),
        ("staff:home", "/arbete/", "/en/work/"),
        ("staff:decision-queue", "/arbete/att-besluta/", "/en/work/to-decide/"),
        ("accounts:login", "/arbete/logga-in/", "/en/work/sign-in/"),
        ("followup:report", "/uppfoljning/aterredovisning/", "/en/follow-up/report/"),
    ],
)
def test_each_language_has_its_own_paths(name, swedish, english):
    with translation.override("sv"):
        assert reverse(name) == swedish
    with translation.override("en"):
        assert reverse(name) == english


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("website:project-feed", "/feeds/projects.atom"),
        ("website:meetings-ics", "/feeds/meetings.ics"),
        ("website:embed-projects", "/embed/projects/"),
        ("website:twin-towns-csv", "/open-data/twin-towns.csv"),
        ("followup:iati", "/uppfoljning/iati/aktiviteter.xml"),
    ],
)
def test_feeds_embed_and_data_files_keep_their_addresses(name, path):
    """Other websites and tools link to them: they do not move with a translation."""
    with translation.override("sv"):
        assert reverse(name) == path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/places/", "/orter/"),
        ("/projects/?kind=culture", "/projekt/?kind=culture"),
        ("/decisions/ks/2016-06-27/172/", "/beslut/ks/2016-06-27/172/"),
        ("/accessibility/", "/tillganglighet/"),
        ("/en/arbete/", "/en/work/"),
        ("/en/arbete/logga-in/?next=/en/arbete/", "/en/work/sign-in/?next=/en/arbete/"),
        ("/en/arbete/ansokningar/12/andra/", "/en/work/applications/12/edit/"),
        ("/en/uppfoljning/aterredovisning/", "/en/follow-up/report/"),
        ("/en/orter/", "/en/places/"),
    ],
)
def test_the_other_languages_address_redirects_permanently(client, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_the_redirect_keeps_the_records_address_and_the_query(client):
    response = client.get("/en/arbete/projekt/7/finansiering/?from=mail")

    assert response.status_code == 301
    assert response["Location"] == "/en/work/projects/7/funding/?from=mail"


def test_an_address_in_no_language_stays_not_found(client):
    response = client.get("/finns-inte/")

    assert response.status_code == 404
    assert "Location" not in response


def test_a_post_to_an_old_address_is_not_redirected(client):
    """A redirect would drop the form's data: the sender gets the 404 and sees why."""
    response = client.post("/en/arbete/logga-in/", {"username": "x", "password": "y"})

    assert response.status_code == 404
