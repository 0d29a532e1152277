"""/healthz and /readyz (#16): answered without a Host or HTTPS header, silent when healthy."""

import logging

import pytest
from django.db import connection
from django.test import Client, override_settings

from vimmerby_intl import health

pytestmark = pytest.mark.django_db

# A probe from a load balancer: by IP address, over plain HTTP, no proxy header.
PROBE = {"HTTP_HOST": "10.0.0.7:8001"}


@override_settings(ALLOWED_HOSTS=["intl.example.se"], SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("path", ["/healthz", "/healthz/", "/readyz", "/readyz/"])
def test_probes_answer_by_ip_over_http_without_logging(path, caplog):
    with caplog.at_level(logging.DEBUG):
        response = Client().get(path, **PROBE)

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response["Cache-Control"] == "no-store"
    assert caplog.records == []


@override_settings(ALLOWED_HOSTS=["intl.example.se"], SECURE_SSL_REDIRECT=True)
def test_other_paths_still_meet_the_host_check():
    response = Client().get("/", **PROBE)

    assert response.status_code == 400


def test_readiness_names_the_database_and_the_cache():
    response = Client().get("/readyz")

    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_readiness_fails_with_the_database_down(monkeypatch, caplog):
    class Down(Exception):
        pass

    def cursor():
        raise Down("connection refused")

    monkeypatch.setattr(connection, "cursor", cursor)

    with caplog.at_level(logging.WARNING):
        response = Client().get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "Down: connection refused"
    assert body["checks"]["cache"] == "ok"
    assert "database: Down: connection refused" in caplog.text


def test_readiness_is_degraded_not_failed_with_the_cache_down(monkeypatch):
    """The site answers without its cache (#15), so the load balancer keeps the server."""

    class Down(Exception):
        pass

    def refuse(*args, **kwargs):
        raise Down("no route to host")

    monkeypatch.setattr(health.cache, "set", refuse)

    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "Down: no route to host"},
    }


def test_liveness_answers_with_the_database_down(monkeypatch):
    def cursor():
        raise RuntimeError("down")

    monkeypatch.setattr(connection, "cursor", cursor)

    assert Client().get("/healthz").status_code == 200


def test_a_post_to_a_probe_is_not_a_probe():
    response = Client().post("/healthz")

    assert response.status_code == 404
