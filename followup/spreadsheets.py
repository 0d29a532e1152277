"""Reading an uploaded spreadsheet and importing it all or nothing.

At most ``IMPORT_MAX_ROWS`` rows are read in a request (``IMPORT_BACKGROUND_MAX_ROWS`` by the
worker, followup.jobs) (#15): the rows are counted as the file is read, and a longer file, or
one with a formula in a cell, is refused before any row is checked. A preview checks each row as the
models do (``full_clean``) without saving it, so it costs no writes, no history rows and no
rollback; the confirmed import saves every row in one transaction or none.
"""

import csv
import io
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from followup.resources import check_columns
from governance.spreadsheet_cells import is_formula


class SpreadsheetError(Exception):
    """The file cannot be imported at all; the message says why."""


@dataclass
class PreviewRow:
    number: int
    values: list
    action: str
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportOutcome:
    """What an import did or would do, row by row."""

    headers: list[str]
    rows: list[PreviewRow]
    saved: bool = False

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)


def too_many_rows_message(limit: int | None = None) -> str:
    return _(
        "The spreadsheet has more than %(limit)s rows; import at most %(limit)s at a time "
        "(split the file)."
    ) % {"limit": limit or settings.IMPORT_MAX_ROWS}


def formula_message(cell: str, text: str) -> str:
    shown = text if len(text) <= 40 else text[:39] + "…"
    return _(
        "Cell %(cell)s holds a formula, or text that a spreadsheet runs as one (“%(text)s”). "
        "Import values only: replace the formula by its value, or begin the text with another "
        "character. Nothing has been saved."
    ) % {"cell": cell, "text": shown}


def _scan(rows, limit: int) -> int:
    """Count the rows as they are read, stopping at the first one past the limit, and refuse
    a cell that holds a formula (#15). The number of rows to import (the header not counted)."""
    count = 0
    for count, row in enumerate(rows, 1):
        if count > limit + 1:  # the header row and the rows to import
            raise SpreadsheetError(too_many_rows_message(limit))
        for column, value in enumerate(row, 1):
            if isinstance(value, str) and is_formula(value):
                from openpyxl.utils import get_column_letter

                cell = f"{get_column_letter(column)}{count}"
                raise SpreadsheetError(formula_message(cell, value))
    return max(count - 1, 0)


def _xlsx_rows(content: bytes):
    # Imported on use, as in followup.exports (30 MB of a worker's memory, #15).
    import openpyxl

    # Not data_only: a formula cell is read as its formula ("=A1*2"), so it can be refused.
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        yield from (row for row in workbook.active.iter_rows(values_only=True) if any(row))
    finally:
        workbook.close()


def _csv_text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(_("The CSV file is not UTF-8 text.")) from None


def _unreadable(error) -> SpreadsheetError:
    return SpreadsheetError(
        _("The file could not be read as a spreadsheet (%(error)s).") % {"error": error}
    )


def inspect(content: bytes, file_format: str, *, max_rows: int | None = None) -> int:
    """The number of rows to import, read without building them; a SpreadsheetError for too
    many rows, a formula, or a file that cannot be read. Cheap enough for the request."""
    limit = max_rows or settings.IMPORT_MAX_ROWS
    try:
        if file_format == "csv":
            return _scan((row for row in csv.reader(io.StringIO(_csv_text(content))) if row), limit)
        return _scan(_xlsx_rows(content), limit)
    except SpreadsheetError:
        raise
    except Exception as error:  # csv and openpyxl raise many kinds for a broken file
        raise _unreadable(error) from None


def load(content: bytes, file_format: str, *, max_rows: int | None = None) -> tablib.Dataset:
    """A dataset from the file's bytes, or a SpreadsheetError that says what is wrong."""
    inspect(content, file_format, max_rows=max_rows)
    try:
        if file_format == "csv":
            return tablib.Dataset().load(_csv_text(content), format="csv")
        return tablib.Dataset().load(content, format=file_format)
    except SpreadsheetError:
        raise
    except Exception as error:  # tablib and openpyxl raise many kinds for a broken file
        raise _unreadable(error) from None


def _errors(row_result) -> list[str]:
    messages = []
    if row_result.validation_error is not None:
        error = row_result.validation_error
        if hasattr(error, "message_dict"):
            for name, texts in error.message_dict.items():
                prefix = "" if name == "__all__" else f"{name}: "
                messages.extend(prefix + text for text in texts)
        else:
            messages.extend(error.messages)
    messages.extend(str(e.error) for e in row_result.errors)
    return messages


def run(
    resource,
    dataset: tablib.Dataset,
    *,
    dry_run: bool,
    max_rows: int | None = None,
    progress=None,
) -> ImportOutcome:
    """Import every row or none: any row's error rolls the whole import back.

    ``progress``, if given, is called with each row's number as it is done (followup.jobs).
    """
    limit = max_rows or settings.IMPORT_MAX_ROWS
    if not dataset.headers:
        raise SpreadsheetError(_("The spreadsheet is empty."))
    problem = check_columns(resource, dataset.headers)
    if problem:
        raise SpreadsheetError(problem)
    if not len(dataset):
        raise SpreadsheetError(_("The spreadsheet has a header row but no rows to import."))
    if len(dataset) > limit:
        raise SpreadsheetError(too_many_rows_message(limit))
    repeated = _repeated_keys(resource, dataset)
    if repeated and not dry_run:  # a preview shows these rows; confirmed, nothing is saved
        raise SpreadsheetError(_("Some rows repeat another row's key; nothing was imported."))
    resource.checking_only = dry_run
    resource.progress = progress
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
    if result.base_errors:
        raise SpreadsheetError("; ".join(str(e.error) for e in result.base_errors))
    rows = [
        PreviewRow(
            number,
            list(values),
            row_result.import_type,
            _errors(row_result) + repeated.get(number, []),
        )
        for number, (values, row_result) in enumerate(zip(dataset, result.rows, strict=True), 2)
    ]
    outcome = ImportOutcome(list(dataset.headers), rows)
    outcome.saved = not dry_run and not outcome.has_errors
    return outcome


def _repeated_keys(resource, dataset) -> dict[int, list[str]]:
    """Rows whose key (slug; project and programme) an earlier row of the file has.

    The preview saves nothing, so it would call both rows new; imported, the second would
    overwrite the first. Each such row is an error naming the earlier one.
    """
    columns = [c for c in resource._meta.import_id_fields if c in (dataset.headers or [])]
    if not columns:
        return {}
    first_row: dict[tuple, int] = {}
    repeated: dict[int, list[str]] = {}
    for number, row in enumerate(dataset.dict, 2):
        key = tuple(str(row.get(c) or "").strip() for c in columns)
        if key in first_row:
            repeated[number] = [
                _("The same %(columns)s as row %(row)s.")
                % {"columns": ", ".join(columns), "row": first_row[key]}
            ]
        else:
            first_row[key] = number
    return repeated
