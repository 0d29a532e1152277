"""Registering a new term of office on the staff page (#11, S8): the coordinator enters or
uploads a body's memberships, previews them, confirms all or nothing; new accounts are e-mailed
a link to set their password. The clock is the staff tests' TODAY, 2026-04-15 (conftest)."""

import datetime
import re

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.access import BOARD_MEMBER_GROUP
from governance.models import Membership, Person, Role
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db

User = get_user_model()
# BUN's term after the 2026 election.
NEXT_TERM_START = datetime.date(2027, 1, 1)
NEXT_TERM_END = datetime.date(2030, 12, 31)


def url():
    return reverse("staff:term-registration")


def entered(body, rows, election_year=2026, step="enter"):
    """The page's POST for rows entered in the form set."""
    data = {
        "body": body.pk,
        "election_year": election_year,
        "step": step,
        "m-TOTAL_FORMS": 8,
        "m-INITIAL_FORMS": 0,
        "m-MIN_NUM_FORMS": 0,
        "m-MAX_NUM_FORMS": 200,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"m-{index}-{key}"] = value
    return data


def anna(**changes):
    return {
        "first_name": "Anna",
        "last_name": "Ek",
        "email": "anna.ek@example.org",
        "role": Role.CHAIR,
        **changes,
    }


def bo(**changes):
    return {
        "first_name": "Bo",
        "last_name": "Lind",
        "email": "bo.lind@example.org",
        "role": Role.MEMBER,
        **changes,
    }


def snapshot():
    return (Person.objects.count(), Membership.objects.count(), User.objects.count())


def preview_then_confirm(client, body, rows, election_year=2026):
    preview = client.post(url(), entered(body, rows, election_year))
    assert preview.status_code == 200, preview.content.decode()
    payload = preview.context["confirm"]["rows"].value()
    return client.post(
        url(),
        {"step": "confirm", "body": body.pk, "election_year": election_year, "rows": payload},
    )


def test_the_coordinator_sees_the_page_and_the_menu_links_it(client, coordinator):
    client.force_login(coordinator)
    response = client.get(url())
    assert response.status_code == 200
    assert "Registrera en ny mandatperiod" in response.content.decode()
    assert 'id="nav-terms"' in response.content.decode()


@pytest.mark.parametrize("persona", ["bun_member", "contributor", "kf_member"])
def test_nobody_else_may_register_a_term(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url())
    assert response.status_code == 403
    assert "Du har inte behörighet att använda den här sidan." in response.content.decode()
    assert 'id="nav-terms"' not in response.content.decode()


def test_preview_saves_nothing_and_confirm_registers_every_row(
    client, coordinator, bun, mailoutbox
):
    client.force_login(coordinator)
    before = snapshot()
    preview = client.post(url(), entered(bun, [anna(), bo(starts_on="2027-03-01")]))
    assert preview.status_code == 200
    assert "2 medlemskap kan registreras" in preview.content.decode()
    assert snapshot() == before
    assert mailoutbox == []

    response = preview_then_confirm(client, bun, [anna(), bo(starts_on="2027-03-01")])

    assert response.status_code == 302
    memberships = Membership.objects.filter(body=bun).order_by("starts_on")
    assert [(m.person.email, m.role, m.starts_on, m.ends_on) for m in memberships] == [
        ("anna.ek@example.org", Role.CHAIR, NEXT_TERM_START, NEXT_TERM_END),
        ("bo.lind@example.org", Role.MEMBER, datetime.date(2027, 3, 1), NEXT_TERM_END),
    ]
    account = User.objects.get(username="anna.ek@example.org")
    assert account.person.last_name == "Ek"
    assert not account.has_usable_password()
    assert list(account.groups.values_list("name", flat=True)) == [BOARD_MEMBER_GROUP]
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "anna.ek@example.org",
        "bo.lind@example.org",
    ]
    assert "/arbete/" in mailoutbox[0].body


def test_an_existing_person_keeps_their_account_and_gets_no_mail(
    client, coordinator, bun, bun_member, mailoutbox
):
    person = bun_member.person
    person.email = "ledamot@example.org"
    person.save()
    client.force_login(coordinator)

    response = preview_then_confirm(
        client, bun, [anna(email="LEDAMOT@example.org", first_name="", last_name="")]
    )

    assert response.status_code == 302
    assert person.memberships.filter(starts_on=NEXT_TERM_START, role=Role.CHAIR).exists()
    assert User.objects.count() == 2  # the coordinator and the member: no new account
    assert mailoutbox == []


