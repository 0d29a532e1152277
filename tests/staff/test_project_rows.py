"""The staff project list's rows written in Python (``staff_project_rows``, #15): the same
HTML as the ``{% for %}`` loop they replace, for the cases the loop told apart."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

# The loop as it was in staff/templates/staff/project_list.html.
FORMER = """{% load i18n %}  {% for project in projects %}
    <tr>
      <td><a href="{{ project.detail_url }}">{{ project.title }}</a></td>
      <td>{{ project.kind_label }}</td>
      <td>{{ project.responsible_body.short_name }}</td>
      <td>{{ project.unit.name|default:"–" }}</td>
      <td>{{ project.status_label }}</td>
      <td>{% if project.funding_check_complete %}{% translate "Completed" %}{% else %}{% blocktranslate count counter=project.check_count trimmed %}Open, {{ counter }} source checked{% plural %}Open, {{ counter }} sources checked{% endblocktranslate %}{% endif %}</td>
    </tr>
  {% empty %}
    <tr><td colspan="6">{% translate "No projects yet." %}</td></tr>
  {% endfor %}
"""  # noqa: E501
NOW = """{% load i18n staff_rows %}  {% if projects %}{% staff_project_rows projects %}{% else %}
    <tr><td colspan="6">{% translate "No projects yet." %}</td></tr>
  {% endif %}
"""


def _project(pk, title, unit, complete, checks, body="BUN"):
    return SimpleNamespace(
        pk=pk,
        title=title,
        detail_url=f"/arbete/projekt/{pk}/?a=1&b=2",
        kind_label="Utbyte & resa",
        status_label="Pågår",
        responsible_body=SimpleNamespace(short_name=body),
        unit=None if unit is None else SimpleNamespace(name=unit),
        funding_check_complete=complete,
        check_count=checks,
    )


PROJECTS = [
    _project(1, 'Skola <"Vimmerby"> & Ogre', "Vimmerby gymnasium", False, 0),
    _project(2, "Second", None, False, 1, body="K<S>"),
    _project(3, "Third", "", True, 4),
    _project(4, "Fourth's", "Unit 'x'", False, 1234),
    _project(5, "Fifth", "Vimmerby gymnasium", False, 2),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("projects", [PROJECTS, PROJECTS[:1], []])
def test_the_rows_are_the_loops_html(projects, language):
    with translation.override(language):
        former = Template(FORMER).render(Context({"projects": projects}))
        now = Template(NOW).render(Context({"projects": projects}))

    assert "<tr>" in former
    assert now == former
