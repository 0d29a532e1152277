"""Permanent redirects from the addresses of the other language.

Each language has its own paths: Swedish on the Swedish site (``/orter/``, ``/arbete/``),
English under ``/en/`` (``/en/places/``, ``/en/work/``). Addresses that were in use before
(``/places/`` on the Swedish site, ``/en/arbete/`` on the English one), and any address typed
with the other language's words, answer with a permanent redirect to the same page in the
language of the prefix, so that no bookmark or link breaks. Only answers that would be 404
are looked at, so a page that exists is never slowed down.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import get_language_from_path

# Namespaces whose addresses are the same in every language, or that answer only themselves.
UNTRANSLATED = {"admin", "api"}


def _other_language_match(path: str, language: str):
    """The page ``path`` names in another language, with that language's match."""
    prefix = f"/{language}" if language != settings.LANGUAGE_CODE else ""
    rest = path[len(prefix) :] if prefix and path.startswith(prefix + "/") else path
    for other, _name in settings.LANGUAGES:
        if other == language:
            continue
        other_prefix = f"/{other}" if other != settings.LANGUAGE_CODE else ""
        with translation.override(other):
            try:
                match = resolve(other_prefix + rest)
            except Resolver404:
                continue
        if match.namespace not in UNTRANSLATED and match.url_name:
            return match
    return None


class OtherLanguageRedirectMiddleware:
    """Turns a 404 for an address in the other language into a 301 to this language's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        match = _other_language_match(request.path_info, language)
        if match is None:
            return response
        with translation.override(language):
            target = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        if target == request.path:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
