"""Deployment checks: `manage.py check --deploy` refuses settings that are unsafe in production.

Django's own deploy checks cover cookies, HSTS and the like; these cover the ones particular
to this system. Each message says what is wrong and what to set instead.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def demo_data_not_allowed(app_configs, **kwargs):
    if settings.DEMO_DATA_ALLOWED and not settings.DEBUG:
        return [
            Error(
                "DEMO_DATA_ALLOWED is on outside the quick start.",
                hint=(
                    "The demo accounts have the password 'demo' and would let anyone into the "
                    "admin. Remove DEMO_DATA_ALLOWED from the environment (it is off by "
                    "default with DEBUG off)."
                ),
                id="vimmerby_intl.E001",
            )
        ]
    return []


@register(Tags.database, deploy=True)
def production_database(app_configs, **kwargs):
    if settings.DEBUG or settings.DATABASE_URL_GIVEN:
        return []
    return [
        Error(
            "DATABASE_URL is not set, so the service would keep its records in a SQLite file "
            f"({settings.DATABASES['default']['NAME']}).",
            hint=(
                "Set DATABASE_URL to the PostgreSQL database, e.g. "
                "postgres://intl:PASSWORD@db.internal:5432/intl."
            ),
            id="vimmerby_intl.E002",
        )
    ]


@register(Tags.caches, deploy=True)
def shared_cache_for_several_workers(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.WEB_CONCURRENCY > 1 and backend in LOCAL_CACHES:
        return [
            Error(
                f"{settings.WEB_CONCURRENCY} workers (WEB_CONCURRENCY) share no cache: each "
                f"would keep its own ({backend.rsplit('.', 1)[-1]}), a copy of every page per "
                "worker, and read the pages' content version from the database on every "
                "public request.",
                hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/1) or CACHE_URL.",
                id="vimmerby_intl.E003",
            )
        ]
    return []