def test_the_set_password_link_sets_the_password_once(client, coordinator, bun, mailoutbox):
    client.force_login(coordinator)
    preview_then_confirm(client, bun, [anna()])
    client.logout()
    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)

    form = client.get(link, follow=True)
    assert "Välj lösenordet för ditt konto anna.ek@example.org" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Kastanj-Ekorre-19", "new_password2": "Kastanj-Ekorre-19"},
        follow=True,
    )
    assert "Ditt lösenord är sparat" in done.content.decode()
    assert User.objects.get(username="anna.ek@example.org").check_password("Kastanj-Ekorre-19")

    again = client.get(link, follow=True)
    assert "Länken har gått ut eller har redan använts" in again.content.decode()


def test_an_expired_link_says_so_in_english(client, coordinator, bun, mailoutbox, settings):
    client.force_login(coordinator)
    preview_then_confirm(client, bun, [anna()])
    client.logout()
    path = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    english = path.replace("/arbete/", "/en/work/").replace("satt-losenord", "set-password")
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is too old

    response = client.get(english, follow=True)

    assert "This link has expired or has been used already" in response.content.decode()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([anna(email="inte-en-adress")], "Ange en giltig mejladress."),
        ([anna(), bo(email="anna.ek@example.org", role=Role.CHAIR)], "har redan rollen"),
        ([anna(starts_on="2026-12-01")], "börjar mellan 2027-01-01 och 2030-12-31"),
    ],
    ids=["bad-email", "duplicate-in-rows", "start-outside-term"],
)
def test_a_bad_row_refuses_all_rows_with_the_reason(client, coordinator, bun, rows, message):
    client.force_login(coordinator)
    before = snapshot()

    response = client.post(url(), entered(bun, rows))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


def test_a_membership_already_registered_is_refused(client, coordinator, bun):
    person = factories.PersonFactory(email="anna.ek@example.org", first_name="Anna")
    factories.MembershipFactory(person=person, body=bun, role=Role.CHAIR, starts_on=NEXT_TERM_START)
    client.force_login(coordinator)
    before = snapshot()

    response = client.post(url(), entered(bun, [bo(), anna()]))

    assert response.status_code == 400
    assert "Anna" in response.content.decode()
    assert "har redan rollen ordförande i Barn- och utbildningsnämnden" in response.content.decode()
    assert "1 rad har fel. Inget har sparats" in response.content.decode()
    assert 'value="bo.lind@example.org"' in response.content.decode()  # the form again, kept
    assert 'id="term-confirm"' not in response.content.decode()
    assert snapshot() == before


def test_a_row_that_became_wrong_after_the_preview_saves_nothing(client, coordinator, bun):
    client.force_login(coordinator)
    preview = client.post(url(), entered(bun, [bo(), anna()]))
    payload = preview.context["confirm"]["rows"].value()
    person = factories.PersonFactory(email="anna.ek@example.org")
    factories.MembershipFactory(person=person, body=bun, role=Role.CHAIR, starts_on=NEXT_TERM_START)
    before = snapshot()

    response = client.post(
        url(), {"step": "confirm", "body": bun.pk, "election_year": 2026, "rows": payload}
    )

    assert response.status_code == 400
    assert "har redan rollen" in response.content.decode()
    assert snapshot() == before


def test_a_term_in_the_past_is_refused_in_english(client, coordinator, kf):
    client.force_login(coordinator)
    before = snapshot()

    # KF's term after the 2022 election ended on 2026-10-14; but it is 2026-04-15: offered.
    # The term after the 2018 election is not offered, and refused if forged.
    response = client.post(en("term-registration"), entered(kf, [anna()], election_year=2018))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert snapshot() == before


def test_a_term_that_has_ended_is_refused(client, coordinator, kf, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 1, 12, 0))
    client.force_login(coordinator)
    before = snapshot()

    # On 2026-11-01 the boards' 2022 term still runs, so 2022 is offered; KF's has ended.
    response = client.post(url(), entered(kf, [anna()], election_year=2022))

    assert response.status_code == 400
    assert "Mandatperioden 2022–2026 slutade 2026-10-14" in response.content.decode()
    assert snapshot() == before


def test_a_forged_payload_is_refused(client, coordinator, bun):
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(
        url(), {"step": "confirm", "body": bun.pk, "election_year": 2026, "rows": "[{]"}
    )
    assert response.status_code == 400
    assert "De kontrollerade medlemskapen har skadats" in response.content.decode()
    assert snapshot() == before


def test_no_rows_is_refused(client, coordinator, bun):
    client.force_login(coordinator)
    response = client.post(url(), entered(bun, []))
    assert response.status_code == 400
    assert "Det finns inga medlemskap att registrera." in response.content.decode()


# --- The secretariat's spreadsheet -----------------------------------------------------------


