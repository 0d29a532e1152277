"""The municipality's twin towns of earlier years load without decisions on record (#11, S7).

`load_municipality` is the one path that records an active twin town without KF's decision
establishing it (``Relationship.from_earlier_years``); the dashboard lists those. The file's
status changes meet the rule like any other: reactivating such a twin town, or making a
second one active at a place, needs KF's decision, and the file is refused naming the entry.
"""

import pytest
from django.core.management.base import CommandError

from partners.models import Relationship, RelationshipKind, RelationshipStatus
from tests.municipality.helpers import history_counts, record_counts, run

# Vimmerby's data loaded once for the module (tests/municipality/conftest.py, #15).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_vimmerby_rows")]


def test_vimmerbys_twin_towns_of_earlier_years_load_and_are_listed(vimmerby):
    listed = Relationship.objects.active_twin_towns_without_decision()

    assert sorted(r.place.slug for r in listed) == [
        "joniskis",
        "kauhava",
        "rygge",
        "thorlakshofn",
    ]
    assert all(r.kind == RelationshipKind.TWIN_TOWN for r in listed)


def test_loading_again_keeps_them_and_writes_nothing(vimmerby):
    records, history = record_counts(), history_counts()

    assert "Nothing changed" in run("load_municipality")
    assert record_counts() == records and history_counts() == history


REACTIVATED = """
[[relationships]]
place = "skaerbaek"
kind = "twin_town"

[[relationships.status_changes]]
on = 2020-01-01
to = "active"
reason_sv = "Kontakterna återupptogs."
"""


def test_a_file_reactivating_a_twin_town_without_kfs_decision_is_refused(vimmerby, tmp_path):
    """Skærbæk, informal since 2007, becomes a twin town again only by KF's decision."""
    path = tmp_path / "reactivated.toml"
    path.write_text(REACTIVATED, encoding="utf-8")
    records, history = record_counts(), history_counts()

    with pytest.raises(CommandError) as error:
        run("load_municipality", "--file", str(path))

    assert 'relationships entry 1 ("skaerbaek twin_town") status_changes entry 1' in str(
        error.value
    )
    assert "KF" in str(error.value)
    assert record_counts() == records and history_counts() == history
    skaerbaek = Relationship.objects.get(place__slug="skaerbaek")
    assert skaerbaek.status == RelationshipStatus.INFORMAL
