"""A project's pictures on the staff pages (#14): adding one, changing its texts, removing it.

The staff pages call these (the admin is the coordinator's own way to the same records), so
who may do what is asked once, of ``governance.access``: the work's own staff add and remove
pictures, only the coordinator makes one public. What a picture must be (a JPEG, PNG or WebP
of at most ``PICTURE_MAX_BYTES``, alt text in Swedish, a rights holder) is the model's
(``governance.pictures.Picture``), checked on every save: a refused picture saves nothing.

A removed picture is deleted with its files, as the model does in the admin: its history
(django-simple-history) keeps its texts, who removed it and when.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance import access
from projects.models import Project, ProjectPicture

# The fields a picture's form may change; the file itself is set once.
TEXT_FIELDS = ("alt_sv", "alt_en", "caption_sv", "caption_en", "rights_holder", "order")


def refusal(project: Project) -> str:
    """Who may add or remove the work's pictures, for the refusal: it names the unit."""
    workplace = project.workplace
    return _(
        "Only staff of %(unit)s and the international coordinator may add or remove "
        "pictures of “%(title)s”."
    ) % {"unit": workplace.name if workplace else _("its unit"), "title": project.title}


NOT_PUBLISHER = gettext_lazy(
    "Only the international coordinator makes a picture public, after checking that everyone "
    "recognisable in it has agreed."
)
PUBLIC_TEXT = gettext_lazy(
    "The picture is public: only the international coordinator changes its texts. Ask the "
    "coordinator, or remove the picture."
)


def _check_public(rights, public: bool) -> None:
    if public and not rights.may_publish_picture:
        raise PermissionDenied(NOT_PUBLISHER)


@transaction.atomic
def add_picture(project: Project, *, by, image, public=False, **texts) -> ProjectPicture:
    """A new picture of ``project``, scaled to its renditions and stored; ``texts`` are
    TEXT_FIELDS. Internal unless the coordinator makes it public. Side effects: the files of
    the renditions, a history row."""
    rights = access.rights_of(by)
    if not rights.may_add_picture(project):
        raise PermissionDenied(refusal(project))
    _check_public(rights, public)
    picture = ProjectPicture(project=project, image=image, public=public)
    for field in TEXT_FIELDS:
        if field in texts:
            setattr(picture, field, texts[field])
    picture.save()  # full_clean: the file, the alt text, the rights holder
    return picture


@transaction.atomic
def change_picture(picture: ProjectPicture, *, by, public=None, **texts) -> ProjectPicture:
    """New texts or order of ``picture`` (TEXT_FIELDS), and, for the coordinator, whether it
    is public. Side effect: a history row."""
    rights = access.rights_of(by)
    if not rights.may_change_picture(picture):
        if rights.may_add_picture(picture.project):
            raise PermissionDenied(PUBLIC_TEXT)
        raise PermissionDenied(refusal(picture.project))
    if public is not None and public != picture.public:
        if not rights.may_publish_picture:
            raise PermissionDenied(NOT_PUBLISHER)
        picture.public = public
    for field in TEXT_FIELDS:
        if field in texts:
            setattr(picture, field, texts[field])
    picture.save()
    return picture


@transaction.atomic
def remove_picture(picture: ProjectPicture, *, by) -> None:
    """Delete ``picture`` and, once committed, its files. Side effect: a history row naming
    who removed it."""
    rights = access.rights_of(by)
    if not rights.may_add_picture(picture.project):
        raise PermissionDenied(refusal(picture.project))
    picture._history_user = by  # simple-history records who removed it
    picture.delete()
