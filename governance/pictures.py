"""Pictures on the public pages (#14): checked by content, scaled on upload, served by the app.

A picture is judged by what Pillow reads in it, never by its name or the type a browser sent:
JPEG, PNG or WebP, at most ``settings.PICTURE_MAX_BYTES`` and ``settings.PICTURE_MAX_PIXELS``
(a small file that unpacks into a huge image, a decompression bomb, is refused before it is
decoded). On upload it is turned upright (EXIF orientation) and written again as WebP at the
widths of ``WIDTHS`` that it reaches, without its camera data: EXIF (with the GPS position),
XMP and comments are not copied, only the colour profile. The upload itself is not kept.

``Picture`` is the abstract model behind a place's and a project's pictures
(``partners.PlacePicture``, ``projects.ProjectPicture``): alt text in Swedish (English
optional, the Swedish shown in its stead), a rights holder shown as "Foto: ...", and
``public``, off until the coordinator confirms the consent of the people in it. The files
lie under ``MEDIA_ROOT/pictures/`` and are served only through the application
(``response``), like the documents.
"""

import contextlib
import io
import secrets
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from governance.records import ValidatedModel
from governance.uploads import DOWNLOAD_CSP, _is_stored, _opened

# What an upload may be, by Pillow's name for the format.
FORMATS = ("JPEG", "PNG", "WEBP")
# The widths made on upload; a narrower picture is made at its own width, never enlarged.
WIDTHS = (480, 960, 1440)
CONTENT_TYPE = "image/webp"
QUALITY = 82

NOT_A_PICTURE = _("The file is not a JPEG, PNG or WebP picture (its content says otherwise).")
TOO_MANY_PIXELS = _(
    "The picture is %(width)s × %(height)s pixels; the largest allowed is %(limit)s "
    "megapixels. Make it smaller and upload it again."
)
FAR_TOO_MANY_PIXELS = _(
    "The picture has far more pixels than allowed (at most %(limit)s megapixels). Make it "
    "smaller and upload it again."
)
NO_ALT = _(
    "Describe the picture in Swedish for those who cannot see it (alt text): what it shows, "
    "in a sentence."
)
NO_RIGHTS_HOLDER = _(
    "Name the picture's rights holder (the photographer, or who owns the rights); it is "
    "shown with the picture."
)
FILE_KEPT = _(
    "A picture's file is kept as uploaded. To show another picture, add it as a new one and "
    "delete this one."
)


def widths_for(width: int) -> list[int]:
    """The widths made of a picture ``width`` pixels wide: those of WIDTHS below it, and its
    own (at most the largest of WIDTHS)."""
    return sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        TOO_MANY_PIXELS,
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "limit": settings.PICTURE_MAX_PIXELS // 1_000_000,
        },
    )


