"""Meetings of the bodies on the staff pages (#12, S8, S17): the list by body and year, the
meeting with its decisions and documents, and the form the secretary of the body and the
coordinator keep it with; the members read. Bad input is refused with a message and changes
nothing; a meeting is never deleted and its changes are kept in its history."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from governance.models import Meeting, Role
from projects.models import CaseDocument
from projects.services import applications
from tests import factories
from tests.staff.conftest import add_document, board_member, en, make_application, pdf_upload

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 64


def at(day: datetime.date, hour=18) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=STOCKHOLM)


@pytest.fixture
def bun_secretary(bun):
    return board_member("bun-sekreterare", bun, datetime.date(2023, 1, 1), role=Role.SECRETARY)


@pytest.fixture
def ks_meeting(ks):
    return factories.MeetingFactory(body=ks, starts_at=at(datetime.date(2025, 11, 20)))


def _form(body, **fields):
    return {
        "body": body.pk,
        "starts_at": "2026-05-12T18:00",
        "ends_at": "2026-05-12T20:00",
        "location": "Stadshuset, sal A",
        "agenda": "1. Upprop\n2. Utbyte med Joniškis",
        "minutes": "",
        **fields,
    }


# --- The list: each reads their own bodies' meetings ----------------------------------------


def test_the_coordinator_lists_every_bodys_meetings_latest_first(
    client, coordinator, bun_meeting, ks_meeting
):
    client.force_login(coordinator)

    page = client.get(en("meeting-list"))

    assert page.status_code == 200
    assert list(page.context["meetings"]) == [bun_meeting, ks_meeting]


def test_a_member_lists_only_the_meetings_of_their_body(
    client, bun_member, bun_meeting, ks_meeting
):
    client.force_login(bun_member)

    page = client.get(en("meeting-list"))

    assert list(page.context["meetings"]) == [bun_meeting]
    # The filter offers only the bodies the member reads.
    assert [b.short_name for b in page.context["filter"].form.fields["body"].queryset] == ["BUN"]


def test_the_list_filters_by_body_and_year(client, coordinator, bun, bun_meeting, ks_meeting):
    client.force_login(coordinator)
    earlier = factories.MeetingFactory(body=bun, starts_at=at(datetime.date(2025, 2, 3)))

    by_body = client.get(en("meeting-list"), {"body": bun.pk})
    by_year = client.get(en("meeting-list"), {"year": 2025})
    both = client.get(en("meeting-list"), {"body": bun.pk, "year": 2025})

    assert list(by_body.context["meetings"]) == [bun_meeting, earlier]
    assert list(by_year.context["meetings"]) == [ks_meeting, earlier]
    assert list(both.context["meetings"]) == [earlier]


def test_dates_in_the_list_are_never_broken(client, coordinator, bun_meeting):
    client.force_login(coordinator)

    page = client.get(en("meeting-list"))

    assert '<a class="text-nowrap" href="' in page.text
    assert "2026-03-10 18:00" in page.text


# --- The meeting: its decisions, with the case for those who follow it ----------------------


def test_the_meeting_shows_its_decisions_and_links_the_case(
    client, bun_member, bun_meeting, bun_project, contributor
):
    application = make_application(bun_project, contributor.person, title="Utbyte")
    applications.submit(application, on=datetime.date(2026, 2, 1))
    applications.decide(
        application,
        by=bun_member,
        outcome="approved",
        meeting_date=datetime.date(2026, 3, 10),
        meeting=bun_meeting,
        paragraph=12,
        case_number="BUN 2026/12",
    )
    client.force_login(bun_member)

    page = client.get(en("meeting-detail", bun_meeting.pk))

    decisions = page.text.split('id="meeting-decisions"')[1].split("</table>")[0]
    assert "§ 12" in decisions and "BUN 2026/12" in decisions
    assert en("application-detail", application.pk) in decisions
    # A member reads; neither the change link nor the upload form is offered.
    assert 'id="meeting-update"' not in page.text
    assert 'id="document-form"' not in page.text


def test_the_secretary_is_offered_the_change_and_the_upload(client, bun_secretary, bun_meeting):
    client.force_login(bun_secretary)

    page = client.get(en("meeting-detail", bun_meeting.pk))

    assert 'id="meeting-update"' in page.text
    assert en("meeting-document-create", bun_meeting.pk) in page.text
    # A meeting takes its invitation, agenda, minutes or another document, no plan.
    kinds = [value for value, _ in page.context["document_form"].fields["kind"].choices]
    assert kinds == ["invitation", "agenda", "minutes", "other"]


def test_a_member_of_another_body_is_refused_the_meeting(client, ks_member, bun_meeting):
    client.force_login(ks_member)

    response = client.get(en("meeting-detail", bun_meeting.pk))

    assert response.status_code == 403


# --- Registering and changing a meeting ----------------------------------------------------


def test_the_secretary_registers_a_meeting_of_the_body(client, bun, bun_secretary):
    client.force_login(bun_secretary)

    response = client.post(en("meeting-create"), _form(bun))

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("meeting-detail", meeting.pk)
    assert (meeting.body, meeting.starts_at, meeting.location) == (
        bun,
        at(datetime.date(2026, 5, 12)),
        "Stadshuset, sal A",
    )
    assert meeting.history.count() == 1


def test_the_coordinator_changes_a_meeting_and_its_history_keeps_the_old(
    client, coordinator, bun, bun_meeting
):
    client.force_login(coordinator)

    response = client.post(
        en("meeting-update", bun_meeting.pk),
        _form(bun, starts_at="2026-03-10T18:00", ends_at="", location="Vimmerby bibliotek"),
    )

    assert response.status_code == 302
    bun_meeting.refresh_from_db()
    assert bun_meeting.location == "Vimmerby bibliotek"
    assert [h.location for h in bun_meeting.history.order_by("history_date")] == [
        "Stadshuset",
        "Vimmerby bibliotek",
    ]


def test_a_date_that_is_not_a_date_is_refused_and_nothing_is_saved(client, bun, bun_secretary):
    client.force_login(bun_secretary)

    response = client.post(en("meeting-create"), _form(bun, starts_at="den tolfte maj"))

    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"] == [
        "Enter the day and time, for example 2026-04-15 18:00."
    ]
    assert Meeting.objects.count() == 0


def test_a_date_that_is_not_a_date_is_refused_in_swedish(client, bun, bun_secretary):
    client.force_login(bun_secretary)
    with translation.override("sv"):
        url = reverse("staff:meeting-create")

    response = client.post(url, _form(bun, starts_at="2026-13-45T18:00"))

    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"] == [
        "Ange dag och tid, till exempel 2026-04-15 18:00."
    ]
    assert Meeting.objects.count() == 0


def test_a_meeting_ending_before_it_starts_is_refused(client, bun, bun_secretary):
    client.force_login(bun_secretary)

    response = client.post(en("meeting-create"), _form(bun, ends_at="2026-05-12T17:00"))

    assert response.status_code == 400
    assert "A meeting cannot end before it starts." in response.text
    assert Meeting.objects.count() == 0


def test_minutes_of_a_meeting_after_today_are_refused(client, bun, bun_secretary):
    client.force_login(bun_secretary)

    response = client.post(en("meeting-create"), _form(bun, minutes="Mötet öppnades."))

    assert response.status_code == 400
    assert response.context["form"].errors["minutes"] == [
        "A meeting after today has no minutes yet; record them on or after the day it is held."
    ]
    assert Meeting.objects.count() == 0


def test_the_secretary_cannot_register_a_meeting_of_another_body(client, ks, bun_secretary):
    client.force_login(bun_secretary)

    response = client.post(en("meeting-create"), _form(ks))

    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert Meeting.objects.count() == 0


def test_a_member_cannot_change_the_meeting(client, bun, bun_member, bun_meeting):
    client.force_login(bun_member)

    response = client.post(en("meeting-update", bun_meeting.pk), _form(bun, location="Hemma"))

    assert response.status_code == 403
    assert "the secretary of the body" in response.text
    bun_meeting.refresh_from_db()
    assert bun_meeting.location == "Stadshuset"
    assert bun_meeting.history.count() == 1


def test_the_pages_answer_only_get_and_post(client, coordinator, bun_meeting):
    client.force_login(coordinator)

    assert client.put(en("meeting-update", bun_meeting.pk)).status_code == 405
    assert client.post(en("meeting-detail", bun_meeting.pk)).status_code == 405
    assert client.post(en("meeting-list")).status_code == 405


# --- Documents of a meeting: the documents service, as on case work -------------------------


def test_the_secretary_uploads_the_agenda_and_the_members_read_it(
    client, media, bun_secretary, bun_member, bun_meeting
):
    client.force_login(bun_secretary)

    response = client.post(
        en("meeting-document-create", bun_meeting.pk),
        {"kind": "agenda", "title": "Föredragningslista", "file": pdf_upload("lista.pdf")},
    )

    assert response.status_code == 302
    assert response["Location"] == en("meeting-detail", bun_meeting.pk)
    document = CaseDocument.objects.get()
    assert (document.meeting, document.kind, document.public) == (bun_meeting, "agenda", False)
    client.force_login(bun_member)
    assert "Föredragningslista" in client.get(en("meeting-detail", bun_meeting.pk)).text
    assert client.get(en("document", document.pk)).status_code == 200


def test_a_kind_the_meeting_does_not_take_is_refused(client, media, bun_secretary, bun_meeting):
    client.force_login(bun_secretary)

    response = client.post(
        en("meeting-document-create", bun_meeting.pk),
        {"kind": "budget", "title": "", "file": pdf_upload()},
    )

    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert CaseDocument.objects.count() == 0


def test_the_model_refuses_a_kind_the_record_does_not_take(media, coordinator, bun_meeting):
    """The rule is the model's: the admin, the service and the pages meet it (#12)."""
    with pytest.raises(ValidationError) as refused:
        add_document(bun_meeting, by=coordinator, kind="plan")

    # In the user's language, Swedish by default.
    assert refused.value.message_dict["kind"] == [
        "Ett dokument av slaget ”plan” hör inte till den här posten (sammanträde); välj ett "
        "av: inbjudan, dagordning, protokoll, annat dokument."
    ]
    assert CaseDocument.objects.count() == 0


