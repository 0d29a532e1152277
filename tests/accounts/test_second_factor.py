"""The second-factor page (accounts/second_factor.py, #6 security): the first visit sets up an
authenticator app, later ones ask for a code, a wrong code is refused with a reason."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "demo-password"
STAFF_LOGIN = "/arbete/logga-in/"


def _sign_in(client, url, username, password=PASSWORD):
    return client.post(url, {"username": username, "password": password})


def _code(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _confirm_password(client, next_url=""):
    """The password once more on the set-up page, before the key is shown (#15)."""
    return client.post(reverse("accounts:second-factor"), {"password": PASSWORD, "next": next_url})


def test_the_first_time_sets_up_an_app_and_a_code_confirms_it(client, user, otp_required):
    _sign_in(client, STAFF_LOGIN, user.username)
    _confirm_password(client, "/uppfoljning/")
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
    _confirm_password(client)

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
