"""``{{ value|amount }}``, ``{{ value|amount:check.currency }}``: governance.amounts."""

from django import template

from governance import amounts

register = template.Library()


@register.filter
def amount(value, currency=amounts.KRONOR):
    """An amount with its digits grouped and its unit: "12 500 kr" (sv), "12,500 SEK" (en)."""
    return amounts.amount(value, currency)


@register.filter
def grouped(value):
    """A number with its digits grouped, where the unit is said beside it (a column's head)."""
    return amounts.grouped(value)
