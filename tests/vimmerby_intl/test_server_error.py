"""The server-error page (#16): it answers even when the static manifest is what failed, and
gives the request's id, which the log line of the error carries too."""

import pytest
from django.test import Client, override_settings
from django.urls import path


def broken(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("broken/", broken)]
handler500 = "vimmerby_intl.errors.server_error"

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_an_error_answers_500_with_the_request_id():
    response = Client(raise_request_exception=False).get("/broken/", HTTP_X_REQUEST_ID="err-req-42")

    assert response.status_code == 500
    assert "err-req-42" in response.content.decode()
    assert "bootstrap" in response.content.decode()


@override_settings(
    STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    },
    STATIC_ROOT="/nonexistent-static-root",
)
def test_without_the_static_manifest_the_page_still_answers_unstyled():
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>" in page
    assert "stylesheet" not in page