def test_a_file_of_a_kind_not_allowed_is_refused(client, media, bun_secretary, bun_meeting):
    client.force_login(bun_secretary)

    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        en("meeting-document-create", bun_meeting.pk),
        {"kind": "minutes", "file": SimpleUploadedFile("protokoll.pdf", EXE)},
    )

    assert response.status_code == 400
    assert response.context["form"].errors
    assert CaseDocument.objects.count() == 0


def test_a_member_may_not_upload_to_the_meeting(client, media, bun_member, bun_meeting):
    client.force_login(bun_member)

    response = client.post(
        en("meeting-document-create", bun_meeting.pk), {"kind": "agenda", "file": pdf_upload()}
    )

    assert response.status_code == 403
    assert CaseDocument.objects.count() == 0


def test_the_secretary_withdraws_and_the_coordinator_publishes_a_meeting_document(
    client, media, bun_secretary, coordinator, bun_meeting
):
    kept = add_document(bun_meeting, by=bun_secretary, kind="minutes", title="Protokoll")
    wrong = add_document(bun_meeting, by=bun_secretary, kind="agenda", title="Fel lista")
    client.force_login(bun_secretary)

    withdrawn = client.post(en("document-withdraw", wrong.pk), {"reason": "Fel version."})
    client.force_login(coordinator)
    published = client.post(en("document-public", kept.pk), {"public": "1"})

    assert withdrawn["Location"] == en("meeting-detail", bun_meeting.pk)
    assert published["Location"] == en("meeting-detail", bun_meeting.pk)
    wrong.refresh_from_db()
    kept.refresh_from_db()
    assert (wrong.is_withdrawn, wrong.withdrawal_reason) == (True, "Fel version.")
    assert kept.public is True
    assert CaseDocument.objects.count() == 2  # withdrawn, never deleted


