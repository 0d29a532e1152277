"""Signing in and out, and the second factor: under /arbete/ (/en/work/) beside the staff pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms import SignInForm
from accounts.second_factor import SecondFactorView
from accounts.set_password import SetPasswordView
from accounts.sign_in import SiteLoginView

app_name = "accounts"

urlpatterns = [
    path(
        _("sign-in/"),
        SiteLoginView.as_view(
            template_name="accounts/login.html",
            next_page=reverse_lazy(settings.LOGIN_REDIRECT_URL),
            authentication_form=SignInForm,
        ),
        name="login",
    ),
    path(
        _("sign-out/"),
        auth_views.LogoutView.as_view(next_page=reverse_lazy("accounts:login")),
        name="logout",
    ),
    path(_("second-factor/"), SecondFactorView.as_view(), name="second-factor"),
    path(
        _("set-password/<uidb64>/<token>/"),
        SetPasswordView.as_view(),
        name="set-password",
    ),
]
