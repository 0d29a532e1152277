"""What the admin tests of every app share: admin addresses, inline formset data, messages."""

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape


def admin_url(model, view, *args):
    """The admin's address of ``view`` (changelist, add, change, delete ...) for ``model``."""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def english_admin_url(name, *args):
    """An admin address under /en/, so that its answers speak English."""
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def inline_rows(prefix, *rows, initial=0):
    """Management data and fields of an inline formset posted with ``rows``."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def no_inline_rows(*prefixes):
    """The management data of inline formsets posted without rows."""
    data = {}
    for prefix in prefixes:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def shows(response, message):
    """Whether the page shows ``message`` (as HTML escapes it)."""
    return escape(message) in response.content.decode()
