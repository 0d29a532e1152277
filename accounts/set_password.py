"""Setting a password through an e-mailed link: new members' accounts after an election (#11).

Django's password-reset confirmation (a one-use token, valid PASSWORD_RESET_TIMEOUT) on our
pages. A link that has expired or was used already says so and who gives a new one. The
second factor is set up at the first sign-in, as for everyone.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password is set. Sign in with your user name and password.")
        )
        return response
