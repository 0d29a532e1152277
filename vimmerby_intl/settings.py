"""Settings, all read from the environment (django-environ).

The quick start needs nothing set: DEBUG defaults to on and the database to a SQLite file
under var/. Production sets DEBUG=off, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; a missing
SECRET_KEY then stops the process with an explanation instead of running insecurely.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from vimmerby_intl import logs

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "insecure-quick-start-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the application needs a long random "
            "SECRET_KEY in the environment, e.g. "
            "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its fields reach the admin forms.
    "modeltranslation",
    # Django's admin on the project's site: its index grouped by task (vimmerby_intl/admin_site.py).
    "vimmerby_intl.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    # The public website: open data API, its OpenAPI description, Bootstrap's files, CSP.
    "rest_framework",
    "drf_spectacular",
    "bootstrap",
    "csp",
    # Security: login lockout after repeated failures, a second factor (TOTP) for staff.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The task queue's app (django_rq) is added below only where there is a queue.
    "governance",
    "accounts",
    "partners",
    "strategy",
    "projects",
    "staff",
    "followup",
    "website",
    "municipality",
    # The project: health probes, logs and the deployment checks (`check --deploy`).
    "vimmerby_intl",
]

MIDDLEWARE = [
    # First: the probes answer without a host check or HTTPS, and are not logged.
    "vimmerby_intl.health.HealthCheckMiddleware",
    # Gives the request its id; every log line written while serving it carries it.
    "vimmerby_intl.logs.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # django-csp's middleware, with the site's policy built once per process (#15).
    "vimmerby_intl.csp.CSPMiddleware",
    # Early, so its header is the last word: no cache keeps a signed-in or staff page.
    "accounts.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before CommonMiddleware: a 404 for the other language's address becomes a 301 to ours.
    "vimmerby_intl.redirects.OtherLanguageRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: a session that timed out is ended with a message to the user.
    "accounts.middleware.RightsMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every sign-in first: a locked-out user is refused before the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "vimmerby_intl.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "website.context_processors.site",
                "staff.context_processors.staff_nav",
            ],
        },
    },
]

# Django's form renderer with its plainest widget, label and error templates written in
# Python: the same HTML, a quarter of an admin change form's time (#15).
FORM_RENDERER = "governance.renderer.FormRenderer"

WSGI_APPLICATION = "vimmerby_intl.wsgi.application"

# Without DATABASE_URL the quick start's SQLite file; `check --deploy` refuses that in production.
DATABASE_URL_GIVEN = bool(env.str("DATABASE_URL", default=""))
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# Persistent connections with health checks: opening one costs more than serving a cached page.
# On a public page the content version's read is the check (website.caching, #15).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The pages' fixed statements are prepared once per kept connection on PostgreSQL
# (governance.compiled, #15). Off behind PgBouncer in transaction mode, where the next
# request may be on another server connection.
PREPARED_STATEMENTS = env.bool("PREPARED_STATEMENTS", default=True)
if "postgresql" in DATABASES["default"].get("ENGINE", ""):
    # The search lists the first matches a scan gives, without sorting them all (#14): with
    # PostgreSQL's synchronized scans a scan of a large table starts where the last one
    # stopped, so the same search listed different projects at every request (#15).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronize_seqscans=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default (one process); Redis when REDIS_URL is set, shared by every app server
# so that cached public pages and login lockouts agree between them. CACHE_URL, when set, wins.
REDIS_URL = env.str("REDIS_URL", default="")
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
elif REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A Redis that is down or unreachable must cost speed, not the service: give up on it within
# a second (website.caching then serves pages uncached and leaves it alone a few seconds).
# redis-py retries a failed command up to ten times by default; once is enough here.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", 1)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 1)
    CACHES["default"]["OPTIONS"].setdefault("retry", Retry(NoBackoff(), 0))
# Where the public pages' content version lives (website.caching, docs/ARCHITECTURE.md): in
# the cache when every worker and server shares it (Redis, memcached), otherwise in the
# database. Unset (the default) decides by the cache backend; on or off forces it.
CONTENT_VERSION_IN_CACHE = env.bool("CONTENT_VERSION_IN_CACHE", default=None)
# The yearly report's PDF is built by a worker (`manage.py rqworker reports`, the unit
# intl-rqworker.service) from this queue on the same Redis; without REDIS_URL (the quick start)
# it is built in the request instead.
# Large spreadsheet imports are checked and imported by the same worker, from the queue
# "imports" (followup.jobs, #15).
RQ_QUEUES = {
    "reports": {
        "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": env.int("REPORT_PDF_TIMEOUT", default=600),
    },
    "imports": {
        "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
        "DEFAULT_TIMEOUT": env.int("IMPORT_TIMEOUT", default=1800),
    },
}
RQ_SHOW_ADMIN_LINK = False
REPORT_PDF_IN_BACKGROUND = env.bool("REPORT_PDF_IN_BACKGROUND", default=bool(REDIS_URL))
IMPORT_IN_BACKGROUND = env.bool("IMPORT_IN_BACKGROUND", default=bool(REDIS_URL))
# The task queue's app (its commands rqworker and rqstats) only where the work goes to a queue:
# loading it imports rq and redis, about 20 MB in every web worker that never uses them (#15).
# followup.jobs imports django_rq when it hands work to the queue.
TASK_QUEUE = bool(REDIS_URL) or REPORT_PDF_IN_BACKGROUND or IMPORT_IN_BACKGROUND
if TASK_QUEUE:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("governance"), "django_rq")
# gunicorn's number of workers (it reads the same variable); with more than one, the cache must
# be shared (`check --deploy`).
WEB_CONCURRENCY = env.int("WEB_CONCURRENCY", default=1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Swedish first, English available (modeltranslation keeps a column per language).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sv", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
# Kosovo's user-assigned code, which funders use (ICLD's partner countries, #13) and the
# ISO list behind django-countries lacks.
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# The apps' static files without the parts of Bootstrap's package the site never serves
# (vimmerby_intl/staticfiles.py).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "vimmerby_intl.staticfiles.AppDirectoriesFinder",
]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Where `manage.py backup` writes its archives unless told otherwise.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
# The release this code is: set by the deployment (docs/operations.md); otherwise read from git.
RELEASE = env.str("RELEASE", default="")
# Uploaded documents may be internal: readable by the service account and its group only.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Source maps are for a developer's tools, never asked for by a page: collectstatic leaves them
# uncompressed, which halves its time (bootstrap's alone are 7 MB; #15, the upgrade's tests).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Staff, board members and the coordinator sign in here; the admin has its own login page.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"

# Mail: printed on the console in the quick start; production sets the SMTP backend and server.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS (STARTTLS, usually port 587) and EMAIL_USE_SSL (implicit TLS, usually "
        "port 465) exclude each other: set only one."
    )
# The address the links in notifications start with (#12): where users reach the site.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="internationellt@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Production hardening; every value comes from the environment so that tests run the same code.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Security: sign-in, sessions, uploads, personal data (SECURITY.md) ---------------------
# Cookies: Secure outside the quick start, never readable from scripts, not sent cross-site.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# A signed-in session ends after this long without a request (idle) and this long after the
# sign-in whatever happens (absolute). Seconds.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# Staff must confirm a time-based one-time code (TOTP) after the password; on by default
# outside the quick start.
STAFF_OTP_REQUIRED = env.bool("STAFF_OTP_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Internationella kontakter")
# Setting up the authenticator app (its key shown) only within this many minutes of signing
# in with the password, and only after the password is confirmed again on the page.
OTP_ENROLMENT_MINUTES = env.int("OTP_ENROLMENT_MINUTES", default=10)
# The admin never shows an authenticator app's key (its change page, list and QR code pages):
# only its owner sees it, while setting the app up (#15).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Lockout (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one user name from one
# address, that pair is refused for AXES_COOLOFF_MINUTES; a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind a reverse proxy every request comes from the proxy's address; with this on, the
# client's address is the last one the proxy appended to X-Forwarded-For.
USE_X_FORWARDED_FOR = env.bool("USE_X_FORWARDED_FOR", default=False)
AXES_CLIENT_IP_CALLABLE = "accounts.middleware.client_ip_address"
# Uploaded documents: the largest accepted file, in bytes.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# Pictures on places and projects (#14, governance/pictures.py): the largest upload, in bytes,
# and the most pixels (checked from the file's header before it is decoded).
PICTURE_MAX_BYTES = env.int("PICTURE_MAX_BYTES", default=10 * 1024 * 1024)
PICTURE_MAX_PIXELS = env.int("PICTURE_MAX_PIXELS", default=50_000_000)
# Spreadsheet imports (follow-up pages): the largest file and the most rows checked and
# imported at once, so that a preview answers well within the worker's timeout (#15).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=500)
# A file of more rows (or more bytes than IMPORT_MAX_BYTES) is an import job (followup.jobs):
# checked, then imported once confirmed, by the worker when IMPORT_IN_BACKGROUND is on, in the
# request otherwise. With the worker a job may have up to IMPORT_BACKGROUND_MAX_ROWS rows and
# IMPORT_BACKGROUND_MAX_BYTES; without it the request-time bounds above hold for it too.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=100)
IMPORT_BACKGROUND_MAX_ROWS = env.int("IMPORT_BACKGROUND_MAX_ROWS", default=5_000)
IMPORT_BACKGROUND_MAX_BYTES = env.int("IMPORT_BACKGROUND_MAX_BYTES", default=10 * 1024 * 1024)
# A checked import's file that is not confirmed within this many hours is deleted.
IMPORT_FILE_KEPT_HOURS = env.int("IMPORT_FILE_KEPT_HOURS", default=24)
# Months after which participants' personal data is removed by `purge_personal_data`.
PERSONAL_DATA_RETENTION_MONTHS = env.int("PERSONAL_DATA_RETENTION_MONTHS", default=36)

# --- The municipality: data, not code -----------------------------------------------------
MUNICIPALITY_NAME = env.str("MUNICIPALITY_NAME", default="Vimmerby kommun")
# A case number (diarienummer) such as "KS 2016/123"; the format differs between municipalities.
CASE_NUMBER_PATTERN = env.str("CASE_NUMBER_PATTERN", default=r"^[A-ZÅÄÖ]{2,6} \d{4}/\d{1,6}$")
CASE_NUMBER_EXAMPLE = env.str("CASE_NUMBER_EXAMPLE", default="KS 2016/123")
# S11: a school exchange costing the municipality more than this (SEK) needs a political decision.
SCHOOL_EXCHANGE_DECISION_THRESHOLD = env.int("SCHOOL_EXCHANGE_DECISION_THRESHOLD", default=50000)
# S3: a partner with no activity for this many months is flagged.
PARTNER_INACTIVITY_MONTHS = env.int("PARTNER_INACTIVITY_MONTHS", default=24)
# The municipality's IATI organisation identifier, "SE-ON-" and its organisation number, for the
# IATI export of aid-funded activities. Unset, the export uses a placeholder built from the name.
IATI_ORGANISATION_IDENTIFIER = env.str("IATI_ORGANISATION_IDENTIFIER", default="")
# Demo data (example projects and accounts) may only be loaded where this is on.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=DEBUG)

# JSON lines on stderr in production (vimmerby_intl.logs), plain text in the quick start.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT is 'json' or 'text', not {LOG_FORMAT!r}.")
LOGGING = logs.logging_config(log_format=LOG_FORMAT, level=env.str("LOG_LEVEL", default="INFO"))
# The header in which the reverse proxy passes its request id (nginx: $request_id).
REQUEST_ID_HEADER = env.str("REQUEST_ID_HEADER", default="HTTP_X_REQUEST_ID")

# --- Public website (website app): CSP, open data API, map and statement ----------------------
# A strict Content-Security-Policy: everything comes from the site itself, nothing inline.
# The embeddable fragment widens frame-ancestors for itself only (website.views.EmbedView).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the small SVG icons inside Bootstrap's CSS (select arrows); never a host.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
# Sites allowed to embed the current-projects fragment in an iframe (CSP frame-ancestors).
WEBSITE_EMBED_ANCESTORS = env.list("WEBSITE_EMBED_ANCESTORS", default=["'self'", "https:"])
# The map centres on the municipality itself (degrees); unset, it centres on the partners.
MUNICIPALITY_LATITUDE = env.float("MUNICIPALITY_LATITUDE", default=57.6664)
MUNICIPALITY_LONGITUDE = env.float("MUNICIPALITY_LONGITUDE", default=15.8553)
# The municipality's own Wikidata item, the subject of P190 in the twin-town CSV ("" = unknown).
MUNICIPALITY_WIKIDATA_ID = env.str("MUNICIPALITY_WIKIDATA_ID", default="")
# Where the public reports an accessibility problem or asks for content in another form.
WEBSITE_CONTACT_EMAIL = env.str("WEBSITE_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)
WEBSITE_CONTACT_PHONE = env.str("WEBSITE_CONTACT_PHONE", default="")
# The accessibility statement: when and how the site was last assessed (lag 2018:1937).
ACCESSIBILITY_ASSESSED_ON = datetime.date.fromisoformat(
    env.str("ACCESSIBILITY_ASSESSED_ON", default="2026-11-27")
)

# The open data API is read-only. Anonymous reading is allowed only where a view says so
# (the public API does); anything else needs a signed-in user with the model permission.
# The open data API's page: this many records unless ``?limit=`` asks for another number, and
# never more than API_MAX_LIMIT in one answer (website/pagination.py, issue #15).
API_DEFAULT_LIMIT = 50
API_MAX_LIMIT = 500
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissions"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "website.pagination.CappedLimitOffsetPagination",
    "PAGE_SIZE": API_DEFAULT_LIMIT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{MUNICIPALITY_NAME}: international relations, open data",
    "DESCRIPTION": (
        "Published twin towns, partnerships, projects and exchanges, the decisions behind them, "
        "the strategy's objectives and public meetings. Read-only; texts in Swedish (_sv) and "
        "English (_en)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RelationshipStatusEnum": "partners.models.RelationshipStatus",
        "DatePrecisionEnum": "partners.models.DatePrecision",
        "ProjectStatusEnum": "projects.models.ProjectStatus",
    },
}
