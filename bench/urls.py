"""The production URLs behind one extra path, the baseline of every ratio the bench prints."""

from django.http import HttpResponse
from django.urls import path

from vimmerby_intl.urls import urlpatterns as application_urlpatterns

BASELINE_BODY = b"<!doctype html><title>baseline</title><p>A fixed page.</p>\n"


def baseline(request):
    """The cheapest page Django can serve through the same middleware: no query, no template."""
    return HttpResponse(BASELINE_BODY)


urlpatterns = [path("bench/baseline/", baseline, name="bench-baseline"), *application_urlpatterns]
