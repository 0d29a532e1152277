"""What every public template may use: the municipality's name and the content version."""

from django.conf import settings

from website.caching import content_version


def site(request):
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        # A callable, so the cache is asked only by templates that cache a fragment.
        "content_version": content_version,
    }
