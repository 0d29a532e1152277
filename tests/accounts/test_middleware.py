"""The session rules of accounts/middleware.py (#6 security): the client address behind a proxy,
idle and absolute timeouts, and the staff pages waiting for the second factor."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.middleware import client_ip_address

PASSWORD = "demo-password"
STAFF_LOGIN = "/arbete/logga-in/"


def _sign_in(client, url, username, password=PASSWORD):
    return client.post(url, {"username": username, "password": password})


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


# --- The second factor is asked before any staff page ----------------------------------------


@pytest.mark.parametrize("page", ["/arbete/", "/uppfoljning/", "/admin/", "/en/admin/"])
def test_staff_pages_wait_for_the_second_factor(client, user, otp_required, page):
    _sign_in(client, STAFF_LOGIN, user.username)

    response = client.get(page)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:second-factor"))


def test_the_public_site_does_not_ask_for_the_second_factor(client, user, otp_required):
    _sign_in(client, STAFF_LOGIN, user.username)

    response = client.get("/")

    assert response.status_code == 200
    assert "<h1>Internationella relationer</h1>" in response.content.decode()


def test_without_the_setting_no_second_factor_is_asked(client, user, settings):
    settings.STAFF_OTP_REQUIRED = False
    _sign_in(client, STAFF_LOGIN, user.username)

    response = client.get("/arbete/")

    assert response.status_code == 200
    assert "<h1>Internationellt arbete</h1>" in response.content.decode()
