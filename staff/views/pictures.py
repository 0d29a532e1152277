"""Pictures of a project or of a partner place on the staff pages (#14): upload, see, change,
remove. The rules are the domain's (projects.services.pictures, governance.access, the model's
checks); the staff page shows a picture through its own address, to whoever may work on its
project or place, whether or not it is public. One set of views serves both: the URL conf
names the model (``Project`` or ``Place``, ``ProjectPicture`` or ``PlacePicture``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from governance import pictures as picture_files
from partners.models import Place
from projects.models import Project, ProjectPicture
from projects.services import pictures
from staff.forms import PictureChangeForm, PictureForm
from staff.mixins import StaffMixin, add_errors


def picture_urls(owner) -> dict[str, str]:
    """The staff URL names of ``owner``'s pictures and page: "project-..." or "place-..."."""
    prefix = "place" if isinstance(owner, Place) else "project"
    return {
        "create": f"staff:{prefix}-picture-create",
        "image": f"staff:{prefix}-picture",
        "update": f"staff:{prefix}-picture-update",
        "remove": f"staff:{prefix}-picture-remove",
        "owner": f"staff:{prefix}-detail",
    }


def pictures_context(rights, owner) -> dict:
    """What the pictures section of a project's or place's staff page needs (#14)."""
    may_add = pictures.may_add(rights, owner)
    context = {
        "picture_owner": owner,
        "picture_urls": picture_urls(owner),
        "may_add_picture": may_add,
        "changeable_pictures": {p.pk for p in owner.pictures.all() if rights.may_change_picture(p)},
    }
    if may_add:
        context["picture_form"] = PictureForm(may_publish=rights.may_publish_picture)
    return context


def _owner_context(owner) -> dict:
    is_place = isinstance(owner, Place)
    return {
        "picture_owner": owner,
        "picture_urls": picture_urls(owner),
        "owner_name": owner.name if is_place else owner.title,
        "back_label": _("Back to the place") if is_place else _("Back to the project"),
    }


def _back(owner):
    return redirect(picture_urls(owner)["owner"], pk=owner.pk)


def _as_form_error(error):
    return ValidationError(str(error)) if isinstance(error, PermissionDenied) else error


class PictureUploadView(StaffMixin, FormView):
    """Add a picture to a project or a place: the same form as on its page, and where a refused
    picture is shown with its reason (400)."""

    template_name = "staff/picture_form.html"
    form_class = PictureForm
    model = Project  # or Place, set in the URL conf

    def dispatch(self, request, *args, **kwargs):
        queryset = self.model.objects.all()
        if self.model is Project:
            queryset = queryset.select_related("unit", "responsible_body")
        self.owner = get_object_or_404(queryset, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        if not pictures.may_add(self.rights, self.owner):
            raise PermissionDenied(pictures.refusal(self.owner))
        return True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "may_publish": self.rights.may_publish_picture}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**_owner_context(self.owner), **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            pictures.add_picture(
                self.owner,
                by=self.request.user,
                image=data.pop("image"),
                public=data.pop("public", False),
                **data,
            )
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, _as_form_error(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The picture is added."))
        return _back(self.owner)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PictureObjectMixin(StaffMixin):
    model = ProjectPicture  # or PlacePicture, set in the URL conf

    def dispatch(self, request, *args, **kwargs):
        queryset = self.model.objects.all()
        if self.model is ProjectPicture:
            queryset = queryset.select_related("project__unit", "project__responsible_body")
        else:
            queryset = queryset.select_related("place")
        self.picture = get_object_or_404(queryset, pk=kwargs["pk"])
        self.owner = pictures.owner_of(self.picture)
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        if not pictures.may_add(self.rights, self.owner):
            raise PermissionDenied(pictures.refusal(self.owner))
        return True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            picture=self.picture, **_owner_context(self.owner), **kwargs
        )


class PictureImageView(PictureObjectMixin, View):
    """One rendition of a picture, public or not, to those who keep its project or place:
    kept by no cache (the public site serves public ones under /pictures/)."""

    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        return picture_files.response(self.picture, kwargs["width"], public=False)


class PictureUpdateView(PictureObjectMixin, FormView):
    """Change a picture's texts and order; the coordinator also makes it public or not."""

    template_name = "staff/picture_form.html"
    form_class = PictureChangeForm

    def allowed(self):
        super().allowed()
        if not self.rights.may_change_picture(self.picture):
            raise PermissionDenied(pictures.PUBLIC_TEXT)
        return True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "may_publish": self.rights.may_publish_picture}

    def get_initial(self):
        return {
            **{name: getattr(self.picture, name) or "" for name in pictures.TEXT_FIELDS},
            "order": self.picture.order,
            "public": self.picture.public,
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            pictures.change_picture(
                self.picture, by=self.request.user, public=data.pop("public", None), **data
            )
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, _as_form_error(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The picture is changed."))
        return _back(self.owner)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PictureRemoveView(PictureObjectMixin, TemplateView):
    """Remove a picture after this page says what that means: its files go, its history
    stays."""

    template_name = "staff/picture_remove.html"

    def post(self, request, *args, **kwargs):
        owner = self.owner
        pictures.remove_picture(self.picture, by=request.user)
        messages.success(request, _("The picture is removed."))
        return _back(owner)
