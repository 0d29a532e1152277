"""Signing in (#6 security): lockout, one message for every failure, timeouts, second factor."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import client_ip_address
from tests import factories

PASSWORD = "demo-password"
STAFF_LOGIN = "/arbete/logga-in/"
ADMIN_LOGIN = "/admin/login/"
LOCKED = "För många misslyckade inloggningar"


def _sign_in(client, url, username, password=PASSWORD):
    return client.post(url, {"username": username, "password": password})


@pytest.fixture
def user(db):
    return factories.UserFactory(username="handlaggare", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("url", [STAFF_LOGIN, ADMIN_LOGIN])
def test_unknown_user_and_wrong_password_get_the_same_message(client, user, url):
    unknown = _sign_in(client, url, "finns-inte")
    wrong = _sign_in(client, url, user.username, "fel-losenord")

    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors
    message = unknown.context["form"].non_field_errors()[0]
    assert "användarnamn och lösenord" in message  # Swedish, and it names neither as wrong
    assert message in unknown.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", [STAFF_LOGIN, ADMIN_LOGIN])
def test_repeated_failures_lock_the_user_name_out_even_with_the_right_password(
    client, user, settings, url
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, url, user.username, "fel-losenord")

    locked = _sign_in(client, url, user.username)

    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_ends_after_the_cool_off_time(client, user, settings):
    start = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _sign_in(client, STAFF_LOGIN, user.username, "fel-losenord")
        assert _sign_in(client, STAFF_LOGIN, user.username).status_code == 429
    later = start + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        signed_in = _sign_in(client, STAFF_LOGIN, user.username)
        # Read while the clock is still pinned: the session expires some hours after ``later``.
        signed_in_user = client.session.get("_auth_user_id")

    assert signed_in.status_code == 302
    assert signed_in_user == str(user.pk)


def test_a_lockout_of_one_user_name_leaves_others_alone(client, user, settings):
    other = factories.UserFactory(username="kollega")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, STAFF_LOGIN, user.username, "fel-losenord")

    response = _sign_in(client, STAFF_LOGIN, other.username)

    assert response.status_code == 302


def test_a_successful_sign_in_resets_the_count(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, STAFF_LOGIN, user.username, "fel-losenord")
    assert _sign_in(client, STAFF_LOGIN, user.username).status_code == 302
    client.post(reverse("accounts:logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, STAFF_LOGIN, user.username, "fel-losenord")

    assert _sign_in(client, STAFF_LOGIN, user.username).status_code == 302


def test_behind_a_proxy_the_client_is_the_address_the_proxy_appended(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7", REMOTE_ADDR="10.0.0.1")

    settings.USE_X_FORWARDED_FOR = False
    direct = client_ip_address(request)
    settings.USE_X_FORWARDED_FOR = True
    proxied = client_ip_address(request)

    assert (direct, proxied) == ("10.0.0.1", "203.0.113.7")


# --- Session timeouts ------------------------------------------------------------------------


def _signed_in_at(client, user, moment):
    with time_machine.travel(moment, tick=False):
        assert _sign_in(client, STAFF_LOGIN, user.username).status_code == 302


def test_an_idle_session_ends(client, user, settings):
    start = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)
    _signed_in_at(client, user, start)
    idle = datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)

    with time_machine.travel(start + idle - datetime.timedelta(minutes=1), tick=False):
        still = client.get(reverse("staff:home"))
    with time_machine.travel(start + 2 * idle, tick=False):
        ended = client.get(reverse("staff:home"), follow=True)

    assert still.status_code == 200
    assert ended.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "Du har loggats ut" in ended.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_busy_session_still_ends_at_the_absolute_limit(client, user, settings):
    start = datetime.datetime(2026, 11, 27, 7, 0, tzinfo=datetime.UTC)
    _signed_in_at(client, user, start)
    step = datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT // 2)
    moment = start
    limit = start + datetime.timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT)
    while moment + step < limit:
        moment += step
        with time_machine.travel(moment, tick=False):
            assert client.get(reverse("staff:home")).status_code == 200

    with time_machine.travel(limit + datetime.timedelta(minutes=1), tick=False):
        ended = client.get(reverse("staff:home"))

    assert ended.status_code == 302
    assert ended.url.startswith(reverse("accounts:login"))


# --- Second factor ---------------------------------------------------------------------------


@pytest.fixture
def otp_required(settings):
    settings.STAFF_OTP_REQUIRED = True


def _code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


@pytest.mark.parametrize("page", ["/arbete/", "/uppfoljning/", "/admin/", "/en/admin/"])
def test_staff_pages_wait_for_the_second_factor(client, user, otp_required, page):
    _sign_in(client, STAFF_LOGIN, user.username)

    response = client.get(page)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:second-factor"))


def test_the_public_site_does_not_ask_for_the_second_factor(client, user, otp_required):
    _sign_in(client, STAFF_LOGIN, user.username)

    assert client.get("/").status_code == 200


def test_the_first_time_sets_up_an_app_and_a_code_confirms_it(client, user, otp_required):
    _sign_in(client, STAFF_LOGIN, user.username)
    page = client.get(reverse("accounts:second-factor"), {"next": "/uppfoljning/"})
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert "nav-follow-up" not in page.content.decode()  # no menu before the second factor
    assert page.context["manual_key"].replace(" ", "")

    confirmed = client.post(
        reverse("accounts:second-factor"), {"code": _code(device), "next": "/uppfoljning/"}
    )

    device.refresh_from_db()
    assert device.confirmed
    assert confirmed.status_code == 302
    assert confirmed.url == "/uppfoljning/"
    after = client.get("/uppfoljning/")
    assert after.status_code == 200
    assert "nav-follow-up" in after.content.decode()


def test_a_wrong_code_is_refused_with_a_reason(client, user, otp_required):
    _sign_in(client, STAFF_LOGIN, user.username)
    client.get(reverse("accounts:second-factor"))

    for code in ["000000", "12ab56", ""]:
        response = client.post(reverse("accounts:second-factor"), {"code": code})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]

    assert not TOTPDevice.objects.get(user=user).confirmed
    assert client.get("/arbete/").status_code == 302


def test_later_sign_ins_ask_for_a_code_without_a_new_qr_code(client, user, otp_required):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, STAFF_LOGIN, user.username)

    page = client.get(reverse("accounts:second-factor"))
    client.post(reverse("accounts:second-factor"), {"code": _code(device)})

    assert "data:image/svg+xml" not in page.content.decode()
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert client.get("/arbete/").status_code == 200


def test_the_second_factor_page_does_not_follow_a_next_to_another_site(client, user, otp_required):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, STAFF_LOGIN, user.username)

    response = client.post(
        reverse("accounts:second-factor"),
        {"code": _code(device), "next": "https://evil.example/"},
    )

    assert response.url == reverse("staff:home")


def test_without_the_setting_no_second_factor_is_asked(client, user, settings):
    settings.STAFF_OTP_REQUIRED = False
    _sign_in(client, STAFF_LOGIN, user.username)

    assert client.get("/arbete/").status_code == 200
