"""The site's form renderer (``settings.FORM_RENDERER``, #15): Django's, with its plainest
templates written in Python.

Django renders every widget, label and error list of a form through a template: a text input
is ``text.html``, which includes ``input.html``, which includes ``attrs.html``; a select
includes ``select_option.html`` once per option. On the admin's change forms that was a
quarter of a page's time (the fuzz tests' profile: 23 of 90 seconds in the renderer). Here
the same HTML, character for character, is written in Python for:

- the inputs (``input.html`` and the templates that only include it: text, number, email,
  URL, password, hidden, date, date and time, time, search, telephone, colour, checkbox,
  file), the text area (``textarea.html``) and the select (``select.html`` with
  ``select_option.html``; multiple or not), with their attributes (``attrs.html``);
- a field's label (``label.html``);
- an empty error list (``errors/list/default.html`` and ``ul.html``: nothing).

Anything else (another template, a value or label that is not text, an error list with
errors, a template that an app overrides) is left to the templates, as Django renders it.
``tests/governance/test_renderer.py`` compares both on every form of the admin.
"""

from pathlib import Path

import django.forms
from django.forms.models import ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape

_WIDGETS = "django/forms/widgets/"
_OPTION = f"{_WIDGETS}select_option.html"
# The templates that are ``input.html``, or include it and nothing else.
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
        "file",
    )
)
_SELECT = f"{_WIDGETS}select.html"
_TEXTAREA = f"{_WIDGETS}textarea.html"
_LABEL = "django/forms/label.html"
_ERRORS = frozenset({"django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"})
WRITTEN = _INPUTS | {_SELECT, _OPTION, _TEXTAREA, _LABEL} | _ERRORS
# Where Django's own form templates are: a template of the same name found elsewhere first
# (an app's override) is left to the engine.
_DJANGOS = Path(django.forms.__file__).resolve().parent / "templates"


def _is_text(value) -> bool:
    return isinstance(value, str | Promise)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: the value as text (``%s``), escaped unless safe."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs) -> str:
    """``django/forms/widgets/attrs.html`` (and ``django/forms/attrs.html``)."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{_formatted(value)}"')
    return "".join(out)


def _plain(value) -> bool:
    """A value that ``stringformat:'s'`` writes as ``str`` does (no tuple, no list)."""
    return value is None or isinstance(value, str | int | Promise | ModelChoiceIteratorValue)


def _input(widget) -> str | None:
    """``django/forms/widgets/input.html``."""
    value = widget.get("value")
    if not _plain(value):
        return None
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget) -> str | None:
    """``django/forms/widgets/textarea.html`` (its value is text, ``format_value``)."""
    value = widget.get("value")
    if value and not _is_text(value):
        return None
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


def _select(widget) -> str | None:
    """``django/forms/widgets/select.html`` with its options' template, or None when an
    option is not Django's plain one with text for its label."""
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            if not _is_text(group_name):
                return None
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            value, label = option["value"], option["label"]
            if option["template_name"] != _OPTION or not (_plain(value) and _is_text(label)):
                return None
            # The option's template ends with a line break, which its include keeps.
            out.append(
                f'\n  <option value="{_formatted(value)}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(label)}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _label(context) -> str | None:
    """``django/forms/label.html``."""
    label = context.get("label")
    if not _is_text(label):
        return None
    if not context.get("use_tag"):
        return conditional_escape(label)
    tag = conditional_escape(context.get("tag"))
    return f"<{tag}{_attrs(context.get('attrs') or {})}>{conditional_escape(label)}</{tag}>"


def _written(template_name: str, context) -> str | None:
    """The template's HTML written here, or None to leave it to the template."""
    if template_name in _ERRORS:
        return "" if not context.get("errors") else None
    if template_name == _LABEL:
        return _label(context)
    widget = context.get("widget")
    if not isinstance(widget, dict):
        return None
    if template_name in _INPUTS:
        return _input(widget)
    if template_name == _SELECT:
        return _select(widget)
    if template_name == _TEXTAREA:
        return _textarea(widget)
    return None


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with the templates of ``WRITTEN`` written in Python when the
    engine would load Django's own file for them (the same HTML, stripped as Django's
    ``render`` strips it)."""

    def __init__(self):
        super().__init__()
        # Template name -> whether the engine finds Django's own file for it.
        self._djangos: dict[str, bool] = {}

    def _is_djangos(self, template_name: str) -> bool:
        known = self._djangos.get(template_name)
        if known is None:
            origin = Path(self.get_template(template_name).origin.name).resolve()
            known = self._djangos[template_name] = origin.is_relative_to(_DJANGOS)
        return known

    def render(self, template_name, context, request=None):
        if (
            template_name in WRITTEN
            and isinstance(context, dict)
            and self._is_djangos(template_name)
        ):
            written = _written(template_name, context)
            if written is not None:
                return written.strip()
        return super().render(template_name, context, request)
