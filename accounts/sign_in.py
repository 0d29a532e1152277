"""Where a sign-in goes: the page asked for by ``next`` when it is on this site, else a real
start page, never a 404.

Django's sign-in refuses a ``next`` to another site (an open redirect) and then falls back on
a default; the admin's sign-in has none of its own, so the admin's fallback was the staff
setting's, and the form kept carrying the refused address. Here a refused ``next`` is
replaced, before the sign-in sees it, by the start page of the way in: the admin's index for
the admin's sign-in, the staff start page (``LOGIN_REDIRECT_URL``) for the site's.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def is_refused(request, next_url: str) -> bool:
    """Whether Django's sign-in would refuse this ``next`` (another site, another scheme)."""
    return not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def replace_refused_next(request, start_page: str) -> None:
    """Put the start page in place of a ``next`` the sign-in would refuse, in GET and POST."""
    for name in ("GET", "POST"):
        data = getattr(request, name)
        if REDIRECT_FIELD_NAME in data and is_refused(request, data[REDIRECT_FIELD_NAME]):
            data = data.copy()
            data[REDIRECT_FIELD_NAME] = start_page
            setattr(request, name, data)


class SiteLoginView(auth_views.LoginView):
    """The staff pages' sign-in (/arbete/logga-in/)."""

    def dispatch(self, request, *args, **kwargs):
        replace_refused_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
        return super().dispatch(request, *args, **kwargs)


def admin_login(request, extra_context=None):
    """The admin's sign-in (/admin/login/), whose start page is the admin's index."""
    replace_refused_next(request, reverse("admin:index", current_app=admin.site.name))
    return admin.site.login(request, extra_context)
