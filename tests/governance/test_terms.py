"""Terms of office: KF's begins 15 October of the election year, the others' on 1 January."""

import datetime

import pytest

from governance.terms import term_for


@pytest.mark.parametrize(
    ("day", "council", "starts", "ends"),
    [
        ("2026-10-14", True, "2022-10-15", "2026-10-14"),
        ("2026-10-15", True, "2026-10-15", "2030-10-14"),
        ("2026-12-31", False, "2023-01-01", "2026-12-31"),
        ("2027-01-01", False, "2027-01-01", "2030-12-31"),
        ("2016-06-27", True, "2014-10-15", "2018-10-14"),
        ("2016-06-27", False, "2015-01-01", "2018-12-31"),
    ],
)
def test_term_for_day(day, council, starts, ends):
    term = term_for(datetime.date.fromisoformat(day), council=council)

    assert (term.starts_on, term.ends_on) == (
        datetime.date.fromisoformat(starts),
        datetime.date.fromisoformat(ends),
    )
