"""iCalendar text (RFC 5545) for the deadline feed (#13): written here, a few lines, rather
than a dependency. Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
character; text values escape backslash, semicolon, comma and new lines (3.3.11)."""

import datetime


def escape(text: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, new lines as \\n."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets; each continuation begins with a
    space (3.1)."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = 75 if not parts else 74  # a continuation's leading space counts
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event(
    *, uid: str, day: datetime.date, summary: str, description: str, stamp, url: str = ""
) -> list[str]:
    """One all-day VEVENT on the deadline's day."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART;VALUE=DATE:{_date(day)}",
        f"DTEND;VALUE=DATE:{_date(day + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        "TRANSP:TRANSPARENT",
    ]
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(*, name: str, events: list[list[str]], product: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for vevent in events:
        lines.extend(vevent)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
