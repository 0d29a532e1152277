"""Signing in with a second factor, in Chromium, checked with axe-core for WCAG 2.1 AA (#6)."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories
from tests.accessibility import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_sets_up_the_app_then_reaches_the_follow_up(live_server, page, settings):
    settings.STAFF_OTP_REQUIRED = True
    user = factories.UserFactory(username="samordnare", is_staff=True, is_superuser=True)
    factories.PersonFactory(user=user)
    visitor = Visitor(page, live_server.url)

    visitor.sign_in("samordnare")
    visitor.go(reverse("followup:dashboard"))
    assert reverse("accounts:second-factor") in page.url
    assert not page.locator("img[src^='data:image/svg+xml']").count()  # not before the password
    page.fill("#id_password", "demo-password")
    visitor.click("#confirm-password")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    device = TOTPDevice.objects.get(user=user)
    page.fill("#id_code", "123")
    visitor.click("#confirm-code")
    assert page.locator(".invalid-feedback, .alert-danger").first.is_visible()
    page.fill("#id_code", f"{totp(device.bin_key):06d}")
    visitor.click("#confirm-code")

    assert page.url.endswith(reverse("followup:dashboard"))
    assert visitor.reports == {}


def test_the_lockout_page_is_accessible(live_server, page, settings):
    factories.UserFactory(username="handlaggare")
    visitor = Visitor(page, live_server.url)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        visitor.go(reverse("accounts:login"))
        page.fill("#id_username", "handlaggare")
        page.fill("#id_password", "fel")
        visitor.click("#sign-in")

    visitor.sign_in("handlaggare")

    assert page.locator("h1").inner_text() == "För många misslyckade inloggningar"
    assert visitor.reports == {}
