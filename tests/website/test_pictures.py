"""Pictures on the public place and project pages (#14): only the public ones, with alt text,
srcset and their rights holder; served by the application; a fixed number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import PlacePicture
from projects.models import ProjectPicture
from tests import factories
from tests.pictures import picture_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _place_picture(place, alt, *, public=True, **kwargs):
    return PlacePicture.objects.create(
        place=place,
        image=picture_upload(width=kwargs.pop("width", 1200), height=800),
        alt_sv=alt,
        rights_holder=kwargs.pop("rights_holder", "Anna Foto"),
        public=public,
        **kwargs,
    )


@pytest.fixture
def place(db):
    return factories.PlaceFactory(published=True, slug="joniskis", name="Joniškis")


def test_the_place_page_shows_only_public_pictures_with_alt_srcset_and_rights_holder(client, place):
    shown = _place_picture(place, "Torget i Joniškis en vårdag", caption_sv="Torget")
    _place_picture(place, "Elever på besök", public=False)  # no consent confirmed

    page = client.get("/orter/joniskis/").content.decode()

    assert page.count("<figure") == 1
    assert "Elever på besök" not in page
    src = f"/pictures/places/{shown.pk}"
    assert (
        f'<img src="{src}/1200.webp" srcset="{src}/480.webp 480w, {src}/960.webp 960w, '
        f'{src}/1200.webp 1200w" sizes="(min-width: 48rem) 46rem, 100vw" width="1200" '
        f'height="800" alt="Torget i Joniškis en vårdag" loading="lazy" decoding="async">'
    ) in page
    assert "Foto: Anna Foto" in page


def test_the_english_page_marks_a_swedish_alt_text(client, place):
    picture = _place_picture(place, "Torget", alt_en="")
    page = client.get("/en/places/joniskis/").content.decode()
    assert 'alt="Torget" lang="sv"' in page
    assert "Photo: Anna Foto" in page
    picture.alt_en = "The square"
    picture.save()
    cache.clear()
    assert 'alt="The square" loading' in client.get("/en/places/joniskis/").content.decode()


def test_a_project_page_shows_its_public_pictures(client, bun):
    project = factories.ProjectFactory(slug="utbyte", responsible_body=bun, published=True)
    picture = ProjectPicture.objects.create(
        project=project,
        image=picture_upload(width=600, height=400),
        alt_sv="Två klasser på skolgården",
        rights_holder="Vimmerby kommun",
        public=True,
    )
    page = client.get("/projekt/utbyte/").content.decode()
    assert f'srcset="/pictures/projects/{picture.pk}/480.webp 480w, ' in page
    assert 'alt="Två klasser på skolgården"' in page
    assert "Foto: Vimmerby kommun" in page


def test_a_public_picture_is_served_as_webp_and_may_be_cached(client, place, media):
    picture = _place_picture(place, "Torget")
    response = client.get(f"/pictures/places/{picture.pk}/480.webp")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert client.get(f"/pictures/places/{picture.pk}/500.webp").status_code == 404


def test_no_picture_of_an_unpublished_record_or_without_consent_is_served(
    client, place, bun, coordinator
):
    hidden = _place_picture(place, "Elever", public=False)
    unpublished = factories.PlaceFactory(published=False)
    of_unpublished = _place_picture(unpublished, "Hamnen")
    project = factories.ProjectFactory(responsible_body=bun, published=False)
    of_project = ProjectPicture.objects.create(
        project=project,
        image=picture_upload(width=500, height=400),
        alt_sv="Klassen",
        rights_holder="Skolan",
        public=True,
    )
    addresses = [
        f"/pictures/places/{hidden.pk}/480.webp",
        f"/pictures/places/{of_unpublished.pk}/480.webp",
        f"/pictures/projects/{of_project.pk}/480.webp",
    ]
    assert [client.get(a).status_code for a in addresses] == [404, 404, 404]
    # The coordinator sees them in the admin; no cache keeps such an answer.
    client.force_login(coordinator)
    answers = [client.get(a) for a in addresses]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert {a["Cache-Control"] for a in answers} == {"private, no-store"}


def _queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("count", [3, 30])
def test_the_place_and_project_pages_cost_the_same_at_3_and_30_pictures(client, place, bun, count):
    project = factories.ProjectFactory(slug="utbyte", responsible_body=bun, published=True)
    project.places.add(place)
    for index in range(count):
        _place_picture(place, f"Bild {index}", width=500)
        ProjectPicture.objects.create(
            project=project,
            image=picture_upload(width=500, height=300),
            alt_sv=f"Projektbild {index}",
            rights_holder="Skolan",
            public=True,
        )

    # The footer's contact is read once per content version, not by each page (#15).
    client.get("/tillganglighet/")
    assert _queries(client, "/orter/joniskis/") == 10
    # and its public documents (#12); the project read once (13 until 2026-12-04, #15), its
    # lists with its pictures and documents in one query (12 until 2026-12-06, #15)
    assert _queries(client, "/projekt/utbyte/") == 3
    assert client.get("/orter/joniskis/").content.decode().count("<figure") == count
