"""The dashboard's listed projects (#15): read with the columns their items show alone, and
their status's label from labels read once, the same words ``get_status_display`` gives."""

import pytest
from django.utils import translation

from followup.queries import dashboard
from projects.models import Project, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["sv", "en"])
def test_status_label_is_get_status_display(language):
    project = factories.ProjectFactory()
    with translation.override(language):
        for status in [*ProjectStatus.values, "not-a-status"]:
            project.status = status
            assert dashboard.status_label(project) == project.get_status_display()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_listed_project_reads_as_the_whole_project(language, django_assert_num_queries):
    project = factories.ProjectFactory(title_sv="Ett utbyte", title_en="An exchange")
    whole = Project.objects.get(pk=project.pk)
    listed = Project.objects.only(*dashboard.PROJECT_ITEM_FIELDS).get(pk=project.pk)
    with translation.override(language), django_assert_num_queries(0):
        assert dashboard._project_item(listed, dashboard.status_label(listed)) == (
            dashboard._project_item(whole, whole.get_status_display())
        )
