"""Amounts as people read them (#12): digits grouped by the language's rule, the unit after.

Swedish: "12 500 kr" (a no-break space between the groups, as Django's sv formats give);
English: "12,500 SEK". Other currencies keep their code: "4 000 EUR". Amounts are shown in
whole kronor (or euro ...), rounded half up, as the reports count them. The one way every
page, report and the admin show an amount (the template filters ``amount`` and ``grouped``
in governance/templatetags/amounts.py; ``governance.admin.amount_column`` in the admin);
spreadsheets and the API keep plain numbers.

A form shows an amount for editing the same way, to the öre when there are any ("12 500",
"12 500,50"), and reads it as people type it ("12 500", "12500", "12 500,50", "12500.50";
"12,500.50" in English): ``MoneyField`` (the models' amounts), ``AmountField`` and
``AmountInput`` (its form field and widget, in the admin and the staff pages alike).
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

KRONOR = "SEK"


def grouped(value) -> str:
    """The number in whole units, its digits grouped in the active language; "–" for none."""
    if value is None or value == "":
        return "–"
    whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return formats.number_format(whole, 0, use_l10n=True, force_grouping=True)


def amount(value, currency: str | None = KRONOR) -> str:
    """The amount with its unit: kronor as "kr" in Swedish, "SEK" in English."""
    if value is None or value == "":
        return "–"
    if not currency or currency == KRONOR:
        return _("%(number)s SEK") % {"number": grouped(value)}
    return f"{grouped(value)} {currency}"


# --- Amounts typed into a form (#12): "12 500" in, "12 500" back --------------------------
#
# Django's DecimalField shows "12500.00" in an <input type="number"> and takes only that. An
# amount field here shows the digits grouped as the pages show them ("12 500", "12 500,50";
# "12,500" in English; no ",00" for whole kronor) and reads what people type in either form.

# The spaces people (and their keyboards, and copied text) put between groups of digits.
SPACES = " \u00a0\u202f\u2009"


def editable(value, decimal_places: int = 2) -> str:
    """The amount as a form shows it for editing: digits grouped by the active language's
    rule, the decimals only when there are any ("12 500", "12 500,50"); "" for none."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    places = 0 if number == number.to_integral_value() else decimal_places
    return formats.number_format(number, places, use_l10n=True, force_grouping=True)


def _pattern() -> re.Pattern:
    """What an amount looks like in the active language: digits, grouped in threes by the
    language's separator or spaces, or not grouped; the language's decimal mark, or a point
    (a machine's) where that is not the separator."""
    thousands = formats.get_format("THOUSAND_SEPARATOR")
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    between = f"(?:[{SPACES}]+|{re.escape(thousands)})"
    marks = {decimal, "."} - {thousands}
    mark = "[" + "".join(re.escape(m) for m in sorted(marks)) + "]"
    return re.compile(
        rf"(?P<sign>[-+\u2212]?)[{SPACES}]*"
        rf"(?P<whole>\d{{1,3}}(?:{between}\d{{3}})+|\d+)"
        rf"(?:{mark}(?P<part>\d+))?",
        re.ASCII,
    )


def parse(text: str) -> Decimal:
    """The amount in ``text`` as people type it in the active language, or ValueError.

    Swedish: "12 500", "12500", "12 500,50", "12500.50" (any space between the groups: the
    no-break spaces of copied text too). English: "12,500", "12500", "12,500.50" (or
    "12 500"). Groups of three digits only: "12,5,0" or "1 25 00" are no amount.
    """
    found = _pattern().fullmatch(text.strip(SPACES + "\t\r\n"))
    if found is None:
        raise ValueError(text)
    whole = re.sub(r"\D", "", found["whole"])
    sign = "-" if found["sign"] in ("-", "\u2212") else ""
    part = f".{found['part']}" if found["part"] else ""
    return Decimal(f"{sign}{whole}{part}")


class AmountInput(forms.TextInput):
    """A text input (digits grouped with spaces are no <input type="number">) that shows the
    amount for editing (``editable``) and brings up a keyboard with digits and a decimal mark
    on a phone (inputmode="decimal")."""

    decimal_places = 2

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            return editable(value, self.decimal_places)
        # What was typed, shown again as typed when the form is refused.
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """A form field for an amount of money: ``AmountInput``, ``parse`` of what is typed, the
    model field's precision (max_digits, decimal_places) as Django's DecimalField checks it."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _lazy("Write the amount in digits, for example %(whole)s or %(part)s."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if isinstance(self.widget, AmountInput) and self.decimal_places is not None:
            self.widget.decimal_places = self.decimal_places

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse(str(value))
        except ValueError:
            example = {"whole": editable(12500), "part": editable(Decimal("12500.50"))}
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params=example
            ) from None


class MoneyField(models.DecimalField):
    """An amount of money in a model: a DecimalField whose form field is ``AmountField``, in
    the admin, the staff pages and any model form alike.

    In migrations it is the DecimalField it stores (``deconstruct``): the column is the same,
    and the migrations need not import this module."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": AmountField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
