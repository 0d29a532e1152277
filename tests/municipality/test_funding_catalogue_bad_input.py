"""A catalogue file with bad data (#13): the loader names the entry and the field, and loads
nothing of the file, not even the good entries before the bad one (one transaction)."""

import pytest
from django.core.management.base import CommandError

from projects.models import Funder, Programme
from tests.municipality.helpers import history_counts, record_counts, run

pytestmark = pytest.mark.django_db

GOOD_AND_BAD = """
[[funders]]
name = "Första finansiären"
kind = "other"

[[funders.programmes]]
slug = "forsta-fonden"
name_sv = "Första fonden"
eligible_groups = ["nordic"]
sources = ["https://example.org/forsta"]

[[funders]]
name = "Andra finansiären"
kind = "other"

[[funders.programmes]]
slug = "andra-fonden"
name_sv = "Andra fonden"
eligible_countries = ["FI", "NO"]
activity_kinds = ["culture"]
grant_min = 1000
grant_max = 5000
grant_currency = "EUR"

[[funders.programmes.calls]]
deadline = 2027-05-01T12:00:00
"""

BAD = {
    "an unknown country code": (
        'eligible_countries = ["FI", "NO"]',
        'eligible_countries = ["FI", "QQ"]',
        'programmes entry 1 ("andra-fonden"): eligible_countries:',
    ),
    "a negative amount": (
        "grant_max = 5000",
        "grant_max = -5000",
        'programmes entry 1 ("andra-fonden"): grant_max: Ett bidragsbelopp kan inte vara negativt.',
    ),
    "a deadline without a year": (
        "deadline = 2027-05-01T12:00:00",
        'deadline = "05-01"',
        'programmes entry 1 ("andra-fonden") calls entry 1 ("05-01"): deadline must be a date '
        "with its year",
    ),
    "a rule of an unknown kind": (
        'activity_kinds = ["culture"]',
        'activity_kinds = ["culture"]\nmax_partner_age = 30',
        'programmes entry 1 ("andra-fonden"): unknown key(s) max_partner_age',
    ),
}


def test_the_good_file_loads(tmp_path):
    path = tmp_path / "catalogue.toml"
    path.write_text(GOOD_AND_BAD, encoding="utf-8")

    run("load_municipality", "--file", str(path))

    assert set(Programme.objects.values_list("slug", flat=True)) == {
        "forsta-fonden",
        "andra-fonden",
    }


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_entry_is_named_with_its_field_and_nothing_is_loaded(tmp_path, case):
    old, new, message = BAD[case]
    assert old in GOOD_AND_BAD
    path = tmp_path / "bad.toml"
    path.write_text(GOOD_AND_BAD.replace(old, new), encoding="utf-8")
    records, history = record_counts(), history_counts()

    with pytest.raises(CommandError) as error:
        run("load_municipality", "--file", str(path))

    text = str(error.value)
    assert 'funders entry 2 ("Andra finansiären")' in text
    assert message in text
    assert "Nothing was changed" in text
    # The first funder and its programme, loaded before the bad entry, are rolled back too.
    assert not Funder.objects.filter(name="Första finansiären").exists()
    assert not Programme.objects.exists()
    assert (record_counts(), history_counts()) == (records, history)
