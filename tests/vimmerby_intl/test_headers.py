"""Security headers and cookies on every kind of answer, with production settings (#6)."""

import pytest
from django.test import Client
from django.test.utils import override_settings

from tests import factories

PRODUCTION = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}

# One address of each kind: public pages in both languages, feeds and open data, the API, a
# missing page, the staff and admin sign-in pages, the staff and follow-up pages.
ADDRESSES = [
    "/",
    "/en/",
    "/orter/",
    "/projekt/?q=skola",
    "/strategi/",
    "/beslut/",
    "/kalender/",
    "/tillganglighet/",
    "/feeds/projects.atom",
    "/feeds/meetings.ics",
    "/open-data/twin-towns.csv",
    "/api/v1/",
    "/api/schema/",
    "/finns-inte/",
    "/arbete/logga-in/",
    "/admin/login/",
    "/arbete/",
    "/uppfoljning/",
]


@pytest.fixture
def production_client(db):
    with override_settings(**PRODUCTION):
        # A new client builds its handler, and so reads the middleware settings, now.
        yield Client()


def _assert_safe(response):
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    for cookie in response.cookies.values():
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_answer_carries_the_security_headers(production_client, address):
    response = production_client.get(address, secure=True)

    assert response.status_code in (200, 302, 404)
    _assert_safe(response)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_embed_may_be_framed_only_where_the_policy_says(production_client):
    response = production_client.get("/embed/projects/", secure=True)

    _assert_safe(response)
    assert "X-Frame-Options" not in response
    assert "frame-ancestors" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in response["Content-Security-Policy"]


def test_plain_http_is_sent_to_https(production_client):
    response = production_client.get("/orter/")

    assert response.status_code == 301
    assert response.url == "https://testserver/orter/"


def test_cookies_set_by_sign_in_and_language_choice_are_protected(production_client):
    factories.UserFactory(username="handlaggare")
    login_page = production_client.get("/arbete/logga-in/", secure=True)
    assert "csrftoken" in login_page.cookies

    signed_in = production_client.post(
        "/arbete/logga-in/",
        {"username": "handlaggare", "password": "demo-password"},
        secure=True,
    )
    language = production_client.post("/i18n/setlang/", {"language": "en"}, secure=True)

    assert "sessionid" in signed_in.cookies
    assert "django_language" in language.cookies
    for response in (login_page, signed_in, language):
        _assert_safe(response)
