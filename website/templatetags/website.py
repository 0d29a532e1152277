"""Template helpers of the public site: language links, and marking fallback texts."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


def _prefixed(path: str, code: str) -> str:
    """The same path in another language when it resolves nowhere (a 404 page)."""
    prefixes = {c for c, _ in settings.LANGUAGES if c != settings.LANGUAGE_CODE}
    parts = path.split("/", 2)
    bare = "/" + (parts[2] if len(parts) > 2 and parts[1] in prefixes else path.lstrip("/"))
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name in that language, URL of this page in it) for every other language."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    names = {"sv": "Svenska", "en": "English"}
    links = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = translate_url(path, code)
        if url == path:
            url = _prefixed(path, code)
        links.append((code, names.get(code, str(name)), url))
    return links


@register.simple_tag
def text_lang(obj, field: str) -> str:
    """The language of the text shown for ``obj.field`` (modeltranslation may fall back).

    An English page showing a Swedish text because no English one was written marks it
    lang="sv", so that a screen reader pronounces it right (WCAG 3.1.2).
    """
    current = get_language() or settings.LANGUAGE_CODE
    if getattr(obj, f"{field}_{current}", None):
        return current
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if getattr(obj, f"{field}_{code}", None):
            return code
    return current
