"""Session rules for everyone who signs in: their rights, idle and absolute timeouts, the second
factor.

They are middleware so that they hold on every signed-in path at once (the staff pages, the
follow-up pages, the admin and the API) instead of being remembered view by view.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from governance.access import rights_of

# Session keys: when the user signed in, and when the session was last used (epoch seconds).
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# When the user last signed in with the password: only the sign-in sets it (the second
# factor's set-up asks it; SIGNED_IN_AT may also be started by the timeout's middleware).
PASSWORD_SIGNED_IN_AT = "password_signed_in_at"
# The last-seen time is written at most this often, so that a page full of requests does
# not write the session on each of them.
LAST_SEEN_RESOLUTION = 60

# URL namespaces a signed-in user may reach before the second factor: the public site and
# the pages that lead to the second factor or out.
OPEN_NAMESPACES = {"website"}
OPEN_URL_NAMES = {
    "accounts:login",
    "accounts:logout",
    "accounts:second-factor",
    "accounts:set-password",
    "admin:logout",
    "set_language",
}


# URL namespaces whose every page is private, even before signing in (the sign-in page too).
PRIVATE_NAMESPACES = {"admin", "accounts", "staff", "followup"}


def client_ip_address(request) -> str | None:
    """The client's address for the login lockout (django-axes).

    Behind a reverse proxy (USE_X_FORWARDED_FOR on), the last address in X-Forwarded-For is
    the one the proxy itself appended, which a client cannot forge; earlier ones can be.
    """
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR")


def start_session_clocks(sender, request, user, **kwargs):
    """On every sign-in (a user_logged_in receiver): both clocks start now."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = now
        request.session[PASSWORD_SIGNED_IN_AT] = now


class RightsMiddleware:
    """``request.rights``: what the signed-in user may do today (governance.access.Rights).

    Loaded when first asked, once per request, so a page that asks nothing (the public site)
    costs nothing; every view, template and form of the request shares the same object.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.rights = SimpleLazyObject(lambda: rights_of(request.user))
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """End a signed-in session after SESSION_IDLE_TIMEOUT idle or SESSION_ABSOLUTE_TIMEOUT."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, now)
            if (
                now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT
                or now - last_seen_at > settings.SESSION_IDLE_TIMEOUT
            ):
                logout(request)
                messages.info(request, _("You were signed out after a time. Please sign in again."))
            elif now - last_seen_at >= LAST_SEEN_RESOLUTION or LAST_SEEN_AT not in session:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Where STAFF_OTP_REQUIRED is on, a signed-in user confirms a one-time code first.

    Until then every page but the public site, sign-out and the second-factor page itself
    sends the user to the second-factor page, which also sets up an authenticator app the
    first time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.STAFF_OTP_REQUIRED:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is None or match.namespace in OPEN_NAMESPACES:
            return None
        if match.view_name in OPEN_URL_NAMES:
            return None
        target = reverse("accounts:second-factor")
        next_url = request.get_full_path()
        if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            target = f"{target}?{urlencode({'next': next_url})}"
        return redirect(target)


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every page for a signed-in user and on every
    page of the admin, the sign-in, the staff pages and the follow-up.

    Such a page may name people or show what only its user may see: neither a shared proxy
    nor the browser's cache may keep it (the back button after signing out, a shared
    computer). The public site for anonymous visitors keeps whatever caching it has. Placed
    near the top of MIDDLEWARE, so that it has the last word on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def is_private(request) -> bool:
    """Whether the answer to this request is for its user alone."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and bool(PRIVATE_NAMESPACES & set(match.namespaces))
