"""The yearly report's project and decision rows, written in Python (#15), are byte for byte
what the template's loops wrote: the references below are the loops of
``followup/_report_body.html`` as they were, rendered with the project instances read as the
report read them before (the body joined, the places prefetched, the counts summed by a join).
"""

import datetime

import pytest
from django.db.models import Prefetch, Sum
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from followup import report
from partners.models import Place
from projects.models import ProjectKind, ProjectStatus
from tests import factories

PROJECT_LOOP = Template(
    "{% load i18n %}{% for project in projects %}\n"
    "    <tr><td>{{ project.title }}</td><td>{{ project.kind_label }}</td>"
    "<td>{{ project.status_label }}</td><td>{{ project.responsible_body.short_name }}</td>"
    "<td>{% for place in project.place_list %}{{ place.name }}"
    "{% if not forloop.last %}, {% endif %}{% endfor %}</td>"
    '<td><span class="text-nowrap">{{ project.starts_on|date:"Y-m-d" }}</span>–'
    '<span class="text-nowrap">{{ project.ends_on|date:"Y-m-d" }}</span></td>'
    '<td class="num">{{ project.participant_total|default:0 }}</td></tr>\n'
    '  {% empty %}<tr><td colspan="7">{% translate "No projects or exchanges." %}</td></tr>'
    "{% endfor %}"
)
DECISION_LOOP = Template(
    "{% for decision in decisions %}\n"
    "    <tr><td>{{ decision.citation }}</td>"
    '<td>{{ decision.case_number|default:"–" }}</td><td>{{ decision.title }}</td>'
    "<td>{{ decision.outcome_label }}</td></tr>\n"
    "  {% endfor %}"
)
TAGS = Template(
    "{% load report_rows %}{% report_project_rows report.projects pdf %}"
    "|{% report_decision_rows report.decisions %}"
)


def _former_projects(scope):
    """``followup.report._projects`` as it was: model instances, counts summed by a join."""
    projects = list(
        scope.select_related("responsible_body")
        .prefetch_related(Prefetch("places", Place.objects.all(), to_attr="place_list"))
        .annotate(participant_total=Sum("participant_counts__count"))
        .order_by("title")
    )
    kinds = {value: str(label) for value, label in ProjectKind.choices}
    statuses = {value: str(label) for value, label in ProjectStatus.choices}
    for project in projects:
        project.kind_label = kinds[project.kind]
        project.status_label = statuses[project.status]
    return projects


@pytest.fixture
def year_2026(bun, ks, today):
    ending = factories.ProjectFactory(
        title_sv="Elevutbyte <Joniškis> & Mukono",
        title_en="Pupil <exchange> & more",
        responsible_body=bun,
        kind=ProjectKind.SCHOOL_EXCHANGE,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 6, 30),
    )
    ending.places.add(
        factories.PlaceFactory(name="Joniškis"), factories.PlaceFactory(name="Kalla & <Varma>")
    )
    factories.ParticipantCountFactory(project=ending, level="pupil", count=1200)
    factories.ParticipantCountFactory(project=ending, level="staff", count=3)
    # No end, no places, no participants, no English title (the Swedish one in English).
    factories.ProjectFactory(
        title_sv="Vänortsdagar",
        title_en="",
        responsible_body=ks,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=None,
    )
    factories.DecisionFactory(
        body=ks, meeting_date=datetime.date(2026, 2, 10), paragraph=5, case_number=""
    )
    factories.DecisionFactory(
        body=bun,
        meeting_date=datetime.date(2026, 3, 1),
        paragraph=7,
        case_number="BUN 2026/12",
        title_sv="Resa & <möte>",
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_rows_are_the_former_loops_byte_for_byte(year_2026, language):
    with translation.override(language):
        yearly = report.build(2026)
        former = _former_projects(report.projects_in(2026))
        expected = PROJECT_LOOP.render(Context({"projects": former}))
        expected += "|" + DECISION_LOOP.render(Context({"decisions": yearly.decisions}))

        written = TAGS.render(Context({"report": yearly}))

    assert {p.participant_total for p in former} == {1203, None}
    assert [p.participant_total for p in yearly.projects] == [p.participant_total for p in former]
    title = {
        "sv": "Elevutbyte &lt;Joniškis&gt; &amp; Mukono",
        "en": "Pupil &lt;exchange&gt; &amp; more",
    }
    assert f"<tr><td>{title[language]}</td>" in written
    assert "Joniškis, Kalla &amp; &lt;Varma&gt;" in written
    assert "<td>–</td>" in written  # a decision without a case number
    assert written == expected


def test_pdf_rows_leave_out_the_pages_spans_and_keep_the_text(year_2026):
    yearly = report.build(2026)
    page = TAGS.render(Context({"report": yearly}))

    pdf = TAGS.render(Context({"report": yearly, "pdf": True}))

    assert "text-nowrap" in page
    assert "text-nowrap" not in pdf
    assert "<td>2025-09-01–2026-06-30</td>" in pdf
    assert pdf == page.replace('<span class="text-nowrap">', "").replace("</span>", "")


def test_report_with_no_projects_or_decisions_says_so(network_body, today, client, coordinator):
    factories.MeetingFactory(body=network_body)
    client.force_login(coordinator)

    page = client.get(reverse("followup:report") + "?year=2026").content.decode()

    assert '<tr><td colspan="7">No projects or exchanges.</td></tr>' in page
    assert '<tr><td colspan="4">No decisions.</td></tr>' in page
