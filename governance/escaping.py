"""Rows written in Python by the pages' tags (#15): each repeated text escaped once."""

from html import escape


def escaper():
    """Django's ``escape`` (``html.escape`` of the value as text) without its lazy-text
    wrapper, each text escaped once: labels, bodies and places repeat on most rows."""
    seen = {}

    def esc(value) -> str:
        text = seen.get(value)
        if text is None:
            text = seen[value] = escape(str(value))
        return text

    return esc
