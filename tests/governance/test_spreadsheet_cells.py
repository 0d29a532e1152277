"""OWASP's rule against CSV (formula) injection, once for every CSV and XLSX (#15 hardening)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib

from governance.spreadsheet_cells import (
    Formed,
    append_to_sheet,
    safe_dataset,
    safe_text,
    safe_value,
)

HOSTILE = [
    '=HYPERLINK("https://evil.example","Klicka")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",  # after leading whitespace, as OWASP says
    "\n@SUM(A1)",
    "\u00a0=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_would_run_gets_an_apostrophe(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Elevutbyte Joniškis", "a = b", "e-post@exempel.se", "", "1994", "-500", "+3", "12.5"]
)
def test_ordinary_text_and_plain_numbers_stay_as_they_are(text):
    assert safe_text(text) == text


@pytest.mark.parametrize(
    "value",
    [None, -500, Decimal("-1250.50"), -0.5, True, datetime.date(2026, 6, 15)],
)
def test_numbers_dates_and_booleans_stay_what_they_are(value):
    assert safe_value(value) is value


def test_text_the_code_forms_from_dates_is_kept():
    assert safe_value(Formed("+1994-00-00T00:00:00Z/9")) == "+1994-00-00T00:00:00Z/9"


def test_control_characters_no_spreadsheet_holds_are_removed():
    assert safe_text("Ort\x01 \x1f1") == "Ort 1"


def test_a_dataset_is_made_safe_header_and_cells():
    dataset = tablib.Dataset(["=1+1", "-500", "Ort"], headers=["@title", "cost", "place"])

    safe = safe_dataset(dataset)

    assert safe.headers == ["'@title", "cost", "place"]
    assert list(safe[0]) == ["'=1+1", "-500", "Ort"]


def test_a_worksheet_row_holds_text_as_text_and_numbers_as_numbers():
    workbook = openpyxl.Workbook()
    append_to_sheet(workbook.active, ["=1+1", Decimal("-500"), -3, "Ort"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    cells = list(openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())[0]

    assert [cell.data_type for cell in cells] == ["s", "n", "n", "s"]
    assert [cell.value for cell in cells] == ["'=1+1", -500, -3, "Ort"]
