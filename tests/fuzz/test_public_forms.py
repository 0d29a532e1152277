"""Bad input to the public project filter and to the sign-in pages (issue #6).

No answer is a 500; nobody is signed in by junk; no record changes.
"""

import pytest
from django.urls import reverse

from tests.fuzz.page_forms import read_form, values_of
from tests.fuzz.submit import fuzz_form

LOGIN_PAGES = ["accounts:login", "admin:login"]


def test_project_filter_survives_bad_input(fuzz_client, bun_project):
    """The public list's filters and search, as a query string (S20, issue #6)."""
    url = reverse("website:project-list")
    fields = read_form(fuzz_client.get(url).content)

    fuzz_form(fuzz_client, url, fields, values_of(fields), method="get", errors_expected=False)


@pytest.mark.parametrize("name", LOGIN_PAGES)
def test_login_survives_bad_input(fuzz_client, coordinator, name):
    """Sign-in with junk: refused with a message in Swedish, never a 500 (issue #6)."""
    url = reverse(name)
    fields = read_form(fuzz_client.get(url).content)
    baseline = {**values_of(fields), "username": [coordinator.username], "password": ["fel"]}

    fuzz_form(fuzz_client, url, fields, baseline, refuse_only=True)
