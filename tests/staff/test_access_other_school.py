"""The access matrix's row for a contributor of another school (#11): the same pages as the
table in test_mixins.py, asked by an official of Vimarskolan about work of BUN's
administration. Drafting their own work is open; everything of the other work is refused."""

import pytest

from tests.staff.conftest import en
from tests.staff.test_mixins import MATRIX, url_args

pytestmark = pytest.mark.django_db

OPEN_TO_ANY_CONTRIBUTOR = {
    "home",
    "application-list",
    "application-create",
    "project-list",
    "project-create",
}


@pytest.mark.parametrize(("name", "obj", "method"), [row[:3] for row in MATRIX])
def test_a_contributor_of_another_school(request, client, vimar_contributor, name, obj, method):
    args = url_args(request, obj)
    client.force_login(vimar_contributor)

    response = getattr(client, method)(en(name, *args))

    assert response.status_code == (200 if name in OPEN_TO_ANY_CONTRIBUTOR else 403)
    # The consultation and the reason for none are the coordinator's steps, refused as such.
    if obj in (
        "bun_project",
        "draft",
        "submitted_document",
        "bun_picture",
        "bun_picture_file",
    ) and name not in (
        "application-consultation",
        "application-no-consultation",
        "document",  # reading answers the one 403 of the staff pages
        "document-public",  # the coordinator's, refused as such
        "project-publish",  # the coordinator's, refused as such
        "project-unpublish",  # the coordinator's, refused as such
    ):
        assert "Only staff of Barn- och utbildningsförvaltningen" in response.text
