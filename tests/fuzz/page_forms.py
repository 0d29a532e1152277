"""The form a page offers, read from its HTML as a browser would submit it.

Fields are discovered from the rendered page, not from the form classes, so a field that a
template adds (an inline row, a submit button's name, a hidden ``next``) is fuzzed as well.
"""

import re
from dataclasses import dataclass, field

import lxml.html

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
# Formset bookkeeping: tampering with it is fuzzed too, but it is not a field of a record.
MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
NOT_FUZZED = {"csrfmiddlewaretoken"}


@dataclass
class PageField:
    """One named control: what it holds now and, for a choice, what it offers."""

    name: str
    kind: str
    values: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)

    @property
    def looks_like(self) -> str:
        """date, time, number, choice, file or text: which bad values suit it best."""
        sample = self.values[0] if self.values else ""
        if self.kind == "file":
            return "file"
        if self.kind == "date" or DATE.match(sample) or "vDateField" in self.kind:
            return "date"
        if self.kind == "time" or TIME.match(sample) or "vTimeField" in self.kind:
            return "time"
        if self.kind in ("select", "select-multiple", "radio", "checkbox"):
            return "choice"
        if self.kind == "number" or NUMBER.match(sample) or MANAGEMENT.search(self.name):
            return "number"
        return "text"


def _control_kind(element) -> str:
    tag = element.tag.lower()
    if tag == "select":
        return "select-multiple" if element.get("multiple") is not None else "select"
    if tag == "textarea":
        return "textarea"
    kind = (element.get("type") or "text").lower()
    css = element.get("class") or ""
    return f"{kind} {css}".strip() if "vDateField" in css or "vTimeField" in css else kind


def _add(fields: dict, name: str, kind: str, values=(), options=()):
    entry = fields.setdefault(name, PageField(name, kind))
    entry.values.extend(v for v in values if v is not None)
    entry.options.extend(options)


def read_form(html: bytes | str, form_id: str | None = None) -> dict[str, PageField]:
    """The named controls of the page's main form (``form_id``, else the biggest POST form)."""
    document = lxml.html.fromstring(html.decode() if isinstance(html, bytes) else html)
    if form_id:
        forms = document.xpath(f'//form[@id="{form_id}"]')
    else:
        forms = sorted(document.forms, key=lambda f: len(f.xpath(".//*[@name]")), reverse=True)
    assert forms, "The page shows no form."
    fields: dict[str, PageField] = {}
    for element in forms[0].xpath(".//input|.//select|.//textarea|.//button"):
        name = element.get("name")
        if not name or name in NOT_FUZZED or element.get("disabled") is not None:
            continue
        _read_control(fields, element, name)
    return fields


def _read_control(fields, element, name):
    kind = _control_kind(element)
    if kind.startswith("select"):
        options = [o.get("value", o.text_content()) for o in element.xpath(".//option")]
        chosen = [o.get("value", o.text_content()) for o in element.xpath(".//option[@selected]")]
        if kind == "select" and not chosen and options:
            chosen = options[:1]
        _add(fields, name, kind, chosen, options)
    elif kind in ("checkbox", "radio"):
        value = element.get("value", "on")
        _add(fields, name, kind, [value] if element.get("checked") is not None else [], [value])
    elif kind == "textarea":
        _add(fields, name, kind, [element.text or ""])
    elif kind in ("submit", "button", "image", "reset"):
        # Only the button that was pressed is sent; pressing the first is what a user does.
        if kind == "submit" and not any(f.kind == "submit" for f in fields.values()):
            _add(fields, name, kind, [element.get("value", "")])
    else:
        _add(fields, name, kind, [element.get("value", "")])


def values_of(fields: dict[str, PageField]) -> dict[str, list[str]]:
    """What a browser would post for the form as it stands."""
    return {name: list(f.values) for name, f in fields.items() if f.values}
