"""The register extract (municipality.register_extract): everything held about one person, and
nothing about anyone else."""

import datetime
import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from governance.models import Role
from municipality import register_extract
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(ks):
    """A person with an account, a membership, a visit, a steering group and a meeting."""
    user = factories.UserFactory(username="anna", email="anna.konto@example.se")
    user.groups.add(Group.objects.create(name="contributor"))
    anna = factories.PersonFactory(
        first_name="Anna", last_name="Andersson", email="anna@example.se", user=user
    )
    anna.phone = "070-111 11 11"
    anna.save()
    factories.MembershipFactory(person=anna, body=ks, role=Role.OFFICIAL)
    factories.VisitParticipantFactory(
        person=anna, level="staff", role="Tolk", visit__place__name="Joniškis"
    )
    factories.SteeringGroupMemberFactory(person=anna, group__name="Styrgrupp Mukono")
    factories.MeetingFactory(body=ks, location="Stadshuset").attendees.add(anna)
    return anna


@pytest.fixture
def bertil(anna, ks):
    """Another person, in the same body and at the same meeting as Anna."""
    bertil = factories.PersonFactory(
        first_name="Bertil", last_name="Bengtsson", email="bertil@example.se", phone="070-222"
    )
    factories.MembershipFactory(person=bertil, body=ks, role=Role.CHAIR)
    anna.meetings_attended.get().attendees.add(bertil)
    return bertil


def _related(extract, label):
    return extract["Kopplade uppgifter"][label]


def test_extract_holds_the_person_and_every_version_of_the_record(anna):
    extract = register_extract.register_extract(anna)

    assert extract["Person"]["Förnamn"] == "Anna"
    assert extract["Person"]["E-post"] == "anna@example.se"
    history = extract["Personens historik"]
    assert [(row["Telefon"], row["Typ av ändring"]) for row in history] == [
        ("", "skapad"),
        ("070-111 11 11", "ändrad"),
    ]


def test_extract_holds_memberships_visits_steering_groups_and_meetings(anna):
    extract = register_extract.register_extract(anna)

    assert [row["Organ"] for row in _related(extract, "Uppdrag (person)")] == [
        "Kommunstyrelsen (KS)"
    ]
    visits = _related(extract, "Deltagare i besök (person)")
    assert [(row["Roll under besöket"], row["Kategori"]) for row in visits] == [
        ("Tolk", "personal")
    ]
    assert visits[0]["Besök"].startswith("Joniškis 2026-05-04")
    groups = _related(extract, "Ledamöter i styrgrupp (person)")
    assert [row["Styrgrupp"] for row in groups] == ["Styrgrupp Mukono"]
    meetings = _related(extract, "Sammanträden (närvarande)")
    assert [row["Plats"] for row in meetings] == ["Stadshuset"]


def test_extract_holds_the_history_rows_of_related_records(anna):
    extract = register_extract.register_extract(anna)

    assert sorted(extract["Kopplade uppgifter"]) == [
        "Deltagare i besök (person)",
        "Historik för deltagare i besök (person)",
        "Historik för ledamöter i styrgrupp (person)",
        "Historik för uppdrag (person)",
        "Ledamöter i styrgrupp (person)",
        "Sammanträden (närvarande)",
        "Uppdrag (person)",
    ]
    rows = _related(extract, "Historik för uppdrag (person)")
    assert [(row["Organ"], row["Typ av ändring"]) for row in rows] == [
        ("Kommunstyrelsen (KS)", "skapad")
    ]


def test_extract_holds_work_signed_by_the_person(anna):
    check = factories.FundingCheckFactory(checked_by=anna, note="Inte aktuellt i år.")
    factories.ApplicationFactory(submitted_by=anna, title="Ansökan om utbyte")

    extract = register_extract.register_extract(anna)

    checks = _related(extract, "Finansieringskontroller (kontrollerad av)")
    assert [row["Anteckning"] for row in checks] == ["Inte aktuellt i år."]
    assert checks[0]["Projekt"] == str(check.project)
    applications = _related(extract, "Ansökningar (inlämnad av)")
    assert [row["Rubrik"] for row in applications] == ["Ansökan om utbyte"]


def test_extract_holds_the_login_account_without_the_password_hash(anna):
    extract = register_extract.register_extract(anna)

    account = extract["Inloggningskonto"]
    assert (account["Användarnamn"], account["E-postadress"]) == (
        "anna",
        "anna.konto@example.se",
    )
    assert account["Grupper"] == ["contributor"]
    assert "Lösenord" not in account
    text = register_extract.extract_file(extract).decode()
    assert anna.user.password not in text
    assert "md5$" not in text


