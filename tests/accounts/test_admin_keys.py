"""The admin never shows an authenticator app's key (#15, tried again as an attacker would).

django-otp's admin showed every account's key to whoever may view devices (a superuser; the
tests' coordinator holds every permission): the key on the change page, a QR code link in the
list, and the key and its QR code on ``<id>/config/`` and ``<id>/qrcode/``. Those two pages
also answered 500 to anyone in the admin for an id not in the table (they read the device
before asking for the permission). With ``OTP_ADMIN_HIDE_SENSITIVE_DATA`` the key is hidden
and both pages are refused (403).
"""

import base64

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories


@pytest.fixture
def device(db):
    return TOTPDevice.objects.create(user=factories.UserFactory(), name="authenticator")


def _secrets(device):
    return [device.key, base64.b32encode(device.bin_key).decode().rstrip("=")]


@pytest.mark.parametrize("page", ["config", "qrcode"])
def test_the_admin_refuses_to_show_a_key(client, coordinator, device, page):
    client.force_login(coordinator)

    response = client.get(reverse(f"admin:otp_totp_totpdevice_{page}", args=[device.pk]))

    assert response.status_code == 403
    assert not any(secret in response.content.decode() for secret in _secrets(device))


@pytest.mark.parametrize("page", ["config", "qrcode"])
def test_the_admin_key_pages_refuse_an_unknown_device(client, coordinator, page):
    client.force_login(coordinator)
    client.raise_request_exception = False

    response = client.get(f"/admin/otp_totp/totpdevice/99999999999999999999/{page}/")

    assert response.status_code == 403


def test_the_admin_lists_and_changes_a_device_without_its_key(client, coordinator, device):
    client.force_login(coordinator)

    listed = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    changed = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert listed.status_code == changed.status_code == 200
    for response in (listed, changed):
        content = response.content.decode()
        assert device.user.username in content
        assert not any(secret in content for secret in _secrets(device))
        assert "/config/" not in content
