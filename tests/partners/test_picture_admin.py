"""Pictures uploaded in the admin, inline on a place (#14): scaled and stored, or refused
with a clear message and nothing saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import PlacePicture
from tests import factories
from tests.pictures import picture_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _form_data(response) -> dict:
    """The change form's values as the browser would send them, with empty inlines."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def _with_picture(data, image, **row):
    fields = {
        "alt_sv": "Torget i Joniškis",
        "alt_en": "",
        "caption_sv": "",
        "caption_en": "",
        "rights_holder": "Anna Foto",
        "order": "0",
    }
    fields.update(row)
    data = {**data, "pictures-TOTAL_FORMS": "1", "pictures-0-image": image}
    data.update({f"pictures-0-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def change(client, coordinator):
    client.force_login(coordinator)
    place = factories.PlaceFactory(published=True, slug="joniskis", name="Joniškis")
    url = reverse("admin:partners_place_change", args=[place.pk])
    return place, url, _form_data(client.get(url))


def test_the_coordinator_uploads_a_picture_inline(client, change, media):
    place, url, data = change
    response = client.post(url, _with_picture(data, picture_upload(width=1000, height=600)))

    assert response.status_code == 302, response.context["errors"]
    picture = PlacePicture.objects.get(place=place)
    assert [r["width"] for r in picture.renditions] == [480, 960, 1000]
    assert picture.public is False  # public only when the coordinator confirms consent
    # Shown again on the change form as the picture itself, through the application.
    page = client.get(url).content.decode()
    assert f'src="/pictures/places/{picture.pk}/480.webp"' in page


@pytest.mark.parametrize(
    "image,row,field,message",
    [
        (
            SimpleUploadedFile("bild.jpg", b"GIF89a not really"),
            {},
            "image",
            "Filen är inte en bild i JPEG, PNG eller WebP",
        ),
        (None, {"alt_sv": ""}, "alt_sv", "Beskriv bilden på svenska"),
        (None, {"rights_holder": ""}, "rights_holder", "Ange bildens rättighetsinnehavare"),
    ],
)
def test_a_bad_picture_is_refused_with_a_message_and_nothing_saved(
    client, change, media, image, row, field, message
):
    place, url, data = change
    response = client.post(url, _with_picture(data, image or picture_upload(), **row))

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert not PlacePicture.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]
