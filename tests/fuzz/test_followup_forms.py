"""Bad input to the follow-up forms: the report's year and scope, spreadsheet import (S22).

Issue #6 (reliability): no answer is a 500 and nothing is half-saved. An import is all or
nothing: a spreadsheet with one bad cell saves no row at all.
"""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.resources import IMPORTS
from tests.fuzz.bad_input import BAD_SCALAR, FILE_NAMES
from tests.fuzz.page_forms import read_form, values_of
from tests.fuzz.submit import FUZZ, check, fuzz_form

REPORTS = ["report", "report-pdf", "report-xlsx"]


@pytest.mark.parametrize("name", REPORTS)
def test_report_form_survives_bad_input(fuzz_client, coordinator, bun_project, name):
    """The yearly report's year and body, as a query string (S22, issue #6)."""
    fuzz_client.force_login(coordinator)
    fields = read_form(fuzz_client.get(reverse("followup:report")).content)
    url = reverse(f"followup:{name}")

    fuzz_form(fuzz_client, url, fields, values_of(fields), method="get", errors_expected=False)


def _exported_csv(client, dataset) -> str:
    response = client.get(reverse("followup:export", args=[dataset, "csv"]))
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


@st.composite
def spreadsheets(draw, csv_text: str):
    """The exported spreadsheet with a cell spoiled, or something that is no spreadsheet."""
    lines = csv_text.splitlines()
    header, rows = lines[0], [line.split(",") for line in lines[1:]] or [[""]]
    row = draw(st.sampled_from(rows))
    column = draw(st.integers(0, len(row) - 1))
    bad = draw(BAD_SCALAR).replace(",", " ").replace("\n", " ").replace("\r", " ")
    spoiled = [*row[:column], bad, *row[column + 1 :]]
    text = "\n".join([header, ",".join(spoiled)])
    return draw(
        st.one_of(
            st.just(text.encode()),
            st.just(text.encode()),
            st.just(text.encode("utf-16")),
            st.binary(max_size=200),
            st.just(b""),
            st.just(header.encode()),
            st.just(b"PK\x03\x04" + text.encode()),  # the start of a zip: an .xlsx that isn't
        )
    )


@pytest.mark.parametrize("dataset", sorted(IMPORTS))
def test_import_upload_survives_bad_files(fuzz_client, coordinator, bun_project, dataset):
    """Upload for checking: a bad file is refused with a reason, nothing is saved (issue #6)."""
    fuzz_client.force_login(coordinator)
    csv_text = _exported_csv(fuzz_client, dataset)
    url = reverse("followup:import", args=[dataset])

    @settings(FUZZ)
    @given(name=st.one_of(st.just("data.csv"), FILE_NAMES), content=spreadsheets(csv_text))
    def upload(name, content):
        sent = {f"{dataset}-file": SimpleUploadedFile(name, content)}
        check(fuzz_client, url, sent, errors_expected=False)

    upload()


@pytest.mark.parametrize("dataset", sorted(IMPORTS))
def test_import_confirmation_survives_bad_payloads(fuzz_client, coordinator, bun_project, dataset):
    """The confirmed import: a tampered payload saves all rows or none (issue #6)."""
    fuzz_client.force_login(coordinator)
    csv_text = _exported_csv(fuzz_client, dataset)
    url = reverse("followup:import", args=[dataset])
    payloads = st.one_of(
        spreadsheets(csv_text).map(lambda content: base64.b64encode(content).decode()),
        BAD_SCALAR,
    )

    @settings(FUZZ)
    @given(payload=payloads, file_format=st.sampled_from(["csv", "xlsx", "xls", ""]))
    def confirm(payload, file_format):
        check(fuzz_client, url, {"payload": payload, "format": file_format}, errors_expected=False)

    confirm()
