"""Cells a spreadsheet cannot run: every CSV and XLSX the system writes passes through here.

A text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken by
Excel and LibreOffice for a formula (CSV or formula injection), and so is one where such a
character follows leading whitespace. OWASP's rule: such a cell gets a leading apostrophe,
so it is shown as the text it is and never run. A number stays a number: numbers, dates and
booleans are passed on as they are, and a text that is a plain number ("-500", "+3",
"12.5") cannot be a formula and is left alone. Control characters that no spreadsheet can
hold (openpyxl refuses them) are removed.

Text the code forms itself from numbers and dates (Wikidata's time notation,
"+1994-00-00T00:00:00Z/9") is marked :class:`Formed` and written as it is.

In an XLSX, text is also stored with the string type, so no cell is ever of formula type.
"""

import datetime
import re
from decimal import Decimal

import tablib

# The first characters (after any leading whitespace) that make a cell a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PREFIX = "'"
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
# What openpyxl refuses in a cell (control characters other than tab, line feed, return).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NATIVE_TYPES = (bool, int, float, Decimal, datetime.date, datetime.datetime, datetime.time)


class Formed(str):
    """Text formed by the code from numbers and dates, never typed by anyone: kept as it is."""


def safe_text(text: str) -> str:
    """The text as a cell that cannot run as a formula."""
    if isinstance(text, Formed):
        return str(text)
    text = CONTROL_CHARACTERS.sub("", str(text))
    if PLAIN_NUMBER.fullmatch(text.strip()):
        return text
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS):
        return PREFIX + text
    return text


def is_formula(text: str) -> bool:
    """A cell an import refuses (#15): a formula, or text a spreadsheet would run as one.

    ``=`` or ``@`` first, or ``+`` or ``-`` followed by neither a digit nor a space (``-500``,
    ``+46 70 123 45 67`` and ``- a list item`` are text); a lone sign is text too.
    """
    stripped = CONTROL_CHARACTERS.sub("", str(text)).strip()
    if len(stripped) < 2 or PLAIN_NUMBER.fullmatch(stripped):
        return False
    if stripped[0] in "=@":
        return True
    return stripped[0] in "+-" and not (stripped[1].isdigit() or stripped[1].isspace())


def safe_value(value):
    """Empty cells, numbers, dates and booleans as they are; anything else as safe text."""
    if value is None or isinstance(value, NATIVE_TYPES):
        return value
    return safe_text(value if isinstance(value, Formed) else str(value))


def safe_row(values) -> list:
    """A row for ``csv.writer`` or a worksheet, every cell safe."""
    return [safe_value(value) for value in values]


def safe_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of a tablib dataset (django-import-export's exports) with every cell safe."""
    safe = tablib.Dataset(title=dataset.title)
    if dataset.headers:
        safe.headers = safe_row(dataset.headers)
    for row in dataset:
        safe.append(safe_row(row))
    return safe


def append_to_sheet(sheet, values) -> None:
    """Append a row to an openpyxl worksheet: safe cells, text stored as text."""
    sheet.append(safe_row(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
