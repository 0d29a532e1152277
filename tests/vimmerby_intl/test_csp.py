"""The policy built once per process (vimmerby_intl.csp, #15) gives every response the same
headers as django-csp's own middleware: a public page, the embed with its own
frame-ancestors, a missing page, a staff page, a download with a policy of its own, with a
report-only policy, an excluded prefix, an exempt view and a nonce."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.decorators import csp_exempt
from csp.middleware import CSPMiddleware as StockCSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import override_settings

from vimmerby_intl import csp

pytestmark = pytest.mark.django_db

OURS = "vimmerby_intl.csp.CSPMiddleware"
STOCK = "csp.middleware.CSPMiddleware"

ADDRESSES = ["/", "/en/", "/orter/", "/embed/projects/", "/finns-inte/", "/arbete/", "/api/v1/"]

REPORT_ONLY = {
    "EXCLUDE_URL_PREFIXES": ["/api/"],
    "DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-report/"},
}


def _headers(middleware: str, address: str) -> tuple:
    stack = [stock if stock != OURS else middleware for stock in settings.MIDDLEWARE]
    assert middleware in stack
    with override_settings(MIDDLEWARE=stack):
        response = Client().get(address)
    return response.status_code, response.get(HEADER), response.get(HEADER_REPORT_ONLY)


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_headers_are_the_stock_middlewares(address):
    ours = _headers(OURS, address)

    assert ours == _headers(STOCK, address)
    assert ours[1] and "default-src 'none'" in ours[1]


def test_the_embed_keeps_its_own_frame_ancestors_and_the_pages_theirs():
    embed = _headers(OURS, "/embed/projects/")[1]
    page = _headers(OURS, "/")[1]

    assert "frame-ancestors 'none'" in page
    assert "frame-ancestors 'none'" not in embed
    assert embed.replace("frame-ancestors 'self' https:", "") == page.replace(
        "frame-ancestors 'none'", ""
    )


@pytest.mark.parametrize("address", ["/", "/embed/projects/", "/api/v1/"])
def test_a_report_only_policy_and_its_excluded_prefix_as_the_stock_middleware(address):
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=REPORT_ONLY):
        ours = _headers(OURS, address)
        stock = _headers(STOCK, address)

    assert ours == stock
    assert (ours[2] is None) == address.startswith("/api/")
    # The setting is read again once the test has put it back.
    assert _headers(OURS, address)[2] is None


def _through(middleware_class, view, debug=False):
    request = RequestFactory().get("/")
    middleware = middleware_class(view)
    with override_settings(DEBUG=debug):
        response = middleware(request)
    return request, response


def test_an_exempt_response_a_header_already_set_and_a_nonce_as_the_stock_middleware():
    def nonce_view(request):
        return HttpResponse(str(request.csp_nonce))

    def own_header(request):
        response = HttpResponse()
        response[HEADER] = "default-src 'self'"
        return response

    missing = HttpResponse(status=404)
    for view in (csp_exempt()(lambda request: HttpResponse()), own_header, lambda r: missing):
        for debug in (False, True):
            ours = _through(csp.CSPMiddleware, view, debug)[1]
            stock = _through(StockCSPMiddleware, view, debug)[1]
            assert (ours.get(HEADER), ours.get(HEADER_REPORT_ONLY)) == (
                stock.get(HEADER),
                stock.get(HEADER_REPORT_ONLY),
            )
    with_nonce = {"DIRECTIVES": {"default-src": ["'none'"], "script-src": ["'self'", NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=with_nonce):
        ours = _through(csp.CSPMiddleware, nonce_view)[1]
        stock = _through(StockCSPMiddleware, nonce_view)[1]
    # A nonce is new for each request: each header names its own response's.
    assert f"'nonce-{ours.content.decode()}'" in ours[HEADER]
    assert ours[HEADER].replace(ours.content.decode(), "N") == stock[HEADER].replace(
        stock.content.decode(), "N"
    )


def test_a_nonce_asked_for_after_the_header_was_written_fails_as_with_the_stock_middleware():
    request, _response = _through(csp.CSPMiddleware, lambda request: HttpResponse())

    with pytest.raises(Exception, match="after the CSP header has been written"):
        str(request.csp_nonce)
