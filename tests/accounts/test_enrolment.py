"""Setting up the second factor shows the app's key only right after signing in with the
password and confirming it again on the page (#15 hardening): a stale session is refused, a
wrong password shows nothing, the right path works."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "demo-password"
PAGE = "/arbete/tvafaktor/"
START = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def _sign_in(client, user):
    response = client.post("/arbete/logga-in/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _shows_no_key(response):
    content = response.content.decode()
    assert "data:image/svg+xml" not in content
    assert "manual-key" not in content
    assert "manual_key" not in (response.context or {})


def test_page_reached_asks_for_the_password_before_showing_a_key(client, user, otp_required, clock):
    assert reverse("accounts:second-factor") == PAGE
    _sign_in(client, user)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    _shows_no_key(response)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_wrong_password_is_refused_and_nothing_is_shown_or_made(
    client, user, otp_required, clock
):
    _sign_in(client, user)

    response = client.post(PAGE, {"password": "not-the-password"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"password": ["Lösenordet är inte rätt."]}
    _shows_no_key(response)
    assert not TOTPDevice.objects.filter(user=user).exists()
    _shows_no_key(client.get(PAGE))


def test_a_wrong_password_is_refused_in_english_too(client, user, otp_required, clock):
    _sign_in(client, user)

    with translation.override("en"):
        response = client.post("/en/work/second-factor/", {"password": "wrong"})

    assert "The password is not correct." in response.content.decode()
    assert "Lösenordet" not in response.content.decode()


def test_wrong_passwords_count_towards_the_lockout(client, user, otp_required, clock, settings):
    settings.AXES_FAILURE_LIMIT = 3
    _sign_in(client, user)
    for _attempt in range(3):
        client.post(PAGE, {"password": "wrong"})

    response = client.post(PAGE, {"password": PASSWORD})

    assert response.status_code == 429
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_session_older_than_the_window_is_told_to_sign_in_again(
    client, user, otp_required, clock
):
    _sign_in(client, user)
    clock.shift(datetime.timedelta(minutes=11))

    page = client.get(PAGE)
    refused = client.post(PAGE, {"password": PASSWORD})

    assert page.status_code == 200
    assert "Logga ut och logga in igen" in page.content.decode()
    assert refused.status_code == 403
    _shows_no_key(page)
    _shows_no_key(refused)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_confirmed_password_stops_showing_the_key_after_the_window(
    client, user, otp_required, clock
):
    _sign_in(client, user)
    client.post(PAGE, {"password": PASSWORD})
    assert "manual-key" in client.get(PAGE).content.decode()
    device = TOTPDevice.objects.get(user=user)
    clock.shift(datetime.timedelta(minutes=11))

    page = client.get(PAGE)
    refused = client.post(PAGE, {"code": _code(device)})

    _shows_no_key(page)
    assert refused.status_code == 403
    device.refresh_from_db()
    assert not device.confirmed


def test_another_session_with_the_password_gets_a_new_key_and_the_old_one_is_void(
    client, user, otp_required, clock
):
    _sign_in(client, user)
    client.post(PAGE, {"password": PASSWORD})
    first = TOTPDevice.objects.get(user=user)

    other = Client()
    _sign_in(other, user)
    other.post(PAGE, {"password": PASSWORD})

    second = TOTPDevice.objects.get(user=user)
    assert second.pk != first.pk
    assert second.key != first.key


def test_the_right_path_sets_up_the_app(client, user, otp_required, clock):
    _sign_in(client, user)
    confirmed = client.post(PAGE, {"password": PASSWORD, "next": "/uppfoljning/"})
    assert confirmed.status_code == 302
    assert confirmed.url == f"{PAGE}?next=%2Fuppfoljning%2F"
    clock.shift(datetime.timedelta(minutes=9))

    page = client.get(confirmed.url)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(PAGE, {"code": _code(device), "next": "/uppfoljning/"})

    assert "manual-key" in page.content.decode()
    assert done.url == "/uppfoljning/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/uppfoljning/").status_code == 200


def test_a_later_sign_in_asks_only_for_the_code_even_after_the_window(
    client, user, otp_required, clock
):
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    _sign_in(client, user)
    clock.shift(datetime.timedelta(minutes=30))

    page = client.get(PAGE)
    done = client.post(PAGE, {"code": _code(device)})

    _shows_no_key(page)
    assert 'name="code"' in page.content.decode()
    assert done.status_code == 302
