"""Reading an uploaded spreadsheet and importing it all or nothing."""

from dataclasses import dataclass, field

import tablib
from django.utils.translation import gettext as _

from followup.resources import check_columns


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


def load(content: bytes, file_format: str) -> tablib.Dataset:
    """A dataset from the file's bytes, or a SpreadsheetError that says what is wrong."""
    try:
        if file_format == "csv":
            return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        return tablib.Dataset().load(content, format=file_format)
    except UnicodeDecodeError:
        raise SpreadsheetError(_("The CSV file is not UTF-8 text.")) from None
    except Exception as error:  # tablib and openpyxl raise many kinds for a broken file
        raise SpreadsheetError(
            _("The file could not be read as a spreadsheet (%(error)s).") % {"error": error}
        ) from None


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


def run(resource, dataset: tablib.Dataset, *, dry_run: bool) -> ImportOutcome:
    """Import every row or none: any row's error rolls the whole import back."""
    if not dataset.headers:
        raise SpreadsheetError(_("The spreadsheet is empty."))
    problem = check_columns(resource, dataset.headers)
    if problem:
        raise SpreadsheetError(problem)
    if not len(dataset):
        raise SpreadsheetError(_("The spreadsheet has a header row but no rows to import."))
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
        PreviewRow(number, list(values), row_result.import_type, _errors(row_result))
        for number, (values, row_result) in enumerate(zip(dataset, result.rows, strict=True), 2)
    ]
    outcome = ImportOutcome(list(dataset.headers), rows)
    outcome.saved = not dry_run and not outcome.has_errors
    return outcome
