"""The admin change list's rows, worked out once per list instead of once per cell (#15).

Django's ``{% result_list %}`` asks, for each of the 50 rows and each column, what the column
is (``lookup_field`` looks the field up again), renders the row's checkbox through the form
widget's template, asks the static files storage for the yes/no icon, and leaves each cell to
the template as an item of its own: half of the project list's time went there. ``results``
below answers the same questions once for the list, then fills in the rows: the same HTML,
cell for cell (``tests/governance/test_admin_rows.py`` compares it with Django's).

A list with editable fields, a popup or a ``to_field`` is left to Django.
"""

import datetime
import functools
import html

from django.contrib.admin.options import ModelAdmin
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _boolean_icon,
    _coerce_field_name,
    items_for_result,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# A primary key no row has, replaced by each row's own in its change page's address.
_PK_MARK = "8642097531864209753"


def results(cl):
    """The rows of ``cl`` as Django's ``admin_list.results`` gives them, one cell per row
    holding the whole row's HTML."""
    if cl.formset or cl.is_popup or cl.to_field:
        yield from (ResultList(None, items_for_result(cl, row, None)) for row in cl.result_list)
        return
    cells = _Columns(cl).cells
    for row in cl.result_list:
        yield ResultList(None, [mark_safe("".join([cell(row) for cell in cells]))])


