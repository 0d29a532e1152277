"""The staff lists' application rows written in Python (``staff_application_rows``, #15): the
same HTML as the ``{% for %}`` loop with an include per row that they replace."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from projects import queries
from projects.models import Application, ApplicationKind
from projects.services import applications
from staff.views.applications import LIST_RELATED
from tests import factories
from tests.staff.conftest import STOCKHOLM, make_application

pytestmark = pytest.mark.django_db

# The loop as it was in staff/templates/staff/_application_table.html.
FORMER = """{% load i18n %}  {% for application in applications %}
    <tr>
      <td><a href="{% url 'staff:application-detail' application.pk %}">{{ application.title }}</a>{% if since and application.last_change and application.last_change > since %} <span class="badge text-bg-info new-since">{% translate "New or changed since your last visit" as news %}<span aria-hidden="true">{% translate "New" %}</span><span class="visually-hidden">{{ news }}</span></span>{% endif %}</td>
      <td>{{ application.get_kind_display }}</td>
      <td>{{ application.addressed_to.short_name }}</td>
      <td>{{ application.project.responsible_body.short_name|default:"–" }}</td>
      <td class="text-nowrap">{{ application.submitted_on|date:"Y-m-d"|default:"–" }}</td>
      <td>{% include "staff/_status.html" %}</td>
      <td>{% if application.decision %}{{ application.decision.citation }}: {{ application.decision.get_outcome_display }}{% else %}–{% endif %}</td>
    </tr>
  {% empty %}
    <tr><td colspan="7">{{ empty_text }}</td></tr>
  {% endfor %}
"""  # noqa: E501
NOW = """{% load i18n staff_rows %}  {% if applications %}{% staff_application_rows applications since %}{% else %}
    <tr><td colspan="7">{{ empty_text }}</td></tr>
  {% endif %}
"""  # noqa: E501


@pytest.fixture
def several(bun_project, contributor, approved):
    other = factories.ProjectFactory(responsible_body=bun_project.responsible_body)
    make_application(other, contributor.person, title='Utkast <"x"> & y')
    sent = factories.ProjectFactory(responsible_body=bun_project.responsible_body)
    applications.submit(
        make_application(sent, contributor.person, title="Inskickad"), on=datetime.date(2026, 2, 1)
    )
    withdrawn = make_application(
        factories.ProjectFactory(responsible_body=bun_project.responsible_body),
        contributor.person,
        title="Återtagen",
    )
    applications.withdraw(withdrawn)
    twin_town = make_application(
        factories.ProjectFactory(responsible_body=bun_project.responsible_body),
        contributor.person,
        title="Ny vänort",
    )
    # A new twin town's draft: no project (what its validation asks is not the rows' concern).
    Application.objects.filter(pk=twin_town.pk).update(
        kind=ApplicationKind.TWIN_TOWN, project=None, proposed_place=factories.PlaceFactory()
    )
    return Application.objects.all()


def _rows(template, since, language, empty=False):
    listed = queries.with_last_change(Application.objects.select_related(*LIST_RELATED))
    listed = listed.none() if empty else listed.order_by("pk")
    with translation.override(language):
        return Template(template).render(
            Context({"applications": listed, "since": since, "empty_text": "Inga <ännu>."})
        )


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(
    "since",
    [
        None,
        datetime.datetime(2000, 1, 1, tzinfo=STOCKHOLM),
        datetime.datetime(2100, 1, 1, tzinfo=STOCKHOLM),
    ],
)
def test_the_rows_are_the_loops_html(several, since, language):
    former = _rows(FORMER, since, language)

    assert former.count("<tr>") == several.count() >= 4
    assert _rows(NOW, since, language) == former


def test_no_rows_are_the_loops_html(several):
    assert _rows(NOW, None, "sv", empty=True) == _rows(FORMER, None, "sv", empty=True)
