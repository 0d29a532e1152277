"""Hypothesis strategies for what a careless, curious or hostile user might type or send."""

import functools

from hypothesis import strategies as st

# Text as HTTP can carry it: any character but lone surrogates, which UTF-8 cannot encode.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)

LONG = st.sampled_from([201, 256, 1001, 5000]).map(lambda n: "å" * n)
CONTROL = st.sampled_from(
    ["\x00", "a\x00b", "Vimmerby\x00", "\x01\x02\x1f\x7f", "\r\n\t", "\x0b\x0c", "\x85\u2028\u2029"]
)
UNICODE = st.sampled_from(
    [
        "Å\u030a",  # A with a combining ring: looks like Å
        "\u202eegnahc",  # right-to-left override
        "\u200b",  # zero-width space only
        "\ufeffBOM",
        "🇸🇪👩‍👩‍👧",
        "１２３",  # full-width digits: int() accepts them
        "٣",  # an Arabic-Indic digit
        "ǅungla",
        "ß" * 3,
        "\uffff",
        "𝔙𝔦𝔪𝔪𝔢𝔯𝔟𝔶",
    ]
)
MARKUP = st.sampled_from(
    [
        "' OR 1=1 --",
        "1; DROP TABLE auth_user",
        '"><script>alert(1)</script>',
        "<b>fet</b>",
        "{{ 7*7 }}",
        "{% debug %}",
        "%s%s%s%n",
        "${jndi:ldap://x}",
        "../../etc/passwd",
        "\\",
        "%",
        "_",
        "NULL",
        "null",
        "None",
        "[]",
        "{}",
        "true",
    ]
)
NUMBERS = st.sampled_from(
    [
        "-1",
        "0",
        "-0",
        "1.5",
        "1,5",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999999999",
        "1e309",
        "-1e309",
        "1e-400",
        "NaN",
        "inf",
        "-Infinity",
        "0x10",
        "1_000",
        " 12 ",
        "+5",
        "١٢",
    ]
) | st.integers(min_value=-(2**70), max_value=2**70).map(str)
DATES = st.sampled_from(
    [
        "2026-02-30",
        "2026-02-29",
        "2025-13-01",
        "2026-00-10",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "99999-01-01",
        "-2026-01-01",
        "2026-1-1",
        "1.1.2026",
        "10/03/2026",
        "2026-03-10T18:00",
        "2026-03-10 25:00",
        "20260310",
        "idag",
    ]
) | st.dates().map(str)
TIMES = st.sampled_from(
    ["25:00", "24:00", "23:60", "-1:00", "12", "12:00:60", "noon", "00:00", "23:59:59.999999"]
)
# Whole numbers no column holds: 20 digits, past 64 and 32 bits (issue #15).
HUGE_NUMBERS = ["99999999999999999999", "9223372036854775808", "-9223372036854775809", "2147483648"]
IDS = st.sampled_from(["0", "-1", "999999", "abc", "1.5", "1e3", " 1", "1 ", "1,2", *HUGE_NUMBERS])
FILE_NAMES = st.sampled_from(
    ["data.csv", "data.xlsx", "DATA.CSV", "data", "data.exe", ".csv", "a" * 300 + ".csv"]
)

BAD_SCALAR = st.one_of(ANY_TEXT, LONG, CONTROL, UNICODE, MARKUP, NUMBERS, DATES, IDS)
BY_KIND = {
    "date": st.one_of(DATES, DATES, BAD_SCALAR),
    "time": st.one_of(TIMES, TIMES, BAD_SCALAR),
    "number": st.one_of(NUMBERS, NUMBERS, IDS, BAD_SCALAR),
    "choice": st.one_of(IDS, IDS, BAD_SCALAR),
    "text": st.one_of(LONG, CONTROL, UNICODE, MARKUP, BAD_SCALAR),
    "file": BAD_SCALAR,
}


def near_valid(values: list[str], options: list[str]):
    """Something close to what the form holds: padded, another case, another offered choice."""
    current = values[0] if values else ""
    candidates = [f" {current} ", current.upper(), current + "x", current[:-1], "\t" + current]
    if options:
        return st.sampled_from([*candidates, *options]).map(lambda v: [v])
    return st.sampled_from(candidates).map(lambda v: [v])


def changes_for(page_field):
    """One change to one field: a bad value, several values, nothing, or a near-valid one."""
    return _changes(page_field.looks_like, tuple(page_field.values), tuple(page_field.options))


@functools.cache
def _changes(looks_like: str, values: tuple, options: tuple):
    """The strategy of ``changes_for``, built once per kind of field and its values: Hypothesis
    validates a strategy the first time it draws from it, the whole tree of the kind's bad
    values each time when the strategy is built anew at every draw (#15)."""
    scalar = BY_KIND[looks_like]
    return st.one_of(
        scalar.map(lambda v: [v]),
        scalar.map(lambda v: [v]),
        st.lists(scalar, min_size=2, max_size=3),  # a list where one value is expected
        st.just(None),  # the field is left out
        near_valid(list(values), list(options)),
    )


@st.composite
def tampered(draw, fields, baseline):
    """The baseline submission with one to three fields changed, and maybe a stray one."""
    data = {name: list(values) for name, values in baseline.items()}
    names = sorted(fields)
    chosen = (
        draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)) if names else []
    )
    for name in chosen:
        change = draw(changes_for(fields[name]))
        if change is None:
            data.pop(name, None)
        else:
            data[name] = change
    if not names or (draw(st.booleans()) and draw(st.booleans())):
        data[draw(st.sampled_from(["id", "pk", "is_superuser", "published", "status"]))] = [
            draw(BAD_SCALAR)
        ]
    return data


EXTREME_DATES = ["0001-01-01", "9999-12-31"]


def with_extreme_dates(fields, baseline):
    """The baseline with one date at a time set to the first or the last day Python knows.

    Arithmetic on such a day (a term of office, an appeal deadline three weeks on, a time
    zone's offset) leaves the range of ``datetime.date``: the classic crash of date forms.
    """
    for name, field in sorted(fields.items()):
        if field.looks_like == "date":
            for day in EXTREME_DATES:
                yield {**baseline, name: [day]}


def with_huge_numbers(fields, baseline, numbers=HUGE_NUMBERS, kinds=None):
    """The baseline with one choice or number at a time set to a number no column holds.

    A 20-digit id in a multiple choice of records was a server error on SQLite (OverflowError
    binding it), as was a 20-digit year in the admin's date links (issue #15).
    """
    for name, field in sorted(fields.items()):
        if field.looks_like in ("choice", "number") and (kinds is None or field.kind in kinds):
            for number in numbers:
                yield {**baseline, name: [number]}
