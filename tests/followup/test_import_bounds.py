"""Imports are bounded in size and rows, and their preview writes nothing (issue #15).

With 20 MB allowed, a 1,000-row preview took 60 s, past the worker's timeout. Now a file is
at most ``IMPORT_MAX_BYTES`` (1 MiB) and ``IMPORT_MAX_ROWS`` (500) rows; above either the
coordinator reads why, in Swedish, and nothing is checked or saved. The preview validates
each row as the models do without saving it, in a number of queries pinned here.
"""

import base64
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from projects.models import Project
from tests.followup.test_spreadsheets import PROJECT_HEADER, _csv, _upload
from tests.followup.test_spreadsheets import places as places  # noqa: F401 (fixture)
from tests.followup.test_spreadsheets import signed_in as signed_in  # noqa: F401 (fixture)

# Queries per previewed row: the body by its short name; full_clean's four check constraints
# of a project (one query in a savepoint: three) and the slug's uniqueness (the body just read
# is not looked up again); the row's savepoint (two).
PER_ROW = 7
TOO_MANY = "The spreadsheet has more than 3 rows; import at most 3 at a time (split the file)."


def _rows(count, start=0):
    return [
        f"p{i},Projekt {i},partnership,idea,BUN,joniskis,2026-09-01,"
        for i in range(start, start + count)
    ]


def _confirm(client, content: bytes, file_format="csv"):
    return client.post(
        reverse("followup:import", kwargs={"dataset": "projects"}),
        {"payload": base64.b64encode(content).decode(), "format": file_format},
    )


def test_the_bounds_are_a_megabyte_and_500_rows(settings):
    assert settings.IMPORT_MAX_BYTES == 1024 * 1024
    assert settings.IMPORT_MAX_ROWS == 500


def test_a_file_above_the_size_is_refused(signed_in, bun, places, today, settings):
    settings.IMPORT_MAX_BYTES = 200
    content = _csv(PROJECT_HEADER, *_rows(5))

    response = _upload(signed_in, "projects", content)

    assert response.status_code == 400
    text = response.content.decode()
    assert "a spreadsheet to import may be at most 200\xa0bytes" in text
    assert "Split it into smaller files." in text
    assert Project.objects.count() == 0


def test_a_confirmed_payload_above_the_size_is_refused(signed_in, bun, places, today, settings):
    content = "\n".join([PROJECT_HEADER, *_rows(5)]).encode()
    settings.IMPORT_MAX_BYTES = 200

    response = _confirm(signed_in, content)

    assert response.status_code == 400
    assert "may be at most 200\xa0bytes" in response.content.decode()
    assert Project.objects.count() == 0


def test_the_refusals_are_in_swedish(signed_in, bun, places, today, settings):
    settings.IMPORT_MAX_ROWS = 3
    with translation.override("sv"):
        rows = _upload(signed_in, "projects", _csv(PROJECT_HEADER, *_rows(4)))
        settings.IMPORT_MAX_BYTES = 200
        size = _upload(signed_in, "projects", _csv(PROJECT_HEADER, *_rows(5)))

    assert "Kalkylarket har fler än 3 rader; importera högst 3 åt gången (dela upp filen)." in (
        rows.content.decode()
    )
    assert "ett kalkylark att importera får vara högst 200\xa0byte. Dela upp det" in (
        size.content.decode()
    )


def test_a_csv_with_more_rows_is_refused(signed_in, bun, places, today, settings):
    settings.IMPORT_MAX_ROWS = 3

    response = _upload(signed_in, "projects", _csv(PROJECT_HEADER, *_rows(4)))

    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()
    assert Project.objects.count() == 0


def test_a_confirmed_csv_with_more_rows_saves_nothing(signed_in, bun, places, today, settings):
    settings.IMPORT_MAX_ROWS = 3

    response = _confirm(signed_in, "\n".join([PROJECT_HEADER, *_rows(4)]).encode())

    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()
    assert Project.objects.count() == 0


def test_a_csv_of_exactly_the_rows_is_checked(signed_in, bun, places, today, settings):
    settings.IMPORT_MAX_ROWS = 3

    response = _upload(signed_in, "projects", _csv(PROJECT_HEADER, *_rows(3), ""))

    assert response.status_code == 200
    assert [row.errors for row in response.context["outcome"].rows] == [[], [], []]


def test_an_xlsx_with_more_rows_is_refused(signed_in, bun, places, today, settings):
    settings.IMPORT_MAX_ROWS = 3
    workbook = openpyxl.Workbook()
    workbook.active.append(PROJECT_HEADER.split(","))
    for line in _rows(4):
        workbook.active.append(line.split(","))
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)

    response = _upload(signed_in, "projects", content, name="import.xlsx")

    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()


def test_a_repeated_key_is_a_row_error(signed_in, bun, places, today):
    rows = _rows(2)
    response = _upload(signed_in, "projects", _csv(PROJECT_HEADER, *rows, rows[0]))

    assert response.status_code == 400
    errors = [row.errors for row in response.context["outcome"].rows]
    assert errors == [[], [], ["The same slug as row 2."]]
    assert response.context["confirm"] is None


def test_a_confirmed_file_with_a_repeated_key_saves_nothing(signed_in, bun, places, today):
    rows = _rows(2)

    response = _confirm(signed_in, "\n".join([PROJECT_HEADER, *rows, rows[0]]).encode())

    assert response.status_code == 400
    assert response.context["message"] == (
        "Some rows repeat another row's key; nothing was imported."
    )
    assert Project.objects.count() == 0


def _preview_queries(client, count):
    with CaptureQueriesContext(connection) as queries:
        response = _upload(client, "projects", _csv(PROJECT_HEADER, *_rows(count)))
    assert response.status_code == 200
    assert all(not row.errors for row in response.context["outcome"].rows)
    return [q["sql"] for q in queries.captured_queries]


def test_the_preview_writes_nothing_in_a_pinned_number_of_queries(signed_in, bun, places, today):
    ten = _preview_queries(signed_in, 10)
    twenty = _preview_queries(signed_in, 20)

    writes = [sql for sql in ten + twenty if sql.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert Project.objects.count() == 0
    # The places and the projects the file names are read once per file, not per row.
    assert (len(twenty) - len(ten)) / 10 == PER_ROW


def test_a_confirmed_import_saves_every_row(signed_in, bun, places, today):
    response = _confirm(signed_in, "\n".join([PROJECT_HEADER, *_rows(3)]).encode())

    assert response.status_code == 302
    assert Project.objects.count() == 3
    assert list(Project.objects.get(slug="p1").places.values_list("slug", flat=True)) == [
        "joniskis"
    ]
