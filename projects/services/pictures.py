"""Pictures of a project or of a partner place on the staff pages (#14): adding one, changing
its texts, removing it.

The staff pages call these (the admin is the coordinator's own way to the same records), so
who may do what is asked once, of ``governance.access``: the work's own staff add and remove
a project's pictures, the coordinator a place's (``may_add``); only the coordinator makes one
public. What a picture must be (a JPEG, PNG or WebP
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
from governance.pictures import Picture
from partners.models import Place, PlacePicture
from projects.models import Project, ProjectPicture

# The fields a picture's form may change; the file itself is set once.
TEXT_FIELDS = ("alt_sv", "alt_en", "caption_sv", "caption_en", "rights_holder", "order")


def may_add(rights, owner: Project | Place) -> bool:
    """Whether ``rights`` add pictures to ``owner`` and remove them."""
    if isinstance(owner, Place):
        return rights.may_add_place_picture(owner)
    return rights.may_add_picture(owner)


def owner_of(picture: Picture) -> Project | Place:
    """The project or place ``picture`` shows."""
    return picture.place if isinstance(picture, PlacePicture) else picture.project


def new_picture(owner: Project | Place, **fields) -> Picture:
    if isinstance(owner, Place):
        return PlacePicture(place=owner, **fields)
    return ProjectPicture(project=owner, **fields)


def refusal(owner: Project | Place) -> str:
    """Who may add or remove the owner's pictures, for the refusal: it names the unit."""
    if isinstance(owner, Place):
        return _(
            "Only the international coordinator may add, change or remove pictures of the "
            "partner place %(name)s."
        ) % {"name": owner.name}
    workplace = owner.workplace
    return _(
        "Only staff of %(unit)s and the international coordinator may add or remove "
        "pictures of “%(title)s”."
    ) % {"unit": workplace.name if workplace else _("its unit"), "title": owner.title}


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
def add_picture(owner: Project | Place, *, by, image, public=False, **texts) -> Picture:
    """A new picture of ``owner`` (a project or a place), scaled to its renditions and
    stored; ``texts`` are TEXT_FIELDS. Internal unless the coordinator makes it public. Side
    effects: the files of the renditions, a history row."""
    rights = access.rights_of(by)
    if not may_add(rights, owner):
        raise PermissionDenied(refusal(owner))
    _check_public(rights, public)
    picture = new_picture(owner, image=image, public=public)
    for field in TEXT_FIELDS:
        if field in texts:
            setattr(picture, field, texts[field])
    picture.save()  # full_clean: the file, the alt text, the rights holder
    return picture


@transaction.atomic
def change_picture(picture: Picture, *, by, public=None, **texts) -> Picture:
    """New texts or order of ``picture`` (TEXT_FIELDS), and, for the coordinator, whether it
    is public. Side effect: a history row."""
    rights = access.rights_of(by)
    if not rights.may_change_picture(picture):
        owner = owner_of(picture)
        if may_add(rights, owner):
            raise PermissionDenied(PUBLIC_TEXT)
        raise PermissionDenied(refusal(owner))
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
def remove_picture(picture: Picture, *, by) -> None:
    """Delete ``picture`` and, once committed, its files. Side effect: a history row naming
    who removed it."""
    rights = access.rights_of(by)
    owner = owner_of(picture)
    if not may_add(rights, owner):
        raise PermissionDenied(refusal(owner))
    picture._history_user = by  # simple-history records who removed it
    picture.delete()
