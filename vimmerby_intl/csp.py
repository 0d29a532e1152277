"""django-csp's middleware with the site's policy built once per process (#15).

The stock ``csp.middleware.CSPMiddleware`` builds both headers (the policy and the
report-only policy) from the settings for every response: the same strings each time
unless a view changes its own policy (``csp_replace`` and the like, the embed's
frame-ancestors) or a template asks for a nonce. That cost 0.08 to 0.16 ms of every
request, the cached pages' too. Here a response that does neither gets the two strings built
once, by django-csp's own ``build_policy``, under the same conditions as the stock middleware
(a header set already, an exempt response, an excluded prefix, the debug pages); every other
response goes through the stock middleware unchanged. ``tests/vimmerby_intl/test_csp.py``
proves the headers the same as the stock middleware's.
"""

import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as StockCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What a view sets on its response to change its own policy (django-csp's decorators).
_RESPONSE_PARTS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
# The answers the stock middleware leaves alone when DEBUG is on (Django's debug pages).
_DEBUG_CODES = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)

# (header, policy, the response's exemption attribute, excluded path prefixes) for the
# policy and the report-only policy; built at the first response, again after a test
# changes one of the settings.
_policies: list | None = None


def _excluded(setting: str) -> tuple:
    return tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())


def site_policies() -> list:
    global _policies
    if _policies is None:
        _policies = [
            (
                HEADER,
                build_policy(),
                "_csp_exempt",
                _excluded("CONTENT_SECURITY_POLICY"),
            ),
            (
                HEADER_REPORT_ONLY,
                build_policy(report_only=True),
                "_csp_exempt_ro",
                _excluded("CONTENT_SECURITY_POLICY_REPORT_ONLY"),
            ),
        ]
    return _policies


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    global _policies
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies = None


class CSPMiddleware(StockCSPMiddleware):
    """The stock middleware, with the site's own policy built once per process."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, part, None) is not None for part in _RESPONSE_PARTS
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in _DEBUG_CODES:
            return response
        for header, policy, exempt, excluded in site_policies():
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(excluded)
            ):
                response[header] = policy
        # As the stock middleware does: a nonce asked for after the header was written fails.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
