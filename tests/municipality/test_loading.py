"""`manage.py load_municipality`: the strategy's facts, loaded idempotently (S1-S4, S6, S16)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from governance.access import BOARD_MEMBER_GROUP, CONTRIBUTOR_GROUP, COORDINATOR_GROUP
from governance.models import Body, BodyKind, Decision
from partners.models import Agreement, Place, Relationship, StatusChange
from projects.models import Programme
from strategy.models import Objective, Strategy
from tests.municipality.helpers import history_counts, record_counts, run

# Vimmerby's data loaded once for the module (tests/municipality/conftest.py, #15).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_vimmerby_rows")]


def test_an_empty_database_gets_the_strategy_facts(vimmerby):
    counts = record_counts()
    expected = {
        "governance.Body": 14,
        "governance.Decision": 1,
        "governance.Person": 0,
        "partners.Place": 9,
        "partners.Chain": 1,
        "partners.Relationship": 6,
        "partners.StatusChange": 2,
        "partners.Agreement": 1,
        "network.Strategy": 1,
        "network.Objective": 8,
        "projects.Funder": 6,
        "projects.Programme": 21,
        "projects.RecurringCall": 7,
        "projects.Project": 0,
        "auth.Group": 3,
        "auth.User": 0,
    }
    assert {label: counts[label] for label in expected} == expected


def test_skaerbaek_became_informal_on_one_dated_change(vimmerby):
    """S2: the change is kept with its date and reason, not overwritten."""
    relationship = Relationship.objects.get(place__slug="skaerbaek")
    assert relationship.status == "informal"
    assert relationship.started_on is None and relationship.start_precision == "unknown"
    assert relationship.channel_organisation == "Föreningen Norden"
    (change,) = relationship.status_changes.all()
    assert change.changed_on == datetime.date(2007, 1, 1)
    assert (change.from_status, change.to_status) == ("active", "informal")
    assert change.reason_sv.startswith("Skærbæk kommun gick upp i Tønder kommun 2007")
    assert change.reason_en.startswith("Skærbæk municipality became part of Tønder")


def test_merged_places_know_their_successor_and_administrator(vimmerby):
    rygge = Place.objects.get(slug="rygge")
    assert (rygge.successor.slug, rygge.merged_on) == ("moss", datetime.date(2020, 1, 1))
    assert rygge.administered_by.slug == "moss"
    skaerbaek = Place.objects.get(slug="skaerbaek")
    assert (skaerbaek.successor.slug, skaerbaek.merged_on) == ("tonder", datetime.date(2007, 1, 1))
    thorlakshofn = Place.objects.get(slug="thorlakshofn")
    assert (thorlakshofn.kind, thorlakshofn.administered_by.slug) == ("town", "olfus")
    assert str(Place.objects.get(slug="joniskis").country) == "LT"


def test_the_nordic_chain_and_the_start_of_each_relationship(vimmerby):
    starts = {r.place.slug: r.start_display for r in Relationship.objects.all()}
    assert starts["kauhava"] == "sedan andra världskriget"
    assert (starts["rygge"], starts["thorlakshofn"], starts["joniskis"]) == ("1988", "2000", "1994")
    chain = Relationship.objects.filter(chain__name_sv="Den nordiska vänortskedjan")
    assert set(chain.values_list("place__slug", flat=True)) == {
        "kauhava",
        "skaerbaek",
        "rygge",
        "thorlakshofn",
    }
    assert Relationship.objects.get(place__slug="kauhava").start_note_en == (
        "since the Second World War"
    )
    assert Relationship.objects.published().count() == 6


def test_mukono_is_a_themed_partnership_with_its_agreement(vimmerby):
    """S4: contacts from 2006, agreement 2007, the Convention on the Rights of the Child."""
    mukono = Relationship.objects.get(place__slug="mukono")
    assert (mukono.kind, mukono.status, mukono.start_display) == ("partnership", "active", "2006")
    assert mukono.theme_sv == "Barnkonventionen och barns och ungas rättigheter"
    (change,) = mukono.status_changes.all()
    assert (change.changed_on, change.from_status, change.to_status) == (
        datetime.date(2007, 1, 1),
        "informal",
        "active",
    )
    agreement = Agreement.objects.get(relationship=mukono)
    assert (agreement.title_sv, agreement.signed_display) == (
        "Partnerskapsavtal Vimmerby–Mukono",
        "2007",
    )
    assert "tre projekt" in mukono.public_text_sv and "ICLD" in mukono.public_text_sv


def test_the_strategy_is_adopted_by_kf_with_its_eight_objectives(vimmerby):
    decision = Decision.objects.get()
    assert decision.citation == "KF 2016-06-27 § 172"
    assert decision.title_en == "Strategy for Vimmerby municipality's international contacts"
    strategy = Strategy.objects.get(adopted_by=decision)
    numbers = list(strategy.objectives.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8]
    first = Objective.objects.get(number=1)
    assert (
        first.text_sv == "ta ett internationellt medansvar för en demokratisk utveckling i världen"
    )
    assert all(o.text_en and o.short_name_sv for o in strategy.objectives.all())


def test_bodies_their_administrations_and_the_shared_committee(vimmerby):
    mbn = Body.objects.get(short_name="MBN")
    assert (mbn.kind, mbn.shared_with, mbn.name_en) == (
        "committee",
        "Hultsfreds kommun",
        "Environment and Building Committee",
    )
    parents = {b.name_sv: b.parent.short_name for b in Body.objects.administrations()}
    assert parents == {
        "Kommunstyrelseförvaltningen": "KS",
        "Barn- och utbildningsförvaltningen": "BUN",
        "Socialförvaltningen": "SN",
        "Miljö- och byggförvaltningen": "MBN",
    }
    assert Body.objects.get(kind=BodyKind.INTERNATIONAL_NETWORK).name_sv == (
        "Internationella nätverket"
    )
    prefixes = set(Body.objects.deciding().values_list("case_number_prefix", flat=True))
    assert prefixes == {"KF", "KS", "BUN", "SN", "MBN"}


def test_funders_and_programmes_of_s6(vimmerby):
    funders = set(Programme.objects.values_list("funder__short_name", flat=True))
    assert funders == {"EU", "NMR", "ICLD", "SI", "NKF", "Kulturfonden SE-FI"}
    nordplus = Programme.objects.get(slug="nordplus-junior")
    assert nordplus.eligible_groups == ["nordic_baltic"]
    assert "LT" in nordplus.eligible_country_codes
    assert "UG" not in nordplus.eligible_country_codes
    icld = Programme.objects.get(slug="icld-kommunala-partnerskap")
    # ICLD's amounts were not found on its pages: unknown, not invented (#13).
    assert (icld.eligible_groups, icld.grant_max, icld.last_verified_on) == (
        ["icld"],
        None,
        datetime.date(2026, 12, 3),
    )


def test_the_role_groups(vimmerby):
    coordinator = Group.objects.get(name=COORDINATOR_GROUP)
    codenames = set(coordinator.permissions.values_list("codename", flat=True))
    assert {"change_relationship", "add_project", "view_user", "view_historicalplace"} <= codenames
    # A public record cannot be deleted and history cannot be edited, so nobody is given that.
    assert not {"delete_decision", "delete_relationship", "change_historicalplace"} & codenames
    assert Group.objects.filter(name__in=[CONTRIBUTOR_GROUP, BOARD_MEMBER_GROUP]).count() == 2


def test_a_second_run_changes_nothing_and_writes_no_history(vimmerby):
    records, history = record_counts(), history_counts()
    output = run("load_municipality")
    assert "Nothing changed" in output
    assert record_counts() == records
    assert history_counts() == history


def test_a_changed_fact_is_updated_with_history(vimmerby):
    place = Place.objects.get(slug="kauhava")
    place.public_text_sv = "Ändrad text."
    place.save()
    before = place.history.count()
    output = run("load_municipality")
    place.refresh_from_db()
    assert place.public_text_sv.startswith("Kauhava i Finland")
    assert place.history.count() == before + 1
    assert "partners.Place: 0 created, 1 updated, 8 unchanged" in output


VALID_START = """
[[bodies]]
short_name = "ZZ"
slug = "zz"
kind = "committee"
name_sv = "Ny nämnd"
"""

BAD_FILES = {
    "unknown key": (
        '[[places]]\nslug = "x"\nname = "X"\ncountry = "DE"\nkind = "town"\ncolour = "red"\n',
        'places entry 1 ("x"): unknown key(s) colour',
    ),
    "place without a country": (
        '[[places]]\nslug = "x"\nname = "X"\nkind = "town"\n',
        'places entry 1 ("x"): missing required key(s) country',
    ),
    "end before start": (
        '[[relationships]]\nplace = "kauhava"\nkind = "informal_contact"\n'
        'started_on = 2000-01-01\nstart_precision = "year"\nended_on = 1999-01-01\n',
        'relationships entry 1 ("kauhava informal_contact")',
    ),
    "unknown body reference": (
        '[[decisions]]\nbody = "XX"\nmeeting_date = 2020-01-01\nparagraph = 1\n'
        'title_sv = "T"\noutcome = "approved"\n',
        'decisions entry 1 ("XX 2020-01-01 1"): there is no Body with short_name "XX"',
    ),
    "unknown parent": (
        '[[bodies]]\nshort_name = "YY"\nslug = "yy"\nkind = "administration"\n'
        'name_sv = "Y"\nparent = "NOPE"\n',
        'bodies entry 2 ("YY"): there is no Body with short_name "NOPE"',
    ),
    "status change before the latest": (
        '[[relationships]]\nplace = "skaerbaek"\nkind = "twin_town"\n'
        '[[relationships.status_changes]]\non = 2000-01-01\nto = "ended"\nreason_sv = "R"\n',
        'relationships entry 1 ("skaerbaek twin_town") status_changes entry 1 ("2000-01-01 ended")',
    ),
    "a text for a date": (
        '[[places]]\nslug = "x"\nname = "X"\ncountry = "DE"\nkind = "town"\n'
        'merged_on = "last year"\nsuccessor = "moss"\n',
        'places entry 1 ("x")',
    ),
    "a Wikidata id without its Q (#14)": (
        '[[places]]\nslug = "x"\nname = "X"\ncountry = "DE"\nkind = "town"\n'
        'wikidata_id = "1006707"\n',
        'places entry 1 ("x"): wikidata_id: Ett Wikidata-id ser ut som Q12345.',
    ),
    "a Wikidata id that is a link (#14)": (
        '[[places]]\nslug = "x"\nname = "X"\ncountry = "DE"\nkind = "town"\n'
        'wikidata_id = "https://www.wikidata.org/wiki/Q1"\n',
        'places entry 1 ("x"): wikidata_id: Ett Wikidata-id ser ut som Q12345.',
    ),
    "unknown section": ("[[mayors]]\nname = 'X'\n", "Unknown section [mayors]"),
    "not TOML": ("[[bodies]\n", "not valid TOML"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_data_names_the_entry_and_changes_nothing(vimmerby, tmp_path, case):
    text, message = BAD_FILES[case]
    path = tmp_path / "bad.toml"
    path.write_text(VALID_START + text, encoding="utf-8")
    records, history = record_counts(), history_counts()
    with pytest.raises(CommandError) as error:
        run("load_municipality", "--file", str(path))
    assert message in str(error.value)
    assert "Nothing was changed" in str(error.value)
    assert record_counts() == records and history_counts() == history
    assert not Body.objects.filter(short_name="ZZ").exists()
    assert StatusChange.objects.count() == 2


def test_each_place_of_the_data_file_states_its_wikidata_item(vimmerby):
    """#14: every place of data/vimmerby.toml carries the key `wikidata_id`, a Q-number or
    empty (not yet confirmed from a source), and the loaded place holds exactly that."""
    import re
    import tomllib

    from municipality.loading import DEFAULT_FILE

    with open(DEFAULT_FILE, "rb") as handle:
        places = tomllib.load(handle)["places"]
    for entry in places:
        assert "wikidata_id" in entry, entry["slug"]
        assert entry["wikidata_id"] == "" or re.fullmatch(r"Q[1-9]\d*", entry["wikidata_id"])
        assert Place.objects.get(slug=entry["slug"]).wikidata_id == entry["wikidata_id"]
