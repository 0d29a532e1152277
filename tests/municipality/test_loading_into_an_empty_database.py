"""Loading into a database without the municipality's data (#1, S1-S22's facts): a file of
another municipality, the funding catalogue of one, a dry run, the command's old name, a file
that is missing or goes round in a circle, and the language active while loading.

The tests that load Vimmerby's data first share one load per module (tests/municipality/
test_loading.py and the others that say ``_vimmerby_rows``); these need the tables empty."""

import datetime

import pytest
from django.core.management.base import CommandError
from django.utils import translation

from governance.models import Body
from partners.models import Place, Relationship, StatusChange
from projects.models import Call, Programme
from tests.municipality.helpers import history_counts, record_counts, run
from tests.municipality.test_funding_catalogue import PROGRAMME_FILE

pytestmark = pytest.mark.django_db


def test_loading_with_english_active_keeps_the_swedish_texts_swedish(db):
    """The status history is written through partners.services, which puts `reason` in the
    active language's column; the loader works in the default language so it lands in _sv."""
    with translation.override("en"):
        run("load_municipality")
    change = StatusChange.objects.get(relationship__place__slug="skaerbaek")
    assert change.reason_sv.startswith("Skærbæk kommun gick upp")
    assert change.reason_en.startswith("Skærbæk municipality became")


def test_dry_run_changes_nothing(db):
    output = run("load_municipality", "--dry-run")
    assert "governance.Body: 14 created" in output and "rolled back" in output
    assert Body.objects.count() == 0


OTHER_MUNICIPALITY = """
[[bodies]]
short_name = "KF"
slug = "kf"
kind = "council"
name_sv = "Kommunfullmäktige"

[[bodies]]
short_name = "KSF"
slug = "ksf"
kind = "administration"
parent = "KS"
name_sv = "Kommunledningsförvaltningen"

[[bodies]]
short_name = "KS"
slug = "ks"
kind = "executive_board"
name_sv = "Kommunstyrelsen"

[[places]]
slug = "nowhere"
name = "Nowhere"
country = "DE"
kind = "town"
"""


def test_another_municipality_loads_its_own_file(db, tmp_path):
    """Vimmerby is data: any file with the same keys loads, references in any order."""
    path = tmp_path / "other.toml"
    path.write_text(OTHER_MUNICIPALITY, encoding="utf-8")
    run("load_municipality", "--file", str(path))
    assert Body.objects.get(short_name="KSF").parent.short_name == "KS"
    assert Place.objects.get().slug == "nowhere"
    assert not Relationship.objects.exists()


def test_references_in_a_circle_are_refused(db, tmp_path):
    path = tmp_path / "circle.toml"
    path.write_text(
        '[[places]]\nslug = "a"\nname = "A"\ncountry = "DE"\nkind = "town"\nsuccessor = "b"\n'
        "merged_on = 2000-01-01\n"
        '[[places]]\nslug = "b"\nname = "B"\ncountry = "DE"\nkind = "town"\nsuccessor = "a"\n'
        "merged_on = 2000-01-01\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="go round in a circle"):
        run("load_municipality", "--file", str(path))
    assert not Place.objects.exists()


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("load_municipality", "--file", str(tmp_path / "missing.toml"))


def test_load_vimmerby_is_an_alias_of_load_municipality(db):
    """The command's earlier name still loads the same file the same way, for old scripts."""
    output = run("load_vimmerby")
    assert "governance.Body: 14 created" in output
    records, history = record_counts(), history_counts()
    assert "Nothing changed" in run("load_municipality")
    assert record_counts() == records and history_counts() == history


def test_another_municipality_loads_a_catalogue_file_twice_without_changes(db, tmp_path):
    path = tmp_path / "catalogue.toml"
    path.write_text(PROGRAMME_FILE, encoding="utf-8")
    run("load_municipality", "--file", str(path))
    programme = Programme.objects.get(slug="ny-fond")
    assert programme.eligible_country_codes >= {"SE", "FI", "AX"}
    assert programme.recurring_calls.get().next_deadline(datetime.date(2027, 3, 16)) == (
        datetime.date(2028, 3, 15)
    )
    call = Call.objects.get(programme=programme)
    assert (call.year, call.note) == (2027, "Extra utlysning")
    records, history = record_counts(), history_counts()
    assert "Nothing changed" in run("load_municipality", "--file", str(path))
    assert (record_counts(), history_counts()) == (records, history)
