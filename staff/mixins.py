"""What every signed-in page shares (the staff pages and the follow-up): a login, a right
checked on the server, a clear refusal on the one 403 page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from governance.access import Rights, rights_of

NOT_ALLOWED = _("You do not have the right to use this page.")


class StaffMixin(LoginRequiredMixin):
    """Signed-in users with a right to the page; others are refused with a reason (403)."""

    login_url = reverse_lazy("accounts:login")
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            if not self.allowed():
                raise PermissionDenied(NOT_ALLOWED)
            if request.method == "POST":
                # A save writes a record, its history and its links: all of it, or nothing,
                # even when the worker dies in the middle (bench/load_writes.py kills one).
                with transaction.atomic():
                    return super().dispatch(request, *args, **kwargs)
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return refused(request, refusal)

    @cached_property
    def rights(self) -> Rights:
        """The user's rights, loaded once per request (accounts.middleware.RightsMiddleware)."""
        rights = getattr(self.request, "rights", None)
        return rights if rights is not None else rights_of(self.request.user)

    def allowed(self) -> bool:
        return self.rights.may_use_staff_pages

    # The menu (``nav``) comes from staff.context_processors.staff_nav, which the
    # follow-up pages share.


def refused(request, refusal):
    message = str(refusal) or str(NOT_ALLOWED)
    return TemplateResponse(request, "staff/403.html", {"message": message}, status=403)


def add_errors(form, error: ValidationError) -> None:
    """Show a domain rule's refusal on the form: on its field if the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
