"""Signing in with the sign-in forms of accounts/forms.py (#6 security): one message for every
failure, and a lockout (django-axes) after repeated failures."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests import factories
from tests.staff.conftest import en

PASSWORD = "demo-password"
STAFF_LOGIN = "/arbete/logga-in/"
ADMIN_LOGIN = "/admin/login/"
LOCKED = "För många misslyckade inloggningar"


def _sign_in(client, url, username, password=PASSWORD):
    return client.post(url, {"username": username, "password": password})


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
    assert response.url == reverse("staff:home")
    assert client.session["_auth_user_id"] == str(other.pk)


def test_a_successful_sign_in_resets_the_count(client, user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, STAFF_LOGIN, user.username, "fel-losenord")
    assert _sign_in(client, STAFF_LOGIN, user.username).status_code == 302
    client.post(reverse("accounts:logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, STAFF_LOGIN, user.username, "fel-losenord")

    assert _sign_in(client, STAFF_LOGIN, user.username).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_page_is_open_to_everyone(client):
    response = client.get(en("login"))

    assert response.status_code == 200
    assert "<h1>Sign in</h1>" in response.text
    assert list(response.context["form"].fields) == ["username", "password"]
