"""The second factor: a one-time code from an authenticator app (TOTP, django-otp).

An account with a confirmed app is asked for a code. Setting up the app shows its key (a QR
code and the key written out), which is as good as the second factor itself, so it is shown
only to someone who has just proved the password twice (#15): within
``OTP_ENROLMENT_MINUTES`` (10) of signing in with the password (the sign-in records the time
in the session, ``PASSWORD_SIGNED_IN_AT``), and after typing the password again on this page.
That confirmation makes a new key (any earlier unconfirmed one is dropped) and is tied to that
sign-in; the device counts only once a code from it has been confirmed, in the same window.
A stale session is told to sign in again and sees nothing; a wrong password is refused and
counts towards the sign-in lockout (django-axes, through ``authenticate``).
"""

import base64
import time

import segno
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import PASSWORD_SIGNED_IN_AT

DEVICE_NAME = "authenticator"
# Session key: the password sign-in (its PASSWORD_SIGNED_IN_AT) whose password was confirmed
# again on the set-up page.
ENROLMENT_CONFIRMED_FOR = "otp_enrolment_confirmed_for"

# Where the user stands: a code is asked (an app is set up), the sign-in is too old to set
# one up, the password is to be confirmed again, or the key may be shown.
VERIFY, STALE, CONFIRM, READY = "verify", "stale", "confirm", "ready"


def enrolment_stage(session) -> str:
    """How far a user without a confirmed app may go in setting one up, now."""
    signed_in_at = session.get(PASSWORD_SIGNED_IN_AT)
    window = settings.OTP_ENROLMENT_MINUTES * 60
    if not isinstance(signed_in_at, int | float) or not 0 <= time.time() - signed_in_at <= window:
        return STALE
    if session.get(ENROLMENT_CONFIRMED_FOR) != signed_in_at:
        return CONFIRM
    return READY


class PasswordForm(forms.Form):
    """The password once more, before the app's key is shown."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through the authentication backends, so django-axes counts a wrong one and refuses
        # a locked-out user name as it does at the sign-in.
        confirmed = authenticate(self.request, username=user.get_username(), password=password)
        if confirmed is None or confirmed.pk != user.pk:
            raise forms.ValidationError(_("The password is not correct."))
        return password


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        # verify_token also slows down guessing: each failure doubles the wait (django-otp).
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "The code is not correct or has expired. Check that the phone's clock is "
                    "right and enter the newest code."
                )
            )
        return code


class SecondFactorView(LoginRequiredMixin, FormView):
    template_name = "accounts/second_factor.html"
    login_url = reverse_lazy("accounts:login")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_verified():
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def find_stage(self):
        """The stage, and the device a code is checked against (None before the key is shown)."""
        user = self.request.user
        self.device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if self.device is not None:
            self.stage = VERIFY
            return
        self.stage = enrolment_stage(self.request.session)
        if self.stage == READY:
            self.device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if self.device is None:
                self.device = TOTPDevice.objects.create(
                    user=user, confirmed=False, name=DEVICE_NAME
                )

    def get_form_class(self):
        return PasswordForm if self.stage == CONFIRM else CodeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.stage == CONFIRM:
            kwargs["request"] = self.request
        else:
            kwargs["device"] = self.device
        return kwargs

    def get(self, request, *args, **kwargs):
        self.find_stage()
        if self.stage == STALE:
            return self.render_to_response(self.get_context_data(form=None))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.find_stage()
        if self.stage == STALE:
            return self.render_to_response(self.get_context_data(form=None), status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        session = self.request.session
        if self.stage == CONFIRM:
            # A new key for this sign-in: one shown earlier, to whoever saw it, is void.
            user = self.request.user
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            TOTPDevice.objects.create(user=user, confirmed=False, name=DEVICE_NAME)
            session[ENROLMENT_CONFIRMED_FOR] = session[PASSWORD_SIGNED_IN_AT]
            target = reverse("accounts:second-factor")
            next_url = self.next_url()
            return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
        if not self.device.confirmed:
            self.device.confirmed = True
            self.device.save(update_fields=["confirmed"])
            session.pop(ENROLMENT_CONFIRMED_FOR, None)
        otp_login(self.request, self.device)
        return redirect(self.get_success_url())

    def next_url(self) -> str:
        return self.request.POST.get("next") or self.request.GET.get("next", "")

    def get_success_url(self):
        next_url = self.next_url()
        if next_url and url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return next_url
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stage"] = self.stage
        context["setting_up"] = self.stage != VERIFY
        context["enrolment_minutes"] = settings.OTP_ENROLMENT_MINUTES
        context["next"] = self.next_url()
        if self.stage == READY:
            context["qr_code"] = segno.make(self.device.config_url, error="m").svg_data_uri(
                scale=5, dark="#000", light="#fff"
            )
            key = base64.b32encode(self.device.bin_key).decode("ascii").rstrip("=")
            context["manual_key"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        return context
