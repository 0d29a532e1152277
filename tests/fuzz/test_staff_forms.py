"""Bad input to every form of the staff pages under /arbete/, posted by the user who may use it.

Issue #6 (reliability): no answer is a 500 and nothing is half-saved. The rules behind the
forms are S6 (funding check), S7-S9 (who decides, consultation), S11-S12 (exchanges and the
responsible body); here only that their refusal is clear, in Swedish, and leaves no trace.
"""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import factories
from tests.fuzz.bad_input import BAD_SCALAR, with_extreme_dates
from tests.fuzz.page_forms import read_form, values_of
from tests.fuzz.submit import FUZZ, check, fuzz_form

# (URL name, the persona who may use it, the record in the URL and edited by the form)
FORMS = [
    ("application-create", "contributor", None),
    ("application-update", "contributor", "draft"),
    ("application-consultation", "coordinator", "draft"),
    ("application-decide", "bun_member", "submitted"),
    ("application-steering-group", "bun_member", "approved"),
    ("project-create", "contributor", None),
    ("project-update", "contributor", "bun_project"),
    ("fundingcheck-create", "contributor", "bun_project"),
    # Visits and their participants (#12, S14).
    ("visit-create", "coordinator", None),
    ("visit-update", "coordinator", "visit"),
    # Meetings of the bodies (#12).
    ("meeting-create", "coordinator", None),
    ("meeting-update", "coordinator", "network_meeting"),
]
# Buttons: a form with only a CSRF token; stray fields must change nothing either.
BUTTONS = [
    ("application-submit", "contributor", "draft"),
    ("application-withdraw", "contributor", "draft"),
    ("funding-complete", "contributor", "bun_project"),
    # Publishing refused (the work is not approved), taking off the site with junk (#12).
    ("project-publish", "coordinator", "bun_project"),
    ("project-unpublish", "coordinator", "bun_project"),
]


@pytest.fixture
def visit():
    return factories.VisitParticipantFactory().visit


def _ids(case):
    return case[0]


def _arrange(request, client, user_name, record_name):
    client.force_login(request.getfixturevalue(user_name))
    request.getfixturevalue("network_meeting")  # a meeting the consultation form can choose
    return request.getfixturevalue(record_name) if record_name else None


@pytest.mark.parametrize("case", FORMS, ids=_ids)
def test_staff_form_survives_bad_input(request, fuzz_client, case):
    """Each staff form, filled in as its page offers it, then tampered with (issue #6)."""
    name, user_name, record_name = case
    record = _arrange(request, fuzz_client, user_name, record_name)
    url = reverse(f"staff:{name}", args=[record.pk] if record else [])
    page = fuzz_client.get(url)
    assert page.status_code == 200, f"{url} answers {page.status_code}"
    fields = read_form(page.content)

    edited = [record] if record else []
    fuzz_form(fuzz_client, url, fields, values_of(fields), edited=edited)
    for sent in with_extreme_dates(fields, values_of(fields)):
        check(fuzz_client, url, sent, edited=edited)


@pytest.mark.parametrize("case", BUTTONS, ids=_ids)
@settings(FUZZ, max_examples=5)
@given(data=st.data())
def test_staff_button_survives_stray_input(request, fuzz_client, case, data):
    """A step's button (submit, withdraw, complete the funding check) given junk (issue #6)."""
    name, user_name, record_name = case
    record = _arrange(request, fuzz_client, user_name, record_name)
    url = reverse(f"staff:{name}", args=[record.pk])

    sent = data.draw(st.dictionaries(st.sampled_from(["id", "status", "pk", "next"]), BAD_SCALAR))

    check(fuzz_client, url, sent, edited=[record])
