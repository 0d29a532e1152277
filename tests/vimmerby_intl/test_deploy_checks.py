"""`check --deploy` refuses what is unsafe in production (#16), and mail is configurable."""

import pytest
from django.core.mail import get_connection

from tests.vimmerby_intl.test_settings import _manage

PRODUCTION = {
    "DEBUG": "off",
    "SECRET_KEY": "a-long-random-production-key-" + "x7Qz" * 12,
    "ALLOWED_HOSTS": "internationellt.example.se",
    "DATABASE_URL": "postgres://intl:secret@db.internal:5432/intl",
}


def _deploy_check(**env):
    return _manage("check", "--deploy", **{**PRODUCTION, **env})


def test_demo_data_in_production_is_refused():
    result = _deploy_check(DEMO_DATA_ALLOWED="on")

    assert result.returncode != 0
    assert "vimmerby_intl.E001" in result.stderr
    assert "DEMO_DATA_ALLOWED is on outside the quick start" in result.stderr


def test_production_without_a_database_url_is_refused():
    result = _manage("check", "--deploy", **{**PRODUCTION, "DATABASE_URL": ""})

    assert result.returncode != 0
    assert "vimmerby_intl.E002" in result.stderr
    assert "DATABASE_URL is not set" in result.stderr


def test_several_workers_without_a_shared_cache_are_refused():
    result = _deploy_check(WEB_CONCURRENCY="4", REDIS_URL="", CACHE_URL="")

    assert result.returncode != 0
    assert "vimmerby_intl.E003" in result.stderr
    assert "Set REDIS_URL" in result.stderr


def test_several_workers_with_redis_pass():
    result = _deploy_check(WEB_CONCURRENCY="4", REDIS_URL="redis://127.0.0.1:6379/1")

    assert result.returncode == 0, result.stderr


def test_the_quick_start_is_not_held_to_production():
    result = _manage("check", "--deploy", DEBUG="on", DEMO_DATA_ALLOWED="on", DATABASE_URL="")

    assert "vimmerby_intl.E00" not in result.stderr + result.stdout


def test_tls_and_ssl_together_stop_with_an_explanation():
    result = _manage("check", EMAIL_USE_TLS="on", EMAIL_USE_SSL="on")

    assert result.returncode != 0
    assert "EMAIL_USE_TLS (STARTTLS" in result.stderr


def test_every_mail_setting_comes_from_the_environment():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.EMAIL_HOST, s.EMAIL_PORT, "
        "s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, "
        "s.EMAIL_TIMEOUT, s.SERVER_EMAIL)",
        EMAIL_HOST="smtp.example.se",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="intl",
        EMAIL_HOST_PASSWORD="pw",
        EMAIL_USE_TLS="on",
        EMAIL_TIMEOUT="12",
        SERVER_EMAIL="fel@example.se",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "smtp.example.se",
        "587",
        "intl",
        "pw",
        "True",
        "False",
        "12",
        "fel@example.se",
    ]


@pytest.mark.parametrize("setting", ["host", "port", "username", "use_tls", "timeout"])
def test_the_smtp_connection_uses_the_settings(settings, setting):
    settings.EMAIL_HOST = "smtp.example.se"
    settings.EMAIL_PORT = 587
    settings.EMAIL_HOST_USER = "intl"
    settings.EMAIL_USE_TLS = True
    settings.EMAIL_TIMEOUT = 12

    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")

    expected = {
        "host": "smtp.example.se",
        "port": 587,
        "username": "intl",
        "use_tls": True,
        "timeout": 12,
    }
    assert getattr(connection, setting) == expected[setting]
