"""The one row the public site keeps in the database: the content version, when the cache
cannot hold it (website.caching)."""

from django.db import models


class ContentVersion(models.Model):
    """The version of the public content, for caches that each process keeps for itself.

    With a local-memory cache every gunicorn worker has its own copy of the cached pages, so
    the version that keys them must come from somewhere every worker and every server reads:
    this single row (primary key 1), raised after every commit that changed a domain record.
    With a shared cache (Redis) the version lives in that cache instead and this row is unused.
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content version"
        default_permissions = ()

    def __str__(self):
        return str(self.number)
