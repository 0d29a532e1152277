"""Amounts as people read them (#12): digits grouped by the language's rule, the unit after.

Swedish: "12 500 kr" (a no-break space between the groups, as Django's sv formats give);
English: "12,500 SEK". Other currencies keep their code: "4 000 EUR". Amounts are shown in
whole kronor (or euro ...), rounded half up, as the reports count them. The one way every
page, report and the admin show an amount (the template filters ``amount`` and ``grouped``
in governance/templatetags/amounts.py; ``governance.admin.amount_column`` in the admin);
spreadsheets and the API keep plain numbers.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

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
