"""The secretariat's spreadsheet of a term's memberships: its template and reading it.

One row per membership, with a header row. The headers and the roles may be written in
Swedish or in English ("förnamn" or "first name", "ledamot" or "member"), whichever language
the template was downloaded in.
"""

import datetime

import tablib
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.models import Role
from governance.spreadsheet_cells import safe_dataset
from governance.term_registration import Row

# Each column's key and its header, translated when the template is made.
COLUMNS = (
    ("first_name", gettext_lazy("first name")),
    ("last_name", gettext_lazy("last name")),
    ("email", gettext_lazy("e-mail")),
    ("role", gettext_lazy("role")),
    ("starts_on", gettext_lazy("from (if later than the term's start)")),
)
REQUIRED = ("first_name", "last_name", "email", "role")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class SheetError(Exception):
    """The file cannot be read as a term's memberships at all; the message says why."""


def _normal(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def _in_every_language(texts) -> dict[str, str]:
    """Each (key, lazy text) under its wording in every language of the site."""
    found = {}
    for language in ("sv", "en"):
        with translation.override(language):
            for key, text in texts:
                found[_normal(text)] = key
    return found


def header_keys() -> dict[str, str]:
    found = _in_every_language(COLUMNS)
    found.update({_normal("from"): "starts_on", _normal("från"): "starts_on"})
    return found


def role_keys() -> dict[str, str]:
    """Every role by its code and its name in each language; the service refuses those a
    term does not have (an official is not elected)."""
    found = _in_every_language([(role.value, role.label) for role in Role])
    found.update({_normal(role.value): role.value for role in Role})
    return found


def template(file_format: str) -> bytes:
    """An empty spreadsheet with the headers, in the active language."""
    sheet = tablib.Dataset(headers=[str(text) for _key, text in COLUMNS], title=_("Memberships"))
    content = safe_dataset(sheet).export(file_format)
    return content.encode("utf-8-sig") if isinstance(content, str) else content


def read(content: bytes, file_format: str) -> list[Row]:
    """The rows of an uploaded spreadsheet; a row's unreadable cell becomes its error."""
    try:
        if file_format == "csv":
            sheet = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            sheet = tablib.Dataset().load(content, format=file_format)
    except UnicodeDecodeError:
        raise SheetError(_("The CSV file is not UTF-8 text.")) from None
    except Exception as error:  # tablib and openpyxl raise many kinds for a broken file
        raise SheetError(
            _("The file could not be read as a spreadsheet (%(error)s).") % {"error": error}
        ) from None
    if not sheet.headers:
        raise SheetError(_("The spreadsheet is empty."))
    known = header_keys()
    columns = [known.get(_normal(header)) for header in sheet.headers]
    missing = [str(text) for key, text in COLUMNS if key in REQUIRED and key not in columns]
    if missing:
        raise SheetError(
            _("The spreadsheet lacks the columns %(columns)s; start from the template.")
            % {"columns": ", ".join(missing)}
        )
    roles = role_keys()
    rows = []
    for index, values in enumerate(sheet, start=2):
        cells = {key: value for key, value in zip(columns, values, strict=False) if key}
        if not any(str(value or "").strip() for value in cells.values()):
            continue  # an empty line
        row = Row(
            first_name=str(cells.get("first_name") or "").strip(),
            last_name=str(cells.get("last_name") or "").strip(),
            email=str(cells.get("email") or "").strip(),
            role=roles.get(_normal(cells.get("role")), str(cells.get("role") or "").strip()),
            number=index,
        )
        row.starts_on, problem = _day(cells.get("starts_on"))
        rows.append(row)
        if problem:
            row.errors.append(problem)
    if not rows:
        raise SheetError(_("The spreadsheet has a header row but no rows to import."))
    return rows


def _day(value) -> tuple[datetime.date | None, str]:
    if value in (None, ""):
        return None, ""
    if isinstance(value, datetime.datetime):
        return value.date(), ""
    if isinstance(value, datetime.date):
        return value, ""
    try:
        return datetime.date.fromisoformat(str(value).strip()), ""
    except ValueError:
        return None, _("“%(value)s” is not a date; write it as 2027-01-01.") % {"value": value}
