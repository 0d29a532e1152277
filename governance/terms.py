"""Terms of office (mandatperioder).

Swedish municipal elections are held on the second Sunday of September every fourth year
(2014, 2018, 2022, 2026 ...). The council's (KF's) term begins on 15 October of the election
year; the executive board's and the committees' terms begin on 1 January after it. A term is a
function of the date, so no table has to be kept up to date.
"""

import datetime
from dataclasses import dataclass

FIRST_ELECTION_YEAR = 1994  # every fourth year from here: 1994, 1998 ... 2022, 2026


@dataclass(frozen=True)
class Term:
    """One four-year term of office for a kind of body."""

    election_year: int
    starts_on: datetime.date
    ends_on: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def __str__(self) -> str:
        return f"{self.starts_on.year}–{self.ends_on.year}"

    def days_left(self, today: datetime.date) -> int:
        return (self.ends_on - today).days


def _term_start(election_year: int, council: bool) -> datetime.date:
    if council:
        return datetime.date(election_year, 10, 15)
    return datetime.date(election_year + 1, 1, 1)


def term_for(day: datetime.date, *, council: bool) -> Term:
    """The term of office that ``day`` falls in, for the council or for other bodies."""
    year = day.year - (day.year - FIRST_ELECTION_YEAR) % 4
    if day < _term_start(year, council):
        year -= 4
    return Term(
        election_year=year,
        starts_on=_term_start(year, council),
        ends_on=_term_start(year + 4, council) - datetime.timedelta(days=1),
    )


def term_after_election(election_year: int, *, council: bool) -> Term:
    """The term of office that begins after the election held in ``election_year``."""
    if (election_year - FIRST_ELECTION_YEAR) % 4:
        raise ValueError(f"{election_year} is not an election year.")
    return term_for(_term_start(election_year, council), council=council)


def terms_to_register(today: datetime.date, *, council: bool) -> list[Term]:
    """The terms whose memberships may still be registered: the current one and the next."""
    current = term_for(today, council=council)
    return [current, term_after_election(current.election_year + 4, council=council)]
