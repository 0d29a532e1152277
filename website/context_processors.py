"""What every public template may use: the municipality's name and the content version."""

from django.conf import settings

from website import queries
from website.caching import content_version


def site(request):
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        # A callable, so the version is read only by templates that cache a fragment, and
        # once per request (the whole-page cache may have read it already).
        "content_version": lambda: content_version(request),
        # The contact block of every page: read only when its cached fragment is missing.
        "public_contacts": queries.public_contact_list,
    }
