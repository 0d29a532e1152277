"""Documents of case work on the staff pages (#12): upload to an application, a project or
a meeting, download, mark public, withdraw. The rules are the domain's (projects.services.documents,
governance.access); a file is served only here, as a download typed by its content."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from governance import uploads
from governance.models import Meeting
from projects import predicates, queries
from projects.models import Application, CaseDocument, Project
from projects.services import documents
from staff.forms import DocumentForm, ReasonForm
from staff.mixins import StaffMixin, add_errors


def back_to(document_or_target):
    """The staff page that lists the document: its application's or project's, the
    application of its decision, or the start page."""
    target = getattr(document_or_target, "target", document_or_target)
    if isinstance(target, Application):
        return redirect("staff:application-detail", pk=target.pk)
    if isinstance(target, Project):
        return redirect("staff:project-detail", pk=target.pk)
    if isinstance(target, Meeting):
        return redirect("staff:meeting-detail", pk=target.pk)
    application = Application.objects.filter(decision=getattr(target, "pk", None)).first()
    if application is not None:
        return redirect("staff:application-detail", pk=application.pk)
    return redirect("staff:home")


class DocumentUploadView(StaffMixin, FormView):
    """Add a document to an application, a project or a meeting: the same form as on its
    page, and where a refused file is shown with its reason."""

    template_name = "staff/document_form.html"
    form_class = DocumentForm
    model = None  # Application, Project or Meeting, set in the URL conf

    def dispatch(self, request, *args, **kwargs):
        self.target = get_object_or_404(self.model, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def allowed(self):
        if not documents.may_add(self.rights, self.target):
            raise PermissionDenied(documents.refusal(self.target))
        if isinstance(self.target, Application) and not predicates.takes_documents(self.target):
            raise PermissionDenied(
                _("The application is decided or withdrawn; its documents stay as they were.")
            )
        return True

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "may_publish": self.rights.may_publish_document,
            "target_field": documents.target_field(self.target),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(target=self.target, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            documents.add_document(
                self.target,
                by=self.request.user,
                kind=data["kind"],
                title=data["title"],
                file=data["file"],
                public=data.get("public", False),
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(str(error))
            add_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("The document is added."))
        return back_to(self.target)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DocumentObjectMixin(StaffMixin):
    def dispatch(self, request, *args, **kwargs):
        self.document = get_object_or_404(
            CaseDocument.objects.select_related(
                "application__project__unit",
                "project__unit",
                "decision__body",
                "meeting__body",
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)


class DocumentDownloadView(DocumentObjectMixin, View):
    """The file, to whoever may read its record; withdrawn ones too (they stay on record)."""

    http_method_names = ["get", "head"]

    def allowed(self):
        return queries.may_read_document(self.rights, self.document)

    def get(self, request, *args, **kwargs):
        return uploads.attachment(self.document.file)


class DocumentPublicView(DocumentObjectMixin, View):
    """Mark a document public, or internal again: the coordinator (POST ``public`` = 1/0)."""

    http_method_names = ["post"]

    def allowed(self):
        if not self.rights.may_publish_document:
            raise PermissionDenied(str(documents.NOT_PUBLISHER))
        return True

    def post(self, request, *args, **kwargs):
        public = request.POST.get("public") == "1"
        try:
            documents.set_public(self.document, by=request.user, public=public)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The document is public.") if public else _("The document is internal."),
            )
        return back_to(self.document)


class DocumentWithdrawView(DocumentObjectMixin, FormView):
    """Withdraw a document, with the reason, after this page: it stays on record."""

    template_name = "staff/document_withdraw.html"
    form_class = ReasonForm

    def allowed(self):
        if not documents.may_add(self.rights, self.document.target):
            raise PermissionDenied(documents.refusal(self.document.target))
        return True

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, **kwargs)

    def form_valid(self, form):
        try:
            documents.withdraw(
                self.document, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(str(error))
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The document is withdrawn; it stays on record."))
        return back_to(self.document)


def may_withdraw_from(rights, target) -> bool:
    """Whether the user may withdraw the target's documents: whoever may add to it; an
    application's, while it takes documents (the coordinator's always)."""
    if not documents.may_add(rights, target):
        return False
    if isinstance(target, Application) and not rights.is_coordinator:
        return predicates.takes_documents(target)
    return True


def documents_context(rights, docs, targets, upload_target=None) -> dict:
    """What ``staff/_documents.html`` needs: the documents, which of them the user may
    withdraw (asked once per record they belong to), and the upload form where allowed.
    ``targets`` maps a document's field ("application", "project", ...) to its records."""
    may_change = {
        (name, target.pk): may_withdraw_from(rights, target)
        for name, records in targets.items()
        for target in records
        if target is not None
    }
    withdrawable = {
        document.pk
        for document in docs
        for name in targets
        if may_change.get((name, getattr(document, f"{name}_id")))
    }
    context = {"documents": docs, "withdrawable": withdrawable}
    if (
        upload_target is not None
        and documents.may_add(rights, upload_target)
        and (
            not isinstance(upload_target, Application) or predicates.takes_documents(upload_target)
        )
    ):
        field = documents.target_field(upload_target)
        context["document_form"] = DocumentForm(
            may_publish=rights.may_publish_document, target_field=field
        )
        context["document_action"] = reverse(
            f"staff:{field}-document-create", args=[upload_target.pk]
        )
    return context
