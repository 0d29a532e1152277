"""Pictures on places and projects (#14, S16): judged by content, scaled on upload to
responsive widths, their camera data (GPS) removed, refused with a clear message otherwise."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from governance.pictures import widths_for
from partners.models import PlacePicture
from projects.models import ProjectPicture
from tests import factories
from tests.pictures import picture_bytes, picture_upload, png_header_claiming

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _picture(place=None, **kwargs):
    fields = {"alt_sv": "Torget i Joniškis", "rights_holder": "Anna Foto", "public": True}
    fields.update(kwargs)
    fields.setdefault("image", picture_upload())
    return PlacePicture(place=place or factories.PlaceFactory(), **fields)


def _open(storage_name, media):
    return Image.open(media / storage_name)


def test_widths_never_enlarge():
    assert widths_for(2000) == [480, 960, 1440]
    assert widths_for(960) == [480, 960]
    assert widths_for(600) == [480, 600]
    assert widths_for(300) == [300]


def test_renditions_are_made_at_the_right_sizes(media):
    picture = _picture(image=picture_upload(width=2000, height=1000))
    picture.save()

    sizes = [(r["width"], r["height"]) for r in picture.renditions]
    assert sizes == [(480, 240), (960, 480), (1440, 720)]
    for rendition in picture.renditions:
        with _open(rendition["name"], media) as image:
            assert image.format == "WEBP"
            assert image.size == (rendition["width"], rendition["height"])
    assert (picture.width, picture.height) == (1440, 720)
    assert picture.image.name == picture.renditions[-1]["name"]
    # The upload itself is not kept: only the renditions lie under MEDIA_ROOT.
    assert sorted(p.name for p in media.rglob("*") if p.is_file()) == [
        "1440.webp",
        "480.webp",
        "960.webp",
    ]


def test_exif_gps_and_xmp_are_removed_and_the_picture_turned_upright(media):
    upload = picture_upload(width=1200, height=800, orientation=6, gps=True)
    with Image.open(io.BytesIO(upload.read())) as original:
        assert original.getexif().get_ifd(0x8825)  # the camera's position is in the upload
    upload.seek(0)
    picture = _picture(image=upload)
    picture.save()

    # Orientation 6 is a quarter turn: the stored picture is upright, taller than wide.
    assert [(r["width"], r["height"]) for r in picture.renditions] == [(480, 720), (800, 1200)]
    for rendition in picture.renditions:
        raw = (media / rendition["name"]).read_bytes()
        assert b"GPS" not in raw and b"Exif" not in raw and b"xmpmeta" not in raw
        with _open(rendition["name"], media) as image:
            assert not image.getexif()
            assert "exif" not in image.info and "xmp" not in image.info


@pytest.mark.parametrize("fmt,name", [("PNG", "bild.png"), ("WEBP", "bild.webp")])
def test_png_and_webp_are_accepted(media, fmt, name):
    picture = _picture(image=SimpleUploadedFile(name, picture_bytes(700, 500, fmt)))
    picture.save()
    assert [r["width"] for r in picture.renditions] == [480, 700]


def _refusal(picture) -> dict:
    with pytest.raises(ValidationError) as caught:
        picture.save()
    return caught.value.message_dict


def _nothing_saved(media):
    assert PlacePicture.objects.count() == 0
    assert not [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "content,name",
    [
        (b"%PDF-1.4\n%%EOF\n", "bild.jpg"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "bild.svg"),
        (picture_bytes(fmt="GIF"), "bild.gif"),  # a picture, but not of the accepted kinds
        (picture_bytes()[:400], "bild.jpg"),  # a JPEG cut short
    ],
)
def test_not_a_picture_is_refused(media, content, name):
    errors = _refusal(_picture(image=SimpleUploadedFile(name, content)))
    assert errors["image"] == [
        "Filen är inte en bild i JPEG, PNG eller WebP (dess innehåll säger något annat)."
    ]
    _nothing_saved(media)


@override_settings(PICTURE_MAX_BYTES=10_000)
def test_too_large_a_file_is_refused(media):
    upload = SimpleUploadedFile("stor.png", picture_bytes(400, 400, "PNG") + b"\0" * 10_000)
    errors = _refusal(_picture(image=upload))
    assert errors["image"] == ["Bilden är 12,0\xa0kB; den största tillåtna är 9,8\xa0kB."]
    _nothing_saved(media)


@override_settings(PICTURE_MAX_PIXELS=1_000_000)
def test_too_many_pixels_are_refused_before_decoding(media):
    errors = _refusal(_picture(image=picture_upload(width=2000, height=1000)))
    assert errors["image"] == [
        "Bilden är 2000 × 1000 bildpunkter; den största tillåtna är 1 megapixlar. "
        "Gör den mindre och ladda upp den igen."
    ]
    _nothing_saved(media)


def test_a_decompression_bomb_is_refused_from_its_header(media):
    # 60 megapixels claimed in a file of a hundred bytes: refused for its size, not decoded
    # (decoding would have called it damaged).
    upload = SimpleUploadedFile("bomb.png", png_header_claiming(10_000, 6_000))
    errors = _refusal(_picture(image=upload))
    assert errors["image"] == [
        "Bilden är 10000 × 6000 bildpunkter; den största tillåtna är 50 megapixlar. "
        "Gör den mindre och ladda upp den igen."
    ]
    # Beyond what Pillow itself opens (twice its MAX_IMAGE_PIXELS).
    upload = SimpleUploadedFile("bomb.png", png_header_claiming(40_000, 40_000))
    errors = _refusal(_picture(image=upload))
    assert errors["image"] == [
        "Bilden har långt fler bildpunkter än tillåtet (högst 50 megapixlar). Gör den "
        "mindre och ladda upp den igen."
    ]
    _nothing_saved(media)


def test_no_alt_text_and_no_rights_holder_are_refused(media):
    errors = _refusal(_picture(alt_sv="  ", alt_en="The square", rights_holder=""))
    assert errors["alt_sv"] == [
        "Beskriv bilden på svenska för den som inte kan se den (alternativtext): vad den "
        "visar, i en mening."
    ]
    assert errors["rights_holder"] == [
        "Ange bildens rättighetsinnehavare (fotografen eller den som äger rättigheterna); "
        "den visas med bilden."
    ]
    _nothing_saved(media)


def test_the_file_is_kept_once_stored(media):
    picture = _picture()
    picture.save()
    picture.image = picture_upload(name="annan.jpg")
    errors = _refusal(picture)
    assert errors["image"] == [
        "En bilds fil behålls som den laddades upp. För att visa en annan bild, lägg till den "
        "som en ny och ta bort den här."
    ]
    # The alt text and the rest may change.
    picture.refresh_from_db()
    picture.alt_sv = "Torget en vårdag"
    picture.save()
    assert PlacePicture.objects.get().alt_sv == "Torget en vårdag"


def test_a_deleted_pictures_files_go(media, django_capture_on_commit_callbacks):
    picture = ProjectPicture(
        project=factories.ProjectFactory(),
        image=picture_upload(),
        alt_sv="Elever i Mukono",
        rights_holder="Vimmerby kommun",
    )
    picture.save()
    assert len([p for p in media.rglob("*") if p.is_file()]) == 3
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_a_picture_is_not_public_until_the_coordinator_says_so():
    assert PlacePicture._meta.get_field("public").default is False
