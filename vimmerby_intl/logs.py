"""Structured logs: one JSON object per line on stderr, for the application and gunicorn.

Every line carries the time (UTC, ISO 8601), the level, the logger and the message. Lines
written while a request is being served also carry its request id, the signed-in user's id,
the client's address and the path (``RequestContextMiddleware`` keeps them in a context
variable); gunicorn's access log (``GunicornLogger``) adds the status, the duration and the
size. The request id comes from the proxy's ``X-Request-ID`` header when it sends a sensible
one, so a line in nginx's log, gunicorn's and the application's can be matched; otherwise a
new one is made. It is returned to the client in the same header.

``LOG_FORMAT=text`` (the quick start's default) writes plain lines for a person at a terminal.
"""

import contextvars
import datetime
import json
import logging
import re
import sys
import time
import uuid

from django.conf import settings
from django.utils.functional import empty

# The request being served; each line written while serving it carries its fields.
_request = contextvars.ContextVar("vimmerby_request", default=None)

# Keys the middleware leaves in the WSGI environ for gunicorn's access log.
ENVIRON_REQUEST_ID = "vimmerby.request_id"
ENVIRON_USER_ID = "vimmerby.user_id"

# A request id from outside is kept only when it looks like one: no spaces, quotes or
# control characters that could forge a log line, and not too long.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")

# The standard attributes of a LogRecord; anything else on a record came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def utc_timestamp(created: float) -> str:
    moment = datetime.datetime.fromtimestamp(created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, the request's fields,
    any ``extra=`` fields and, for an error, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = _request.get()
        if request is not None:
            line.update(request_fields(request))
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def request_fields(request) -> dict:
    """The fields of the request a line belongs to. The user's id only once the
    authentication middleware has looked the user up: logging never queries the database."""
    fields = {
        "request_id": getattr(request, "request_id", None),
        "client": _client_address(request),
        "method": request.method,
        "path": request.path,
    }
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is not None and wrapped is not empty:
        fields["user_id"] = wrapped.pk if getattr(wrapped, "is_authenticated", False) else None
    return fields


def request_id_from(headers_value: str | None) -> str:
    """The proxy's request id when it is a sensible one, otherwise a new one."""
    if headers_value and _REQUEST_ID.match(headers_value):
        return headers_value
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Gives every request an id and puts the request's fields on each log line of it.

    Placed before the other middleware so that their lines carry the id too. The user's id is
    read when the response goes out (the authentication middleware has set it by then).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.META.get(settings.REQUEST_ID_HEADER))
        request.request_id = request_id
        request.META[ENVIRON_REQUEST_ID] = request_id
        token = _request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            request.META[ENVIRON_USER_ID] = _user_id(request)
            response["X-Request-ID"] = request_id
            if response.status_code >= 500:
                logging.getLogger("vimmerby_intl.request").error(
                    "%s %s answered %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "status": response.status_code,
                        "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            _request.reset(token)


def _user_id(request):
    return request_fields(request).get("user_id")


def _client_address(request) -> str | None:
    from accounts.middleware import client_ip_address

    return client_ip_address(request)


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: JSON lines (production) or plain text (the quick start)."""
    formatter = (
        {"()": "vimmerby_intl.logs.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own handlers would write 500s a second time, unformatted, and mail them.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            # WeasyPrint reports every font and stylesheet it reads at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
            # django-axes reports every successful sign-in at INFO; failures are WARNING.
            "axes": {"level": "WARNING"},
        },
    }


# --- gunicorn ---------------------------------------------------------------------------

# Probes that answered well are not logged (a load balancer asks every few seconds).
QUIET_PATHS = ("/healthz", "/readyz")

try:  # gunicorn is a production dependency; the module stays importable without it.
    from gunicorn.glogging import Logger as _GunicornBase
except ImportError:  # pragma: no cover
    _GunicornBase = object


class GunicornLogger(_GunicornBase):
    """gunicorn's error and access logs as the same JSON lines as the application's.

    Configured in deploy/gunicorn.conf.py (``logger_class``). The access line takes the
    request id and user id the application left in the WSGI environ.
    """

    def setup(self, cfg):
        super().setup(cfg)
        formatter = JsonFormatter()
        for logger in (self.error_log, self.access_log):
            for handler in logger.handlers:
                handler.setFormatter(formatter)
                # gunicorn writes its access log "-" to stdout; every line goes to stderr.
                if getattr(handler, "stream", None) is sys.stdout:
                    handler.setStream(sys.stderr)

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        status = _status_code(resp)
        if req.path in QUIET_PATHS and status == 200:
            return
        headers = {name.lower(): value for name, value in req.headers}
        self.access_log.info(
            "%s %s %s",
            req.method,
            req.path,
            status,
            extra={
                "request_id": environ.get(ENVIRON_REQUEST_ID)
                or headers.get(settings_header_name()),
                "user_id": environ.get(ENVIRON_USER_ID),
                "client": environ.get("REMOTE_ADDR"),
                "forwarded_for": headers.get("x-forwarded-for"),
                "method": req.method,
                "path": req.path,
                "status": status,
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "bytes": getattr(resp, "sent", None),
                "user_agent": headers.get("user-agent"),
            },
        )


def _status_code(resp) -> int | None:
    status = getattr(resp, "status_code", None) or getattr(resp, "status", None)
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    try:
        return int(status)
    except (TypeError, ValueError):
        return None


def settings_header_name() -> str:
    """The request-id header as gunicorn sees it (x-request-id), from the WSGI META name."""
    name = getattr(settings, "REQUEST_ID_HEADER", "HTTP_X_REQUEST_ID")
    return name.removeprefix("HTTP_").replace("_", "-").lower()