def _read(handle) -> Image.Image:
    """The picture in ``handle``, opened by Pillow and decoded; a ValidationError if it is
    not one of FORMATS, is damaged, or has more pixels than allowed (checked from its header,
    before it is decoded)."""
    try:
        with warnings.catch_warnings():
            # The size is checked here, against PICTURE_MAX_PIXELS; Pillow's own warning would
            # only repeat it. Its error, for a header claiming a gigantic picture, is kept.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(handle, formats=FORMATS) as image:
                width, height = image.size
                if width * height > settings.PICTURE_MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                image.load()  # a truncated or damaged file fails here, not on the page
                return image
    except Image.DecompressionBombError:
        raise ValidationError(
            FAR_TOO_MANY_PIXELS,
            code="too_many_pixels",
            params={"limit": settings.PICTURE_MAX_PIXELS // 1_000_000},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(NOT_A_PICTURE, code="content") from None


@deconstructible
class PictureValidator:
    """A new upload is a picture: not empty, at most PICTURE_MAX_BYTES, and as ``_read``
    accepts. A stored file is the application's own rendition and is not read again."""

    def __call__(self, value):
        if not value or isinstance(value, str) or _is_stored(value):
            return
        if not value.size:
            raise ValidationError(_("The file is empty."), code="empty")
        limit = settings.PICTURE_MAX_BYTES
        if value.size > limit:
            raise ValidationError(
                _("The picture is %(size)s; the largest allowed is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
            )
        with _opened(value) as handle:
            _read(handle)

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))


def make_renditions(handle) -> list[tuple[int, int, bytes]]:
    """(width, height, WebP bytes) at each of ``widths_for`` the upright picture's width,
    without its EXIF, XMP or comments."""
    image = _read(handle)
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    upright = upright.convert("RGBA" if has_alpha else "RGB")
    made = []
    for width in widths_for(upright.width):
        height = max(1, round(upright.height * width / upright.width))
        scaled = (
            upright
            if width == upright.width
            else upright.resize((width, height), Image.Resampling.LANCZOS)
        )
        scaled.info = {}  # nothing the camera wrote travels with the pixels
        out = io.BytesIO()
        options = {"quality": QUALITY, "method": 4, "exif": b""}
        if icc_profile:
            options["icc_profile"] = icc_profile
        scaled.save(out, "WEBP", **options)
        made.append((width, height, out.getvalue()))
    return made


class Picture(ValidatedModel):
    """A picture shown on a public page, in the renditions made on upload."""

    # The concrete model's URL name of its served rendition (args: pk, width).
    url_name = ""

    image = models.FileField(
        _("picture"),
        max_length=200,
        validators=[PictureValidator()],
        help_text=_(
            "JPEG, PNG or WebP, at most 10 MB. It is scaled for phones and screens on upload, "
            "and the camera's data (such as where it was taken) is removed."
        ),
    )
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for those who cannot see it. Required in Swedish; the "
            "English page shows the Swedish text when there is no English."
        ),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    rights_holder = models.CharField(
        _("rights holder"),
        max_length=200,
        blank=True,
        help_text=_('The photographer or who owns the rights; shown as "Photo: ...".'),
    )
    public = models.BooleanField(
        _("show on the public site"),
        default=False,
        help_text=_(
            "Shown on the public site only when ticked. By ticking it you confirm that "
            "everyone recognisable in the picture has agreed to its publication (for pupils, "
            "their guardians)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    # [{"width": 480, "height": 320, "name": "pictures/..."}, ...], narrowest first.
    renditions = models.JSONField(_("renditions"), default=list, editable=False)

    set_once_fields = ("image",)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return self.alt or self.image.name

    def clean(self):
        super().clean()
        errors = {}
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        if not (getattr(self, f"alt_{default}", None) or "").strip():
            errors[f"alt_{default}"] = NO_ALT
        if not self.rights_holder.strip():
            errors["rights_holder"] = NO_RIGHTS_HOLDER
        if errors:
            raise ValidationError(errors)

    def check_stored_kept(self):
        try:
            super().check_stored_kept()
        except ValidationError as error:
            raise ValidationError({"image": FILE_KEPT}) from error

    def save(self, *args, **kwargs):
        self.full_clean()
        if self.image and not _is_stored(self.image):
            self._store_renditions()
        super().save(*args, **kwargs)

    def _store_renditions(self):
        storage = self.image.storage
        folder = f"pictures/{self._meta.model_name}/{secrets.token_hex(8)}"
        with _opened(self.image) as handle:
            made = make_renditions(handle)
        self.renditions = [
            {
                "width": width,
                "height": height,
                "name": storage.save(f"{folder}/{width}.webp", ContentFile(content)),
            }
            for width, height, content in made
        ]
        largest = self.renditions[-1]
        self.width, self.height = largest["width"], largest["height"]
        self.image.name = largest["name"]
        self.image._committed = True

    def rendition(self, width: int) -> dict | None:
        return next((r for r in self.renditions if r["width"] == width), None)

    def url(self, width: int | None = None) -> str:
        width = width or self.width
        return reverse(self.url_name, args=[self.pk, width])

    @property
    def srcset(self) -> str:
        return ", ".join(f"{self.url(r['width'])} {r['width']}w" for r in self.renditions)


@receiver(post_delete)
def _delete_files(sender, instance, using=None, **kwargs):
    """A deleted picture's files go too, once the deletion is committed."""
    if not isinstance(instance, Picture):
        return
    storage = instance.image.storage
    names = [r["name"] for r in instance.renditions]

    def delete():
        for name in names:
            with contextlib.suppress(OSError):
                storage.delete(name)

    transaction.on_commit(delete, using=using)


def response(picture, width: int, *, public: bool) -> FileResponse:
    """The rendition ``width`` of ``picture`` as an image; 404 when there is none.

    A public picture may be kept by browsers and shared caches for a year (its address
    never serves another picture: the file is set once); one shown to the coordinator only
    is kept by no one."""
    found = picture.rendition(width)
    if found is None:
        raise Http404
    try:
        handle = picture.image.storage.open(found["name"], "rb")
    except OSError:
        raise Http404 from None
    answer = FileResponse(handle, content_type=CONTENT_TYPE)
    answer["Content-Security-Policy"] = DOWNLOAD_CSP
    answer["X-Content-Type-Options"] = "nosniff"
    answer["Cache-Control"] = (
        "public, max-age=31536000, immutable" if public else "private, no-store"
    )
    return answer


class PictureWidget(forms.ClearableFileInput):
    """The admin's picture input: a file input for a new picture, the picture itself (its
    smallest rendition, through the application) once stored, which is not replaced."""

    def render(self, name, value, attrs=None, renderer=None):
        picture = getattr(value, "instance", None)
        if _is_stored(value) and isinstance(picture, Picture) and picture.pk:
            return format_html(
                '<img src="{}" alt="" width="{}" height="{}" style="max-width:160px;height:auto">',
                picture.url(picture.renditions[0]["width"]) if picture.renditions else "",
                picture.renditions[0]["width"] if picture.renditions else 0,
                picture.renditions[0]["height"] if picture.renditions else 0,
            )
        return super().render(name, value, attrs, renderer)
