"""The dashboard's items made with less work (#15), the same as before: the listed projects
read with the columns their items show alone, their status's label from labels read once (the
words ``get_status_display`` gives), the admin's URL looked up once for a list, and the
network meetings read from a statement compiled once and judged held against the clock."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone, translation

from followup.queries import dashboard
from followup.queries.deadlines import admin_url, admin_urls
from governance import networks
from governance.models import BodyKind
from projects.models import Application, Project, ProjectStatus
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
        assert dashboard._project_items([listed]) == [
            dashboard.Item(str(whole), admin_url(whole), whole.get_status_display())
        ]
        assert admin_url(whole) == reverse("admin:projects_project_change", args=[whole.pk])


def test_admin_urls_is_admin_url_and_none_for_a_model_the_admin_does_not_register():
    application = factories.ApplicationFactory()
    assert admin_urls(Application)(application.pk) == admin_url(application)
    assert admin_url(application) == reverse(
        "admin:projects_application_change", args=[application.pk]
    )
    assert admin_urls(Session)("x") is None


def test_the_meetings_held_follow_the_clock_with_the_statement_compiled_once(db):
    """``held_meetings`` reads the year's meetings from a statement compiled once and keeps
    those held by now: a meeting counts from its start, as ``networks.meetings_held`` says."""
    zone = timezone.get_current_timezone()
    body = factories.BodyFactory(kind=BodyKind.INTERNATIONAL_NETWORK)
    starts = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=zone)
    meeting = factories.MeetingFactory(body=body, starts_at=starts)
    factories.MeetingFactory(body=body, starts_at=datetime.datetime(2025, 3, 1, 9, tzinfo=zone))
    for now, held in ((starts - datetime.timedelta(minutes=1), []), (starts, [meeting])):
        with time_machine.travel(now, tick=False):
            assert dashboard.held_meetings(2026)[BodyKind.INTERNATIONAL_NETWORK] == held
            assert list(networks.meetings_held(2026)) == held
