"""The second factor: a one-time code from an authenticator app (TOTP, django-otp).

The first visit sets up the app: the page shows a QR code and the key for manual entry, and
the device counts only once a code from it has been confirmed. Later visits ask for a code.
"""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


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
    form_class = CodeForm
    login_url = reverse_lazy("accounts:login")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_verified():
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_device(self):
        user = self.request.user
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            # One unconfirmed device per user, kept until confirmed so the QR code stays valid.
            device, _created = TOTPDevice.objects.get_or_create(
                user=user, confirmed=False, defaults={"name": DEVICE_NAME}
            )
        return device

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["device"] = self.device
        return kwargs

    def get(self, request, *args, **kwargs):
        self.device = self.get_device()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.device = self.get_device()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not self.device.confirmed:
            self.device.confirmed = True
            self.device.save(update_fields=["confirmed"])
        otp_login(self.request, self.device)
        return redirect(self.get_success_url())

    def get_success_url(self):
        next_url = self.request.POST.get("next") or self.request.GET.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return next_url
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["setting_up"] = not self.device.confirmed
        context["next"] = self.request.POST.get("next") or self.request.GET.get("next", "")
        if not self.device.confirmed:
            context["qr_code"] = segno.make(self.device.config_url, error="m").svg_data_uri(
                scale=5, dark="#000", light="#fff"
            )
            key = base64.b32encode(self.device.bin_key).decode("ascii").rstrip("=")
            context["manual_key"] = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        return context
