"""The admin page of a record, reversed once per model and language (#15): the same address
as reversing it for each record, in each language, and none for a model the admin lacks."""

import pytest
from django.urls import reverse
from django.utils import translation

from followup.queries.deadlines import admin_url
from projects.models import MissingDecision
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_address_is_the_reversed_one_for_every_record(language):
    projects = [factories.ProjectFactory(), factories.ProjectFactory()]
    place = factories.PlaceFactory()

    with translation.override(language):
        for record, name in [(p, "projects_project") for p in projects] + [
            (place, "partners_place")
        ]:
            assert admin_url(record) == reverse(f"admin:{name}_change", args=[record.pk])


def test_a_model_the_admin_lacks_has_no_address():
    project = factories.ProjectFactory()
    mark = MissingDecision(project=project)

    assert admin_url(mark) is None
