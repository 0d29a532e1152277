"""A project's pictures on the staff pages (#14): upload, see, change, remove. The rules are
the domain's (projects.services.pictures, governance.access, the model's checks); the staff
page shows a picture through its own address, to whoever may work on the project, whether or
not it is public."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from governance import pictures as picture_files
from projects.models import Project, ProjectPicture
from projects.services import pictures
from staff.forms import PictureChangeForm, PictureForm
from staff.mixins import StaffMixin, add_errors


def _as_form_error(error):
    return ValidationError(str(error)) if isinstance(error, PermissionDenied) else error


class PictureUploadView(StaffMixin, FormView):
    """Add a picture to a project: the same form as on its page, and where a refused picture
    is shown with its reason (400)."""

    template_name = "staff/picture_form.html"
    form_class = PictureForm

    def dispatch(self, request, *args, **kwargs):
        self.project = get_object_or_404(
            Project.objects.select_related("unit", "responsible_body"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        if not self.rights.may_add_picture(self.project):
            raise PermissionDenied(pictures.refusal(self.project))
        return True

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "may_publish": self.rights.may_publish_picture}

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            pictures.add_picture(
                self.project,
                by=self.request.user,
                image=data.pop("image"),
                public=data.pop("public", False),
                **data,
            )
        except (ValidationError, PermissionDenied) as error:
            add_errors(form, _as_form_error(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The picture is added."))
        return redirect("staff:project-detail", pk=self.project.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PictureObjectMixin(StaffMixin):
    def dispatch(self, request, *args, **kwargs):
        self.picture = get_object_or_404(
            ProjectPicture.objects.select_related("project__unit", "project__responsible_body"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        if not self.rights.may_add_picture(self.picture.project):
            raise PermissionDenied(pictures.refusal(self.picture.project))
        return True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            picture=self.picture, project=self.picture.project, **kwargs
        )


class PictureImageView(PictureObjectMixin, View):
    """One rendition of a project's picture, public or not, to the work's staff: kept by no
    cache (the public site serves public ones under /pictures/)."""

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
        return redirect("staff:project-detail", pk=self.picture.project_id)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PictureRemoveView(PictureObjectMixin, TemplateView):
    """Remove a picture after this page says what that means: its files go, its history
    stays."""

    template_name = "staff/picture_remove.html"

    def post(self, request, *args, **kwargs):
        project_pk = self.picture.project_id
        pictures.remove_picture(self.picture, by=request.user)
        messages.success(request, _("The picture is removed."))
        return redirect("staff:project-detail", pk=project_pk)
