"""A new term of office (#11): the coordinator registers a body's memberships after an election.

Entered in a form set or uploaded as the secretariat's spreadsheet, the memberships are first
shown row by row with each row's errors; nothing is saved until the coordinator confirms, and
then all rows or none (``governance.term_registration``). Each new account is e-mailed a link
to set its password (``accounts:set-password``).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from governance import term_registration
from staff import term_spreadsheet
from staff.forms import (
    TermConfirmForm,
    TermForm,
    TermLinkForm,
    TermMembershipFormSet,
    TermSpreadsheetForm,
)
from staff.mixins import StaffMixin


class TermMixin(StaffMixin):
    def allowed(self):
        return self.rights.may_register_term


class TermRegistrationView(TermMixin, TemplateView):
    """Choose body and term; enter the memberships or upload them; preview; confirm."""

    template_name = "staff/term_registration.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("term_form", TermForm())
        if kwargs.get("formset") is None:
            kwargs["formset"] = TermMembershipFormSet(prefix="m")
        kwargs.setdefault("upload_form", TermSpreadsheetForm())
        kwargs.setdefault("link_form", TermLinkForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        term_form = TermForm(request.POST)
        step = request.POST.get("step")
        if step == "confirm":
            return self.confirm(term_form, TermConfirmForm(request.POST))
        formset = TermMembershipFormSet(prefix="m")
        upload_form = TermSpreadsheetForm()
        rows, problem = None, None
        if step == "upload":
            upload_form = TermSpreadsheetForm(request.POST, request.FILES)
            if upload_form.is_valid():
                try:
                    rows = term_spreadsheet.read(
                        upload_form.cleaned_data["file"], upload_form.cleaned_data["format"]
                    )
                except term_spreadsheet.SheetError as error:
                    problem = str(error)
        else:
            formset = TermMembershipFormSet(request.POST, prefix="m")
            if formset.is_valid():
                rows = [
                    _row(number, form.cleaned_data)
                    for number, form in enumerate(formset.forms, start=1)
                    if form.has_changed() and form.cleaned_data
                ]
                if not rows:
                    problem = _("There are no memberships to register.")
        if not term_form.is_valid() or rows is None or problem:
            context = self.get_context_data(
                term_form=term_form, formset=formset, upload_form=upload_form, problem=problem
            )
            return self.render_to_response(context, status=400)
        return self.preview(term_form, rows, formset=formset)

    def preview(self, term_form, rows, *, formset=None):
        registration = term_registration.register_term(
            body=term_form.cleaned_data["body"],
            term=term_form.cleaned_data["term"],
            rows=rows,
            dry_run=True,
        )
        confirm = None
        if not registration.has_errors:
            confirm = TermConfirmForm(initial={"rows": TermConfirmForm.encode(rows)})
        # With errors, the form comes again below the preview, holding what was entered.
        context = self.get_context_data(
            term_form=term_form,
            registration=registration,
            confirm=confirm,
            formset=formset if formset is not None and formset.is_bound else None,
        )
        return self.render_to_response(context, status=400 if registration.has_errors else 200)

    def confirm(self, term_form, confirm_form):
        if not (term_form.is_valid() and confirm_form.is_valid()):
            problem = " ".join(confirm_form.errors.get("rows", []))
            context = self.get_context_data(term_form=term_form, problem=problem or None)
            return self.render_to_response(context, status=400)
        body, term = term_form.cleaned_data["body"], term_form.cleaned_data["term"]
        registration = term_registration.register_term(
            body=body, term=term, rows=confirm_form.cleaned_data["rows"], dry_run=False
        )
        if not registration.saved:  # a row became wrong since the preview: show it again
            context = self.get_context_data(term_form=term_form, registration=registration)
            return self.render_to_response(context, status=400)
        send_set_password_links(self.request, registration.new_accounts)
        messages.success(
            self.request,
            _(
                "%(count)s memberships of %(body)s for the term %(term)s were registered; "
                "%(accounts)s new accounts were e-mailed a link to set their password."
            )
            % {
                "count": len(registration.rows),
                "body": body.short_name,
                "term": term,
                "accounts": len(registration.new_accounts),
            },
        )
        return redirect("staff:term-registration")


class TermLinkView(TermMixin, View):
    """A new link to set the password, when the first expired or was lost."""

    http_method_names = ["post"]

    def post(self, request):
        form = TermLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("email", [])))
            return redirect("staff:term-registration")
        try:
            user = term_registration.account_awaiting_password(form.cleaned_data["email"])
        except term_registration.RegistrationRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("staff:term-registration")
        send_set_password_links(request, [user])
        messages.success(
            request,
            _("A new link to set the password was e-mailed to %(email)s.") % {"email": user.email},
        )
        return redirect("staff:term-registration")


class TermTemplateView(TermMixin, View):
    """The empty spreadsheet with the right headers, in the page's language."""

    http_method_names = ["get", "head"]

    def get(self, request):
        file_format = request.GET.get("format", "xlsx")
        if file_format not in term_spreadsheet.FORMATS:
            raise Http404
        response = HttpResponse(
            term_spreadsheet.template(file_format),
            content_type=term_spreadsheet.FORMATS[file_format],
        )
        filename = f"{_('memberships')}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _row(number, data) -> term_registration.Row:
    return term_registration.Row(
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        role=data["role"],
        starts_on=data.get("starts_on"),
        number=number,
    )


def send_set_password_links(request, users) -> None:
    """E-mail each new account a link to set its password (valid PASSWORD_RESET_TIMEOUT).

    Sent inside the page's transaction: if the mail server refuses, nothing is registered and
    the coordinator confirms again."""
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    mails = []
    for user in users:
        path = reverse(
            "accounts:set-password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {
            "user": user,
            "link": request.build_absolute_uri(path),
            "days": days,
            "sign_in": request.build_absolute_uri(reverse("accounts:login")),
            "municipality": settings.MUNICIPALITY_NAME,
        }
        mails.append(
            EmailMessage(
                subject=_("Your account for international relations at %(municipality)s") % context,
                body=render_to_string("staff/term_account_email.txt", context),
                to=[user.email],
            )
        )
    if mails:
        get_connection().send_messages(mails)
