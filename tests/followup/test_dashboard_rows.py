"""The dashboard's rules table, written in Python (#15), is byte for byte what the template's
loops wrote: the reference below is the loop of ``followup/dashboard.html`` as it was, rendered
beside the tag for the rows the dashboard builds and for rows with every kind of item.
"""

import pytest
from django.template import Context, Template
from django.utils import translation

from followup.queries import dashboard
from followup.queries.dashboard import Item, Row
from projects.models import ProjectStatus
from tests import factories

FORMER_LOOP = Template(
    "{% load i18n %}"
    "{% for row in rows %}\n"
    '    <tr id="row-{{ row.key }}" class="row-{{ row.state }}">\n'
    "      <td>{{ row.clause }}</td>\n"
    '      <th scope="row">{{ row.title }}</th>\n'
    '      <td class="text-nowrap"><span class="badge {{ row.state_style.badge }} state">'
    '<span aria-hidden="true">{{ row.state_style.icon }}</span> {{ row.state_label }}</span></td>\n'
    "      <td>\n"
    '        <p class="mb-1">{{ row.summary }}</p>\n'
    '        <p class="small text-body-secondary mb-1 rule">'
    '{% translate "Rule:" %} {{ row.rule }}</p>\n'
    "        {% if row.items %}\n"
    '        <ul class="mb-0">\n'
    "          {% for item in row.items %}\n"
    '          <li>{% if item.url %}<a href="{{ item.url }}">{{ item.label }}</a>'
    "{% else %}{{ item.label }}{% endif %}"
    '{% if item.note %} <span class="text-body-secondary">({{ item.note }})</span>{% endif %}'
    "</li>\n"
    "          {% endfor %}\n"
    '          {% if row.more %}<li class="text-body-secondary">'
    "{% blocktranslate trimmed count more=row.more %}and {{ more }} more"
    "{% plural %}and {{ more }} more{% endblocktranslate %}</li>{% endif %}\n"
    "        </ul>\n"
    "        {% endif %}\n"
    "      </td>\n"
    "    </tr>\n"
    "  {% endfor %}"
)
TAG = Template("{% load dashboard_rows %}{% dashboard_rows rows %}")


def _rows():
    """Rows in every state, with and without items, links, notes and records left out."""
    return [
        Row("met", "S1", "Met <rule>", True, "Nothing & nobody."),
        Row(
            "due",
            "S2",
            "Due soon",
            False,
            'The "summary" <b>',
            [Item("Linked & <escaped>", "/admin/x/1/?a=1&b=2", "a note's <note>"), Item("Plain")],
            due_soon=True,
        ),
        Row(
            "missing_decisions",
            "S7, S8",
            "Deviation",
            False,
            "Many",
            [Item(f"Record {n}", f"/admin/r/{n}/") for n in range(3)],
            total=2306,
        ),
        Row("funding_check", "S6", "One more", False, "One", [Item("a", None, "n")], total=2),
    ]


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_tag_writes_what_the_loop_wrote(language, bun, today):
    factories.ProjectFactory(
        responsible_body=bun, status=ProjectStatus.PLANNED, title="Work <without> & check"
    )
    with translation.override(language):
        for rows in (_rows(), dashboard.rows(today)):
            context = {"rows": rows}
            expected = FORMER_LOOP.render(Context(context))
            assert "<li" in expected
            assert TAG.render(Context(context)) == expected
