"""Setting the password of a new account through the e-mailed link (#11): the link works
once and for PASSWORD_RESET_TIMEOUT; a refused password changes nothing; the page is open
before the second factor, like the sign-in."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests import factories


@pytest.fixture
def new_account(db):
    user = factories.UserFactory(username="anna.ek@example.org", email="anna.ek@example.org")
    user.set_unusable_password()
    user.save()
    return user


def link(user, language="sv"):
    with translation.override(language):
        return reverse(
            "accounts:set-password",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )


def test_a_weak_password_is_refused_and_nothing_changes(client, new_account):
    form = client.get(link(new_account), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert "Det här lösenordet är för kort" in response.content.decode()
    new_account.refresh_from_db()
    assert not new_account.has_usable_password()


def test_two_different_passwords_are_refused_in_english(client, new_account):
    form = client.get(link(new_account, "en"), follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Kastanj-Ekorre-19", "new_password2": "Kastanj-Ekorre-20"},
    )
    assert "The two password fields didn’t match." in response.content.decode()
    new_account.refresh_from_db()
    assert not new_account.has_usable_password()


def test_a_forged_link_says_it_has_expired(client, new_account):
    with translation.override("en"):
        url = reverse(
            "accounts:set-password", kwargs={"uidb64": "MQ", "token": "abc-0123456789abcdef"}
        )
    response = client.get(url, follow=True)
    assert "This link has expired or has been used already" in response.content.decode()
    assert 'id="set-password-form"' not in response.content.decode()


def test_the_page_is_open_before_the_second_factor(client, otp_required, new_account, user):
    client.force_login(user)  # someone else signed in, without the second factor confirmed
    response = client.get(link(new_account))
    assert response.status_code == 302
    assert reverse("accounts:second-factor") not in response["Location"]