def test_extract_lists_what_the_account_changed_but_not_the_contents(client, anna, coordinator):
    anna.user.is_staff = True
    anna.user.save()
    anna.user.groups.add(Group.objects.get(name="coordinator"))
    other = factories.PersonFactory(first_name="Cecilia", email="cecilia@example.se")
    client.force_login(anna.user)

    client.post(
        f"/admin/governance/person/{other.pk}/change/",
        {
            "first_name": "Cecilia",
            "last_name": "Ceder",
            "email": "ny@example.se",
            "phone": "",
            "language": "sv",  # of the notifications (#12)
        },
    )

    account = register_extract.register_extract(anna)["Inloggningskonto"]
    changes = account["Ändringar gjorda från kontot"]
    assert [(c["Uppgift"], c["ID"], c["Typ av ändring"]) for c in changes] == [
        ("Person", other.pk, "ändrad")
    ]
    assert [entry["Objekt-id"] for entry in account["Loggposter"]] == [str(other.pk)]
    text = register_extract.extract_file(register_extract.register_extract(anna)).decode()
    assert "Ceder" not in text
    assert "ny@example.se" not in text


def test_extract_holds_nothing_of_another_person(anna, bertil):
    text = register_extract.extract_file(register_extract.register_extract(anna)).decode()

    for theirs in ("Bertil", "Bengtsson", "bertil@example.se", "070-222"):
        assert theirs not in text


@pytest.mark.skipif(not apps.is_installed("axes"), reason="django-axes is not installed")
def test_extract_holds_sign_in_attempts_of_the_account(anna):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="anna",
        ip_address="192.0.2.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/arbete/logga-in/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    AccessAttempt.objects.create(
        username="bertil",
        ip_address="192.0.2.9",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/arbete/logga-in/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )

    text = register_extract.extract_file(register_extract.register_extract(anna)).decode()

    assert "192.0.2.7" in text
    assert "192.0.2.9" not in text


def test_extract_for_an_email_finds_contacts_abroad_and_people(anna):
    factories.ContactAbroadFactory(name="Anna i Joniškis", email="ANNA@example.se")
    factories.ContactAbroadFactory(name="Någon annan", email="annan@example.lt")

    extract = register_extract.register_extract_for_email("anna@example.se")

    assert [person["Person"]["Förnamn"] for person in extract["Personer"]] == ["Anna"]
    contacts = extract["Andra uppgifter"]["Kontakter utomlands"]
    assert [row["Namn"] for row in contacts] == ["Anna i Joniškis"]
    history = extract["Andra uppgifter"]["Historik för kontakter utomlands"]
    assert [row["Namn"] for row in history] == ["Anna i Joniškis"]


def test_extract_for_an_email_finds_a_person_by_an_earlier_address(anna):
    anna.email = "anna.ny@example.se"
    anna.save()

    extract = register_extract.register_extract_for_email("anna@example.se")

    assert [person["Person"]["E-post"] for person in extract["Personer"]] == ["anna.ny@example.se"]


def test_extract_for_an_email_shows_a_login_account_without_its_password(anna):
    extract = register_extract.register_extract_for_email("anna.konto@example.se")

    accounts = extract["Andra uppgifter"]["Användare"]
    assert [account["Användarnamn"] for account in accounts] == ["anna"]
    assert extract["Personer"] == []
    assert anna.user.password not in register_extract.extract_file(extract).decode()


def test_extract_file_is_json_with_iso_dates_and_its_name_has_id_and_date(anna):
    content = register_extract.extract_file(register_extract.register_extract(anna))

    extract = json.loads(content)
    assert _related(extract, "Uppdrag (person)")[0]["Från"] == "2023-01-01"
    day = datetime.date(2026, 11, 27)
    filename = register_extract.extract_filename(anna.pk, day)
    assert filename == f"registerutdrag-{anna.pk}-2026-11-27.json"


def test_command_writes_the_extract_of_a_person(anna, tmp_path):
    path = tmp_path / "utdrag.json"
    out = StringIO()

    call_command("register_extract", "--person", str(anna.pk), "--output", str(path), stdout=out)

    assert json.loads(path.read_bytes())["Person"]["Efternamn"] == "Andersson"
    assert "Andersson" not in out.getvalue()


def test_command_writes_the_extract_for_an_email(anna, tmp_path):
    path = tmp_path / "utdrag.json"

    call_command("register_extract", "--email", "anna@example.se", "--output", str(path))

    assert len(json.loads(path.read_bytes())["Personer"]) == 1


def test_command_names_its_default_file_after_the_person(anna, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    call_command("register_extract", "--person", str(anna.pk), stdout=StringIO())

    assert [p.name for p in tmp_path.iterdir()] == [
        register_extract.extract_filename(anna.pk, timezone.localdate())
    ]


def test_command_refuses_an_unknown_person():
    with pytest.raises(CommandError, match="No person with id 999"):
        call_command("register_extract", "--person", "999")


def test_command_needs_a_person_or_an_email():
    with pytest.raises(CommandError):
        call_command("register_extract")


def test_extract_for_an_empty_email_is_refused(anna):
    with pytest.raises(ValueError):
        register_extract.register_extract_for_email(" ")


def test_command_refuses_an_empty_email():
    with pytest.raises(CommandError, match="--email needs an address"):
        call_command("register_extract", "--email", "")
