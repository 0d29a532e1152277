"""The funding catalogue in data/vimmerby.toml and how the loader reads it (#13, S6).

Every programme cites its sources and the day they were read; a programme file with bad data
names the entry and the field and loads nothing of the file.
"""

import datetime

import pytest
from django.core.management.base import CommandError

from projects.models import Programme, RecurringCall
from tests.municipality.helpers import history_counts, record_counts, run

# Vimmerby's data loaded once for the module (tests/municipality/conftest.py, #15).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_vimmerby_rows")]

REQUIRED_PROGRAMMES = {
    "erasmus-plus-skola-ka1",
    "erasmus-plus-vuxen-ka1",
    "erasmus-plus-ungdomsutbyten",
    "erasmus-plus-idrott-ka1",
    "erasmus-plus-small-scale-partnerships",
    "nordplus-junior",
    "nordplus-vuxen",
    "nordplus-horisontal",
    "nordplus-nordiska-sprak",
    "icld-kommunala-partnerskap",
    "icld-natverk",
    "cerv-town-twinning",
    "cerv-networks-of-towns",
    "interreg-central-baltic",
    "interreg-south-baltic",
    "interreg-baltic-sea-region",
    "si-ostersjoregionen",
    "nordisk-kulturfond-projektstod",
    "nordisk-kulturkontakt-natverk",
    "kulturfonden-sverige-finland-aktivitetsbidrag",
}


def test_the_catalogue_holds_the_programmes_of_the_issue(vimmerby):
    active = set(Programme.objects.filter(is_active=True).values_list("slug", flat=True))
    assert active == REQUIRED_PROGRAMMES


def test_every_active_programme_cites_its_sources_and_the_day_they_were_read(vimmerby):
    for programme in Programme.objects.filter(is_active=True):
        assert programme.sources, programme.slug
        assert all(source.startswith("http") for source in programme.sources), programme.slug
        assert programme.last_verified_on == datetime.date(2026, 12, 3), programme.slug
        assert programme.activity_kinds, programme.slug
        assert programme.description_sv and programme.description_en, programme.slug


def test_the_general_interreg_entry_is_kept_inactive_not_deleted(vimmerby):
    assert Programme.objects.get(slug="interreg").is_active is False


def test_nordplus_comes_back_every_1_february(vimmerby):
    days = set(
        RecurringCall.objects.filter(programme__slug="nordplus-junior").values_list("month", "day")
    )
    assert days == {(2, 1), (10, 1)}
    main = RecurringCall.objects.get(programme__slug="nordplus-junior", month=2)
    assert main.note_en == "The main round, 23:59 CET."


def test_unknown_facts_stay_unknown(vimmerby):
    """Amounts the funders' pages did not give are empty, never made up."""
    cerv = Programme.objects.get(slug="cerv-town-twinning")
    assert (cerv.grant_min, cerv.grant_max, cerv.eligible_groups) == (None, None, [])
    assert not cerv.countries_known
    si = Programme.objects.get(slug="si-ostersjoregionen")
    assert (si.grant_min, si.grant_max, si.grant_currency) == (100000, 1000000, "SEK")


PROGRAMME_FILE = """
[[funders]]
name = "Ny finansiär"
kind = "other"

[[funders.programmes]]
slug = "ny-fond"
name_sv = "Ny fond"
eligible_groups = ["nordic"]
activity_kinds = ["culture"]
sources = ["https://example.org/fond"]
grant_min = 1000
grant_max = 5000
grant_currency = "EUR"

[[funders.programmes.yearly_calls]]
every_year_on = "03-15"

[[funders.programmes.calls]]
deadline = 2027-05-01T12:00:00
note = "Extra utlysning"
"""


BAD_PROGRAMMES = {
    "unknown country code": (
        ('eligible_groups = ["nordic"]', 'eligible_countries = ["XX"]'),
        "eligible_countries",
    ),
    "unknown country group": (
        ('eligible_groups = ["nordic"]', 'eligible_groups = ["norden"]'),
        "eligible_groups: Okänd landgrupp",
    ),
    "negative amount": (("grant_min = 1000", "grant_min = -1000"), "negativt"),
    "deadline without a year": (
        ("deadline = 2027-05-01T12:00:00", 'deadline = "05-01"'),
        'calls entry 1 ("05-01"): deadline must be a date with its year',
    ),
    "yearly deadline on a day not every year has": (
        ('every_year_on = "03-15"', 'every_year_on = "02-29"'),
        "yearly_calls entry 1",
    ),
    "yearly deadline that is no day": (
        ('every_year_on = "03-15"', 'every_year_on = "15 mars"'),
        'every_year_on must be a month and day like "02-01"',
    ),
    "a rule of an unknown kind": (
        ('activity_kinds = ["culture"]', 'activity_kinds = ["culture"]\nmax_budget = 3'),
        "unknown key(s) max_budget",
    ),
    "an unknown kind of activity": (
        ('activity_kinds = ["culture"]', 'activity_kinds = ["picnic"]'),
        "activity_kinds: Okänd verksamhetstyp",
    ),
    "a source that is no address": (
        ('sources = ["https://example.org/fond"]', 'sources = ["their website"]'),
        "sources",
    ),
    "an amount without its currency": (('grant_currency = "EUR"', ""), "grant_currency"),
}


@pytest.mark.parametrize("case", BAD_PROGRAMMES, ids=list(BAD_PROGRAMMES))
def test_a_bad_programme_file_names_the_entry_and_the_field_and_loads_nothing(
    vimmerby, tmp_path, case
):
    (old, new), message = BAD_PROGRAMMES[case]
    assert old in PROGRAMME_FILE
    path = tmp_path / "bad.toml"
    path.write_text(PROGRAMME_FILE.replace(old, new), encoding="utf-8")
    records, history = record_counts(), history_counts()

    with pytest.raises(CommandError) as error:
        run("load_municipality", "--file", str(path))

    assert 'funders entry 1 ("Ny finansiär") programmes entry 1 ("ny-fond")' in str(error.value)
    assert message in str(error.value)
    assert "Nothing was changed" in str(error.value)
    assert (record_counts(), history_counts()) == (records, history)
    assert not Programme.objects.filter(slug="ny-fond").exists()


def test_a_bad_entry_after_good_ones_loads_nothing_of_the_file(vimmerby, tmp_path):
    """The good funder before the bad one is not loaded either: all of the file or none."""
    bad = PROGRAMME_FILE.replace('name = "Ny finansiär"', 'name = "Andra finansiären"').replace(
        'slug = "ny-fond"', 'slug = "andra-fonden"'
    )
    bad = bad.replace("grant_min = 1000", "grant_min = -1000")
    path = tmp_path / "catalogue.toml"
    path.write_text(PROGRAMME_FILE + bad, encoding="utf-8")
    records, history = record_counts(), history_counts()

    with pytest.raises(CommandError) as error:
        run("load_municipality", "--file", str(path))

    assert 'funders entry 2 ("Andra finansiären") programmes entry 1 ("andra-fonden")' in str(
        error.value
    )
    assert "grant_min" in str(error.value)
    assert (record_counts(), history_counts()) == (records, history)
    assert not Programme.objects.filter(slug__in=["ny-fond", "andra-fonden"]).exists()