def upload(client, body, sheet: tablib.Dataset, file_format="csv", election_year=2026):
    content = sheet.export(file_format)
    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(
        url(),
        {
            "body": body.pk,
            "election_year": election_year,
            "step": "upload",
            "file": SimpleUploadedFile(f"ledamoter.{file_format}", content),
        },
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_template_has_the_headers(client, coordinator, file_format):
    client.force_login(coordinator)
    response = client.get(reverse("staff:term-template"), {"format": file_format})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    sheet = tablib.Dataset().load(
        response.content.decode("utf-8-sig") if file_format == "csv" else response.content,
        format=file_format,
    )
    assert sheet.headers[:4] == ["förnamn", "efternamn", "e-post", "roll"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_uploaded_spreadsheet_is_previewed_then_registered(
    client, coordinator, ks, file_format, mailoutbox
):
    sheet = tablib.Dataset(headers=["Förnamn", "Efternamn", "E-post", "Roll", "Från"])
    sheet.append(["Anna", "Ek", "anna.ek@example.org", "Ordförande", ""])
    sheet.append(["Bo", "Lind", "bo.lind@example.org", "ersättare", "2027-02-01"])
    client.force_login(coordinator)

    preview = upload(client, ks, sheet, file_format)

    assert preview.status_code == 200, preview.content.decode()
    assert Membership.objects.count() == 0
    payload = preview.context["confirm"]["rows"].value()
    response = client.post(
        url(), {"step": "confirm", "body": ks.pk, "election_year": 2026, "rows": payload}
    )
    assert response.status_code == 302
    assert sorted(Membership.objects.values_list("role", "starts_on")) == [
        (Role.CHAIR, NEXT_TERM_START),
        (Role.SUBSTITUTE, datetime.date(2027, 2, 1)),
    ]
    assert len(mailoutbox) == 2


def test_an_english_spreadsheet_with_a_role_the_body_lacks_is_refused(client, coordinator, ks):
    sheet = tablib.Dataset(headers=["first name", "last name", "e-mail", "role"])
    sheet.append(["Anna", "Ek", "anna.ek@example.org", "member"])
    sheet.append(["Cai", "Berg", "cai@example.org", "official"])
    sheet.append(["Dan", "Ås", "dan@example.org", "mayor"])
    client.force_login(coordinator)
    before = snapshot()

    response = client.post(
        en("term-registration"),
        {
            "body": ks.pk,
            "election_year": 2026,
            "step": "upload",
            "file": SimpleUploadedFile("members.csv", sheet.export("csv").encode()),
        },
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert content.count("has no such role in a term of office") == 2
    assert "2 rows have errors. Nothing has been saved" in content
    assert snapshot() == before


def test_a_spreadsheet_without_the_columns_is_refused(client, coordinator, ks):
    sheet = tablib.Dataset(headers=["namn", "roll"])
    sheet.append(["Anna Ek", "ledamot"])
    client.force_login(coordinator)

    response = upload(client, ks, sheet)

    assert response.status_code == 400
    assert "Kalkylbladet saknar kolumnerna förnamn, efternamn, e-post" in response.content.decode()
    assert Membership.objects.count() == 0


def test_a_bad_date_in_the_spreadsheet_is_refused(client, coordinator, ks):
    sheet = tablib.Dataset(headers=["förnamn", "efternamn", "e-post", "roll", "från"])
    sheet.append(["Anna", "Ek", "anna.ek@example.org", "ledamot", "första mars"])
    client.force_login(coordinator)

    response = upload(client, ks, sheet)

    assert response.status_code == 400
    assert "”första mars” är inget datum" in response.content.decode()
    assert Membership.objects.count() == 0


# --- a new link, when the first expired -------------------------------------------------------


def test_a_new_link_goes_to_an_account_that_has_no_password_yet(
    client, coordinator, bun, mailoutbox
):
    client.force_login(coordinator)
    preview_then_confirm(client, bun, [anna()])
    mailoutbox.clear()

    response = client.post(
        reverse("staff:term-link"), {"email": "Anna.Ek@example.org"}, follow=True
    )

    assert "En ny länk för att välja lösenord skickades till anna.ek@example.org" in (
        response.content.decode()
    )
    assert [mail.to for mail in mailoutbox] == [["anna.ek@example.org"]]
    assert "/arbete/satt-losenord/" in mailoutbox[0].body


def test_no_new_link_for_an_unknown_address(client, coordinator, mailoutbox):
    client.force_login(coordinator)
    response = client.post(reverse("staff:term-link"), {"email": "ingen@example.org"}, follow=True)
    assert "Inget konto som registrerats för en mandatperiod har adressen ingen@example.org" in (
        response.content.decode()
    )
    assert mailoutbox == []


def test_no_new_link_for_an_account_with_a_password_in_english(
    client, coordinator, bun_member, mailoutbox
):
    bun_member.username = "ledamot@example.org"
    bun_member.save()
    client.force_login(coordinator)
    response = client.post(en("term-link"), {"email": "ledamot@example.org"}, follow=True)
    assert "has set its password already" in response.content.decode()
    assert mailoutbox == []
    assert User.objects.get(pk=bun_member.pk).check_password("demo-password")