# --- Query counts: pinned, with one and with several records ---------------------------------


def _pin(client, django_assert_num_queries, url, queries):
    client.get(url)  # the session and the last visit settle
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_the_list_queries_the_same_for_one_meeting_or_many(
    client, coordinator, bun, bun_meeting, django_assert_num_queries
):
    client.force_login(coordinator)
    url = en("meeting-list")
    _pin(client, django_assert_num_queries, url, LIST_QUERIES)
    for day in (2, 3, 4):
        factories.MeetingFactory(body=bun, starts_at=at(datetime.date(2025, 1, day)))

    _pin(client, django_assert_num_queries, url, LIST_QUERIES)


def test_the_meeting_queries_the_same_for_one_document_or_many(
    client, media, coordinator, bun_meeting, django_assert_num_queries
):
    client.force_login(coordinator)
    url = en("meeting-detail", bun_meeting.pk)
    add_document(bun_meeting, by=coordinator, kind="agenda")
    _pin(client, django_assert_num_queries, url, DETAIL_QUERIES)
    add_document(bun_meeting, by=coordinator, kind="minutes")
    factories.DecisionFactory(body=bun_meeting.body, meeting=bun_meeting, paragraph=3)
    factories.DecisionFactory(body=bun_meeting.body, meeting=bun_meeting, paragraph=4)

    _pin(client, django_assert_num_queries, url, DETAIL_QUERIES)


LIST_QUERIES = 6
DETAIL_QUERIES = 9


# --- The access matrix of the new pages -------------------------------------------------------

NEW_PAGES = (
    "meeting-list",
    "meeting-create",
    "meeting-detail",
    "meeting-update",
    "meeting-document-create",
)

# Who may open each page (GET) of BUN's meeting: 200, 403, or 302 to the sign-in.
EXPECTED = {
    "anonymous": dict.fromkeys(NEW_PAGES, 302),
    "contributor": dict.fromkeys(NEW_PAGES, 403),
    "coordinator": dict.fromkeys(NEW_PAGES, 200),
    "bun_member": {
        "meeting-list": 200,
        "meeting-create": 403,
        "meeting-detail": 200,
        "meeting-update": 403,
        "meeting-document-create": 403,
    },
    "bun_secretary": dict.fromkeys(NEW_PAGES, 200),
    "ks_member": {
        "meeting-list": 200,
        "meeting-create": 403,
        "meeting-detail": 403,
        "meeting-update": 403,
        "meeting-document-create": 403,
    },
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_access_matrix(client, request, persona, bun_meeting):
    user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)

    got = {
        page: client.get(
            en(page) if page in ("meeting-list", "meeting-create") else en(page, bun_meeting.pk)
        ).status_code
        for page in NEW_PAGES
    }

    assert got == EXPECTED[persona]
