"""A project's pictures on the staff pages (#14, S16): the work's own staff upload them with
their alt text and rights holder, change and remove them; only the coordinator makes one
public. A refused picture (not a picture, too large, no alt text, no rights holder) is said
in the user's language and saves nothing. The access matrix rows: tests/staff/test_mixins.py.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import ProjectPicture
from projects.services import pictures
from tests.pictures import picture_bytes, picture_upload
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


def _fields(**overrides):
    fields = {
        "image": picture_upload(width=600, height=400),
        "alt_sv": "Eleverna planterar ett träd vid skolan",
        "alt_en": "",
        "caption_sv": "",
        "caption_en": "",
        "rights_holder": "Södra skolan",
        "order": "0",
    }
    fields.update(overrides)
    return fields


def _stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_the_school_uploads_a_picture_of_its_work_internal_and_scaled(
    client, media, contributor, bun_project
):
    client.force_login(contributor)

    response = client.post(en("project-picture-create", bun_project.pk), _fields())

    assert response.status_code == 302
    assert response["Location"] == en("project-detail", bun_project.pk)
    picture = ProjectPicture.objects.get()
    assert (picture.project, picture.public, picture.rights_holder) == (
        bun_project,
        False,
        "Södra skolan",
    )
    assert [r["width"] for r in picture.renditions] == [480, 600]
    assert picture.alt_sv == "Eleverna planterar ett träd vid skolan"


def test_the_school_cannot_make_a_picture_public(client, media, contributor, bun_project):
    client.force_login(contributor)

    client.post(en("project-picture-create", bun_project.pk), _fields(public="on"))

    assert ProjectPicture.objects.get().public is False  # the form has no such field for it
    with pytest.raises(PermissionDenied):
        pictures.add_picture(
            bun_project,
            by=contributor,
            image=picture_upload(),
            alt_sv="Torget",
            rights_holder="Södra skolan",
            public=True,
        )


def test_the_coordinator_uploads_a_public_picture(client, media, coordinator, bun_project):
    client.force_login(coordinator)

    client.post(en("project-picture-create", bun_project.pk), _fields(public="on", order="2"))

    picture = ProjectPicture.objects.get()
    assert (picture.public, picture.order) == (True, 2)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"image": SimpleUploadedFile("bild.jpg", b"MZ\x90\0" * 40, "image/jpeg")},
            "image",
            "The file is not a JPEG, PNG or WebP picture (its content says otherwise).",
        ),
        (
            {"alt_sv": "   "},
            "alt_sv",
            "Describe the picture in Swedish for those who cannot see it (alt text): what it "
            "shows, in a sentence.",
        ),
        (
            {"rights_holder": ""},
            "rights_holder",
            "Name the picture's rights holder (the photographer, or who owns the rights); it "
            "is shown with the picture.",
        ),
        ({"image": ""}, "image", "Choose the picture to upload."),
    ],
    ids=["not-a-picture", "no-alt-text", "no-rights-holder", "no-file"],
)
def test_a_refused_picture_says_why_and_saves_nothing(
    client, media, contributor, bun_project, overrides, field, message
):
    client.force_login(contributor)

    response = client.post(en("project-picture-create", bun_project.pk), _fields(**overrides))

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not ProjectPicture.objects.exists()
    assert _stored_files(media) == []


def test_a_picture_too_large_is_refused_with_its_size(
    client, settings, media, contributor, bun_project
):
    settings.PICTURE_MAX_BYTES = 1000
    client.force_login(contributor)

    response = client.post(en("project-picture-create", bun_project.pk), _fields())

    assert response.status_code == 400
    [error] = response.context["form"].errors["image"]
    assert error.startswith("The picture is ")
    assert error.endswith("the largest allowed is 1000\xa0bytes.")
    assert not ProjectPicture.objects.exists()


def test_the_refusal_is_in_swedish_on_the_swedish_page(client, media, contributor, bun_project):
    client.force_login(contributor)
    url = reverse("staff:project-picture-create", args=[bun_project.pk])

    response = client.post(url, _fields(alt_sv=""))

    assert url == f"/arbete/projekt/{bun_project.pk}/bilder/ny/"
    assert response.status_code == 400
    assert "Beskriv bilden på svenska" in response.text
    assert not ProjectPicture.objects.exists()


def test_the_project_page_shows_its_pictures_to_its_staff(client, contributor, bun_picture):
    client.force_login(contributor)

    response = client.get(en("project-detail", bun_picture.project_id))

    section = response.text.split('id="pictures-section"')[1].split("</section>")[0]
    assert f'src="{en("project-picture", bun_picture.pk, 480)}"' in section
    assert 'alt="Elever från Vimmerby och Joniškis på torget"' in section
    assert "Photo: Södra skolan" in section
    assert en("project-picture-update", bun_picture.pk) in section
    assert en("project-picture-remove", bun_picture.pk) in section


def test_the_staff_address_serves_an_internal_picture_kept_by_no_cache(
    client, contributor, bun_picture
):
    client.force_login(contributor)

    response = client.get(en("project-picture", bun_picture.pk, 480))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(en("project-picture", bun_picture.pk, 333)).status_code == 404
    assert client.post(en("project-picture", bun_picture.pk, 480)).status_code == 405


def test_the_school_changes_the_texts_of_its_internal_picture(client, contributor, bun_picture):
    client.force_login(contributor)

    response = client.post(
        en("project-picture-update", bun_picture.pk),
        {"alt_sv": "Två elever vid torget", "rights_holder": "Anna Foto", "order": "3"},
    )

    assert response.status_code == 302
    bun_picture.refresh_from_db()
    assert (bun_picture.alt_sv, bun_picture.rights_holder, bun_picture.order) == (
        "Två elever vid torget",
        "Anna Foto",
        3,
    )


def test_a_change_without_alt_text_changes_nothing(client, contributor, bun_picture):
    client.force_login(contributor)

    response = client.post(
        en("project-picture-update", bun_picture.pk),
        {"alt_sv": "", "rights_holder": "Anna Foto", "order": "0"},
    )

    assert response.status_code == 400
    bun_picture.refresh_from_db()
    assert (bun_picture.alt_sv, bun_picture.rights_holder) == (
        "Elever från Vimmerby och Joniškis på torget",
        "Södra skolan",
    )


def test_the_coordinator_makes_a_picture_public_then_only_the_coordinator_changes_it(
    client, coordinator, contributor, bun_picture
):
    client.force_login(coordinator)
    client.post(
        en("project-picture-update", bun_picture.pk),
        {
            "alt_sv": bun_picture.alt_sv,
            "rights_holder": "Södra skolan",
            "order": "0",
            "public": "on",
        },
    )
    bun_picture.refresh_from_db()
    assert bun_picture.public is True

    client.force_login(contributor)
    response = client.get(en("project-picture-update", bun_picture.pk))

    assert response.status_code == 403
    assert "The picture is public: only the international coordinator changes its texts." in (
        response.text
    )
    detail = client.get(en("project-detail", bun_picture.project_id)).text
    assert en("project-picture-update", bun_picture.pk) not in detail
    assert en("project-picture-remove", bun_picture.pk) in detail


def test_removing_a_picture_deletes_it_and_its_history_says_who(
    client, django_capture_on_commit_callbacks, media, contributor, bun_picture
):
    client.force_login(contributor)
    assert _stored_files(media) != []

    assert client.get(en("project-picture-remove", bun_picture.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(en("project-picture-remove", bun_picture.pk))

    assert response.status_code == 302
    assert not ProjectPicture.objects.exists()
    assert _stored_files(media) == []
    removal = ProjectPicture.history.filter(id=bun_picture.pk).order_by("history_id").last()
    assert (removal.history_type, removal.history_user) == ("-", contributor)
    assert removal.alt_sv == "Elever från Vimmerby och Joniškis på torget"


def test_another_school_cannot_upload_to_the_work(client, media, vimar_contributor, bun_project):
    client.force_login(vimar_contributor)

    response = client.post(en("project-picture-create", bun_project.pk), _fields())

    assert response.status_code == 403
    assert "may add or remove pictures of “Skolutbyte med Joniškis”" in response.text
    assert not ProjectPicture.objects.exists()


def test_a_png_with_transparency_is_accepted(client, media, contributor, bun_project):
    client.force_login(contributor)
    image = SimpleUploadedFile("bild.png", picture_bytes(300, 200, "PNG"), "image/png")

    client.post(en("project-picture-create", bun_project.pk), _fields(image=image))

    assert [r["width"] for r in ProjectPicture.objects.get().renditions] == [300]