class _Columns:
    def __init__(self, cl):
        self.cl = cl
        self.admin = cl.model_admin
        self.empty = self.admin.get_empty_value_display()
        self.icons = {value: _boolean_icon(value) for value in (True, False, None)}
        self.link_url = None
        links = cl.list_display_links
        first = True
        self.cells = []
        for index, name in enumerate(cl.list_display):
            link = links is not None and ((first and not links) or name in links)
            self.cells.append(self._cell(index, name, link, first))
            if link:
                first = False

    # -- one column ---------------------------------------------------------------------

    def _cell(self, index, name, link, first):
        classes = f"field-{_coerce_field_name(name, index)}"
        field = self._field(name)
        if field is not None and not field.auto_created:
            text = self._field_text(field, link)
            if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
                classes += " nowrap"
            return self._wrapped(text, classes, link, first)
        attr = self._admin_callable(name)
        if attr is None:
            return self._generic_cell(name, classes, link, first)
        if name == "action_checkbox":
            if _is_djangos_checkbox(self.admin):
                return self._checkbox_cell()
            classes = "action-checkbox"
        return self._method_cell(attr, classes, link, first)

    def _field(self, name):
        try:
            return _get_non_gfk_field(self.cl.lookup_opts, name)
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            return None

    def _admin_callable(self, name):
        if callable(name):
            return name
        if name != "__str__" and hasattr(self.admin, name):
            return getattr(self.admin, name)
        return None

    def _field_text(self, field, link):
        """``row -> escaped text`` of a model field, as ``items_for_result`` shows it."""
        empty = self.empty
        attname = field.name
        if isinstance(field.remote_field, models.ManyToOneRel):
            # The related rows of one key are the same row, read by one query: named once.
            seen = {}

            def related(row):
                value = getattr(row, attname)
                if value is None:
                    return empty
                if value.pk not in seen:
                    seen[value.pk] = escaped(str(value))
                return seen[value.pk]

            return related

        def other(row):
            value = _blank_as_empty(getattr(row, attname))
            return conditional_escape(display_for_field(value, field, empty, avoid_link=link))

        if getattr(field, "flatchoices", None):
            try:
                labels = dict(field.flatchoices)
            except TypeError:
                labels = None
            if labels is None:
                return other
            # The labels translated and escaped once for the list, not once a row.
            shown = {key: conditional_escape(label) for key, label in labels.items()}
            empty_shown = conditional_escape(empty)

            def choice(row):
                value = _blank_as_empty(getattr(row, attname))
                try:
                    return shown.get(value, empty_shown)
                except TypeError:
                    return conditional_escape(display_for_field(value, field, empty))

            return choice
        if isinstance(field, models.BooleanField):
            icons = self.icons

            def boolean(row):
                value = getattr(row, attname)
                icon = icons.get(value) if isinstance(value, (bool, type(None))) else None
                return icon if icon is not None else _boolean_icon(value)

            return boolean

        if type(field) in _TEXT_FIELDS:

            def text(row):
                value = _blank_as_empty(getattr(row, attname))
                return empty if value in _EMPTY else escaped(str(value))

            return text
        if type(field) is models.DateField:
            seen = {}
            # ``display_for_field`` of a date: ``formats.localize``, the language's date
            # format looked up once for the list, not once a row (#15).
            language, date_format = get_language(), get_format("DATE_FORMAT")

            def day(row):
                value = getattr(row, attname)
                if value is None:
                    return empty
                if value not in seen:
                    if type(value) is datetime.date:
                        seen[value] = _day(language, date_format, value)
                    else:
                        seen[value] = conditional_escape(display_for_field(value, field, empty))
                return seen[value]

            return day
        return other

    def _method_cell(self, attr, classes, link, first):
        empty = getattr(attr, "empty_value_display", self.empty)
        icons = self.icons if getattr(attr, "boolean", False) else None

        def text(row):
            value = _blank_as_empty(attr(row))
            if icons is not None:
                icon = icons.get(value) if isinstance(value, (bool, type(None))) else None
                shown = icon if icon is not None else _boolean_icon(value)
            else:
                shown = escaped(display_for_value(value, empty))
            dated = isinstance(value, (datetime.date, datetime.time))
            return shown, dated

        tag = "th" if link and first else "td"
        wrap = self._link if link else None
        plain = f'<{tag} class="{classes}">'
        dated = f'<{tag} class="{classes} nowrap">'

        def cell(row):
            shown, is_dated = text(row)
            if wrap is not None:
                shown = wrap(row, shown)
            return f"{dated if is_dated else plain}{shown}</{tag}>"

        return cell

    def _wrapped(self, text, classes, link, first):
        tag = "th" if link and first else "td"
        start, end = f'<{tag} class="{classes}">', f"</{tag}>"
        if not link:
            return lambda row: f"{start}{text(row)}{end}"
        wrap = self._link
        return lambda row: f"{start}{wrap(row, text(row))}{end}"

    def _link(self, row, shown):
        """``shown`` linked to the row's change page, with the list's filters kept."""
        url = self._url(row)
        return shown if url is None else f'<a href="{url}">{shown}</a>'

    def _url(self, row):
        cl = self.cl
        if self.link_url is None:
            try:
                marked = self._marked_url()
            except NoReverseMatch:
                marked = ""
            self.link_url = marked.partition(_PK_MARK) if _PK_MARK in marked else False
        if self.link_url is False:
            try:
                url = cl.url_for_result(row)
            except NoReverseMatch:
                return None
            context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
            return escape(add_preserved_filters(context, url))
        before, _mark, after = self.link_url
        return f"{before}{escaped(str(getattr(row, cl.pk_attname)))}{after}"

    def _marked_url(self):
        """The change page's address of a primary key ``_PK_MARK``, when keys are numbers."""
        cl = self.cl
        if not isinstance(cl.lookup_opts.pk, models.AutoField | models.IntegerField):
            return ""

        class Marked:
            pass

        marked = Marked()
        setattr(marked, cl.pk_attname, _PK_MARK)
        url = cl.url_for_result(marked)
        context = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
        return escape(add_preserved_filters(context, url))

    def _checkbox_cell(self):
        label = _("Select this object for an action - {}")

        def cell(row):
            aria = label.format(escaped(str(row)))
            return (
                '<td class="action-checkbox"><input type="checkbox" name="_selected_action" '
                f'value="{escaped(str(row.pk))}" class="action-select" aria-label="{aria}"></td>'
            )

        return cell

    def _generic_cell(self, name, classes, link, first):
        """A model attribute, property or lookup: Django's cell, looked up row by row."""
        admin, tag = self.admin, ("th" if link and first else "td")

        def cell(row):
            nowrap = ""
            try:
                field, attr, value = lookup_field(name, row, admin)
            except ObjectDoesNotExist:
                shown = self.empty
            else:
                empty = getattr(attr, "empty_value_display", self.empty)
                value = _blank_as_empty(value)
                if field is None or field.auto_created:
                    boolean = getattr(attr, "boolean", False)
                    if isinstance(attr, property) and hasattr(attr, "fget"):
                        boolean = getattr(attr.fget, "boolean", False)
                    shown = display_for_value(value, empty, boolean)
                    if isinstance(value, (datetime.date, datetime.time)):
                        nowrap = " nowrap"
                else:
                    if isinstance(field.remote_field, models.ManyToOneRel):
                        related = getattr(row, field.name)
                        shown = empty if related is None else related
                    else:
                        shown = display_for_field(value, field, empty, avoid_link=link)
                    if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
                        nowrap = " nowrap"
            shown = escaped(shown)
            if link:
                shown = self._link(row, shown)
            return f'<{tag} class="{classes}{nowrap}">{shown}</{tag}>'

        return cell


# Fields whose value Django's ``display_for_field`` shows as ``str(value)``, or the empty
# value's text for a blank one (a subclass, e.g. URLField, may show a link: left to Django).
_TEXT_FIELDS = (models.CharField, models.TextField, models.SlugField)
_EMPTY = (None, "", [], (), {})


def escaped(value):
    """``conditional_escape(value)``, the same text, without its check of every argument for
    a lazy text: once a cell (and a side bar entry) it cost a tenth of the project list's rows
    and of the side bar (#15)."""
    if isinstance(value, Promise):
        value = str(value)
    to_html = getattr(value, "__html__", None)
    return to_html() if to_html is not None else html.escape(str(value))


@functools.lru_cache(maxsize=4096)
def _day(language, date_format, value):
    """A date as ``display_for_field`` shows it in ``language`` with its ``date_format``,
    escaped: the same few thousand days, written once per process and language (#15)."""
    return conditional_escape(dateformat.format(value, date_format))


def _blank_as_empty(value):
    return "" if isinstance(value, str) and value.strip() == "" else value


def _is_djangos_checkbox(admin):
    return getattr(type(admin), "action_checkbox", None) is ModelAdmin.action_checkbox
