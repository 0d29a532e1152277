"""Structured logs (#16): JSON lines carrying the request's id, user, client and path."""

import io
import json
import logging
from types import SimpleNamespace

import pytest
from django.test import Client, RequestFactory, override_settings

from tests.factories import UserFactory
from vimmerby_intl import logs

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """Every record of the application's loggers, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_a_line_is_json_with_time_level_logger_and_message(json_lines):
    logging.getLogger("vimmerby_intl.test").warning("Something %s", "happened")

    (line,) = json_lines()
    assert line["level"] == "WARNING"
    assert line["logger"] == "vimmerby_intl.test"
    assert line["message"] == "Something happened"
    assert line["time"].endswith("Z") and "T" in line["time"]


def test_an_error_carries_its_traceback(json_lines):
    try:
        raise ValueError("bad")
    except ValueError:
        logging.getLogger("vimmerby_intl.test").exception("Failed")

    (line,) = json_lines()
    assert "ValueError: bad" in line["exception"]


def test_a_line_written_during_a_request_carries_its_fields(json_lines):
    user = UserFactory()
    request = RequestFactory().get("/projekt/", HTTP_X_REQUEST_ID="abc-123", REMOTE_ADDR="10.1.2.3")
    request.user = user

    def view(request):
        logging.getLogger("vimmerby_intl.test").info("Inside")
        from django.http import HttpResponse

        return HttpResponse("ok")

    with override_settings(USE_X_FORWARDED_FOR=False):
        response = logs.RequestContextMiddleware(view)(request)

    (line,) = [entry for entry in json_lines() if entry["message"] == "Inside"]
    assert line["request_id"] == "abc-123"
    assert line["user_id"] == user.pk
    assert line["client"] == "10.1.2.3"
    assert line["method"] == "GET"
    assert line["path"] == "/projekt/"
    assert response["X-Request-ID"] == "abc-123"


def test_the_response_carries_a_new_request_id_when_none_came():
    response = Client().get("/")

    assert len(response["X-Request-ID"]) == 32


@pytest.mark.parametrize("sent", ['abc" injected', "x" * 129, "line\nbreak", "ä-not-ascii", ""])
def test_a_strange_request_id_from_outside_is_replaced(sent):
    assert logs.request_id_from(sent) != sent


def test_a_sensible_request_id_from_the_proxy_is_kept():
    assert logs.request_id_from("0f3a9c1e5b7d4e2a8c6b1d3f5a7e9c0b") == (
        "0f3a9c1e5b7d4e2a8c6b1d3f5a7e9c0b"
    )


def test_a_line_outside_a_request_has_no_request_fields(json_lines):
    logging.getLogger("vimmerby_intl.test").info("Outside")

    (line,) = json_lines()
    assert "request_id" not in line


def test_logging_never_looks_up_the_user(json_lines, django_assert_num_queries):
    from django.utils.functional import SimpleLazyObject

    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(lambda: pytest.fail("the user was looked up"))

    def view(request):
        logging.getLogger("vimmerby_intl.test").info("Before the user is known")
        from django.http import HttpResponse

        return HttpResponse("ok")

    with django_assert_num_queries(0):
        logs.RequestContextMiddleware(view)(request)

    (line,) = [entry for entry in json_lines() if entry["message"].startswith("Before")]
    assert "user_id" not in line


def test_the_production_configuration_formats_json():
    config = logs.logging_config(log_format="json", level="INFO")

    assert config["formatters"]["default"] == {"()": "vimmerby_intl.logs.JsonFormatter"}
    assert config["handlers"]["console"]["formatter"] == "default"


def _gunicorn_logger():
    from gunicorn.config import Config

    for name in ("gunicorn.access", "gunicorn.error"):  # a logger of an earlier test
        logging.getLogger(name).handlers.clear()
    config = Config()
    config.set("accesslog", "-")
    config.set("errorlog", "-")
    logger = logs.GunicornLogger(config)
    stream = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(stream)
    return logger, stream


def _gunicorn_access(logger, path, status):
    import datetime

    request = SimpleNamespace(
        method="GET",
        path=path,
        headers=[("USER-AGENT", "probe/1"), ("X-FORWARDED-FOR", "192.0.2.1")],
    )
    response = SimpleNamespace(status=f"{status} OK", sent=120)
    environ = {
        logs.ENVIRON_REQUEST_ID: "req-1",
        logs.ENVIRON_USER_ID: 7,
        "REMOTE_ADDR": "127.0.0.1",
    }
    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))


def test_gunicorns_access_log_is_the_same_json_with_the_request_id():
    logger, stream = _gunicorn_logger()

    _gunicorn_access(logger, "/projekt/", 200)

    (line,) = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["logger"] == "gunicorn.access"
    assert line["request_id"] == "req-1"
    assert line["user_id"] == 7
    assert line["status"] == 200
    assert line["duration_ms"] == 12.0
    assert line["forwarded_for"] == "192.0.2.1"


def test_gunicorn_leaves_healthy_probes_out_of_its_access_log():
    logger, stream = _gunicorn_logger()

    _gunicorn_access(logger, "/readyz", 200)
    _gunicorn_access(logger, "/readyz", 503)

    lines = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert [line["status"] for line in lines] == [503]
