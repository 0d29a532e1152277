"""A partner place's pictures on the staff pages (#14, S16): the coordinator uploads them with
their alt text and rights holder, changes and removes them, through the same views and service
as a project's pictures. A refused picture (not a picture, too large, no alt text, no rights
holder) is said in the user's language and saves nothing; the history keeps who removed one.
The access matrix rows: tests/staff/test_mixins.py."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from partners.models import PlacePicture
from projects.services import pictures
from tests.pictures import picture_upload
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    fields = {
        "image": picture_upload(width=600, height=400),
        "alt_sv": "Rådhuset i Joniškis",
        "alt_en": "",
        "caption_sv": "",
        "caption_en": "",
        "rights_holder": "Joniškis rajon",
        "order": "0",
    }
    fields.update(overrides)
    return fields


def _stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def _section(html: str) -> str:
    return html.split('id="pictures-section"')[1].split("</section>")[0]


def test_the_coordinator_uploads_a_picture_of_a_place_internal_and_scaled(
    client, media, coordinator, partner_place
):
    client.force_login(coordinator)

    response = client.post(en("place-picture-create", partner_place.pk), _fields())

    assert response.status_code == 302
    assert response["Location"] == en("place-detail", partner_place.pk)
    picture = PlacePicture.objects.get()
    assert (picture.place, picture.public, picture.rights_holder) == (
        partner_place,
        False,
        "Joniškis rajon",
    )
    assert [r["width"] for r in picture.renditions] == [480, 600]
    assert picture.history.get().history_user == coordinator


def test_the_coordinator_makes_a_new_place_picture_public(
    client, media, coordinator, partner_place
):
    client.force_login(coordinator)

    client.post(en("place-picture-create", partner_place.pk), _fields(public="on"))

    picture = PlacePicture.objects.get()
    assert picture.public is True
    public_page = client.get(reverse("website:place-detail", args=[partner_place.slug])).text
    assert picture.url(480) in public_page
    assert "Joniškis rajon" in public_page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"image": SimpleUploadedFile("bild.jpg", b"not a picture", "image/jpeg")},
            "image",
            "The file is not a JPEG, PNG or WebP picture (its content says otherwise).",
        ),
        (
            {"alt_sv": ""},
            "alt_sv",
            "Describe the picture in Swedish for those who cannot see it (alt text): what it "
            "shows, in a sentence.",
        ),
        (
            {"rights_holder": " "},
            "rights_holder",
            "Name the picture's rights holder (the photographer, or who owns the rights); it "
            "is shown with the picture.",
        ),
    ],
    ids=["not-a-picture", "no-alt-text", "no-rights-holder"],
)
def test_a_refused_place_picture_says_why_and_saves_nothing(
    client, media, coordinator, partner_place, overrides, field, message
):
    client.force_login(coordinator)

    response = client.post(en("place-picture-create", partner_place.pk), _fields(**overrides))

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not PlacePicture.objects.exists()
    assert not PlacePicture.history.exists()
    assert _stored_files(media) == []


def test_a_place_picture_too_large_is_refused_with_its_size(
    client, settings, media, coordinator, partner_place
):
    settings.PICTURE_MAX_BYTES = 1000
    client.force_login(coordinator)

    response = client.post(en("place-picture-create", partner_place.pk), _fields())

    assert response.status_code == 400
    [error] = response.context["form"].errors["image"]
    assert error.startswith("The picture is ")
    assert error.endswith("the largest allowed is 1000\xa0bytes.")
    assert not PlacePicture.objects.exists()
    assert _stored_files(media) == []


def test_the_refusal_is_in_swedish_on_the_swedish_page(client, media, coordinator, partner_place):
    client.force_login(coordinator)
    url = reverse("staff:place-picture-create", args=[partner_place.pk])

    response = client.post(url, _fields(alt_sv=""))

    assert url == f"/arbete/orter/{partner_place.pk}/bilder/ny/"
    assert response.status_code == 400
    assert "Beskriv bilden på svenska" in response.text
    assert "Tillbaka till orten" in response.text
    assert not PlacePicture.objects.exists()


def test_the_place_page_shows_its_pictures_as_an_internal_picture(
    client, coordinator, place_picture
):
    client.force_login(coordinator)

    swedish = _section(
        client.get(reverse("staff:place-detail", args=[place_picture.place_id])).text
    )
    english = _section(client.get(en("place-detail", place_picture.place_id)).text)

    assert f'src="{en("place-picture", place_picture.pk, 480)}"' in english
    assert 'alt="Torget i Joniškis en sommardag"' in english
    assert "Photo: Joniškis rajon" in english
    assert "· internal</p>" in english
    assert en("place-picture-update", place_picture.pk) in english
    assert en("place-picture-remove", place_picture.pk) in english
    # "bild" is common gender: "intern", not "internt" (#14).
    assert "· intern</p>" in swedish
    assert "internt" not in swedish


def test_the_staff_address_serves_an_internal_place_picture_kept_by_no_cache(
    client, coordinator, place_picture
):
    client.force_login(coordinator)

    response = client.get(en("place-picture", place_picture.pk, 480))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(en("place-picture", place_picture.pk, 999)).status_code == 404


def test_the_coordinator_changes_a_place_picture_and_makes_it_public(
    client, coordinator, place_picture
):
    client.force_login(coordinator)
    form = client.get(en("place-picture-update", place_picture.pk))
    assert form.context["form"].initial["alt_sv"] == "Torget i Joniškis en sommardag"

    response = client.post(
        en("place-picture-update", place_picture.pk),
        {
            "alt_sv": "Torget i Joniškis",
            "alt_en": "The square of Joniškis",
            "caption_sv": "",
            "caption_en": "",
            "rights_holder": "Joniškis rajon",
            "order": "2",
            "public": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == en("place-detail", place_picture.place_id)
    place_picture.refresh_from_db()
    assert (place_picture.alt_en, place_picture.order, place_picture.public) == (
        "The square of Joniškis",
        2,
        True,
    )
    assert place_picture.history.count() == 2


def test_a_change_without_alt_text_changes_nothing(client, coordinator, place_picture):
    client.force_login(coordinator)

    response = client.post(
        en("place-picture-update", place_picture.pk),
        {"alt_sv": "", "rights_holder": "Joniškis rajon", "order": "0", "public": "on"},
    )

    assert response.status_code == 400
    assert "Describe the picture in Swedish" in response.context["form"].errors["alt_sv"][0]
    place_picture.refresh_from_db()
    assert (place_picture.alt_sv, place_picture.public) == ("Torget i Joniškis en sommardag", False)
    assert place_picture.history.count() == 1


def test_removing_a_place_picture_asks_first_then_deletes_it_and_its_files(
    client, django_capture_on_commit_callbacks, media, coordinator, place_picture
):
    client.force_login(coordinator)
    assert _stored_files(media) != []

    confirmation = client.get(en("place-picture-remove", place_picture.pk))
    assert confirmation.status_code == 200
    assert "The picture is taken off “Joniškis” and off the public site" in confirmation.text
    assert PlacePicture.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("place-picture-remove", place_picture.pk))

    assert response.status_code == 302
    assert response["Location"] == en("place-detail", place_picture.place_id)
    assert not PlacePicture.objects.exists()
    assert _stored_files(media) == []
    removal = PlacePicture.history.filter(id=place_picture.pk).order_by("history_id").last()
    assert (removal.history_type, removal.history_user) == ("-", coordinator)
    assert removal.alt_sv == "Torget i Joniškis en sommardag"


def test_only_the_coordinator_keeps_a_places_pictures_in_the_service(
    media, contributor, ks_member, partner_place, place_picture
):
    for user in (contributor, ks_member):
        with pytest.raises(PermissionDenied, match="bilder av partnerorten Joniškis"):
            pictures.add_picture(
                partner_place,
                by=user,
                image=picture_upload(width=600, height=400),
                alt_sv="Ett torg",
                rights_holder="Någon",
            )
        with pytest.raises(PermissionDenied):
            pictures.change_picture(place_picture, by=user, alt_sv="Ändrad")
        with pytest.raises(PermissionDenied):
            pictures.remove_picture(place_picture, by=user)

    place_picture.refresh_from_db()
    assert place_picture.alt_sv == "Torget i Joniškis en sommardag"
    assert PlacePicture.objects.count() == 1


def test_the_place_list_links_each_place_and_counts_its_pictures(
    client, coordinator, place_picture, django_assert_num_queries
):
    client.force_login(coordinator)
    client.get(en("place-list"))  # the session and the rights, once

    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(en("place-list"))

    row = response.text.split('id="place-table"')[1].split("</table>")[0]
    assert f'<a href="{en("place-detail", place_picture.place_id)}">Joniškis</a>' in row
    assert "<td>1</td>" in row
    assert f'id="nav-places" href="{en("place-list")}"' in response.text


def test_the_place_page_reads_a_fixed_number_of_queries(
    client, media, coordinator, partner_place, django_assert_num_queries
):
    for order in range(3):
        pictures.add_picture(
            partner_place,
            by=coordinator,
            image=picture_upload(width=300, height=200),
            alt_sv=f"Bild {order}",
            rights_holder="Joniškis rajon",
            order=order,
        )
    client.force_login(coordinator)
    client.get(en("place-detail", partner_place.pk))

    with django_assert_num_queries(QUERIES_DETAIL):
        response = client.get(en("place-detail", partner_place.pk))

    assert response.text.count('class="img-thumbnail"') == 3
    with translation.override("en"):
        public = reverse("website:place-detail", args=[partner_place.slug])
        records = reverse("admin:partners_place_change", args=[partner_place.pk])
    assert f'id="public-place" href="{public}">Joniškis on the public site</a>' in response.text
    assert f'id="place-records" href="{records}">Joniškis in the records</a>' in response.text


def test_the_staff_menu_offers_places_to_the_coordinator_only(client, contributor):
    client.force_login(contributor)

    response = client.get(en("home"))

    assert response.status_code == 200
    assert 'id="nav-places"' not in response.text


QUERIES_LIST = 5
QUERIES_DETAIL = 5
