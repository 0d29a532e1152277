"""Who records a decision (#11, S8): a member or the secretary of the body, in office on the
meeting date, on every path; the coordinator prepares it and records it only through a
secretary's membership. Each refusal says who may, and changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from governance import access
from governance.models import Decision, Role
from projects.models import Application, ApplicationKind, ApplicationStatus, SteeringGroup
from projects.services import applications
from tests import factories
from tests.admin_forms import admin_url, inline_rows, shows
from tests.staff import conftest as staff

# The staff tests' world, on their fixed day (2026-04-15).
bun_administration = staff.bun_administration
contributor = staff.contributor
frozen_today = staff.frozen_today
bun_project = staff.bun_project
submitted = staff.submitted
approved = staff.approved
en = staff.en

pytestmark = pytest.mark.django_db

MEETING_DAY = datetime.date(2026, 3, 10)
KF_REFUSAL = (
    "Endast ledamöter eller sekreteraren i KF, i tjänst den 2026-03-10, får registrera dess "
    "beslut (S8). Samordnaren bereder beslutet; en ledamot eller sekreteraren registrerar det."
)


def _secretary_of(user, body, starts_on=datetime.date(2023, 1, 1)):
    factories.MembershipFactory(
        person=user.person, body=body, role=Role.SECRETARY, starts_on=starts_on
    )
    access.forget_rights(user)
    return user


@pytest.fixture
def kf_member(kf):
    return staff.board_member("kf-ledamot", kf, datetime.date(2022, 10, 15))


@pytest.fixture
def kf_secretary(kf):
    return staff.board_member(
        "kf-sekreterare", kf, datetime.date(2022, 10, 15), role=Role.SECRETARY
    )


@pytest.fixture
def other_school(bun):
    """A contributor of another school: an official of an administration under KS."""
    ks_administration = factories.BodyFactory(
        short_name="KSF", kind="administration", parent=factories.BodyFactory(kind="committee")
    )
    return staff.board_member(
        "annan-skola", ks_administration, datetime.date(2020, 8, 1), role=Role.OFFICIAL
    )


# --- The access matrix: who may record KF's decision of 2026-03-10 ---------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("kf_member", True),
        ("kf_secretary", True),
        ("coordinator", False),  # without a secretary's membership
        ("coordinator_as_kf_secretary", True),
        ("ks_member", False),
        ("bun_member", False),
        ("other_school", False),
        ("contributor", False),
    ],
)
def test_who_records_kf_decision(request, kf, persona, expected):
    if persona == "coordinator_as_kf_secretary":
        user = _secretary_of(request.getfixturevalue("coordinator"), kf)
    else:
        user = request.getfixturevalue(persona)

    assert access.may_record_decision(user, kf, MEETING_DAY) is expected
    assert (kf.pk in access.rights_of(user, MEETING_DAY).recording_body_pks) is expected


def test_the_meeting_date_decides_not_today(kf, kf_member):
    """KF's 2022-2026 term ended 2026-10-14: a member records its meetings, not the next
    term's."""
    assert access.may_record_decision(kf_member, kf, datetime.date(2026, 10, 14)) is True
    assert access.may_record_decision(kf_member, kf, datetime.date(2026, 10, 15)) is False


def test_coordinator_corrects_and_so_does_the_secretary_only(
    kf, kf_member, kf_secretary, coordinator
):
    decision = factories.DecisionFactory(body=kf)

    assert access.may_correct_decision(coordinator, decision) is True
    assert access.may_correct_decision(kf_secretary, decision) is True
    assert access.may_correct_decision(kf_member, decision) is False


# --- The service: decide and appoint_steering_group ------------------------------------------


def _twin_town(kf):
    application = factories.ApplicationFactory(
        kind=ApplicationKind.TWIN_TOWN,
        project=None,
        proposed_place=factories.PlaceFactory(),
        addressed_to=kf,
        why_not_partnership="Kontakter över alla verksamhetsområden.",
    )
    return applications.submit(application, on=datetime.date(2026, 2, 1))


def _decide(application, user):
    return applications.decide(
        application, by=user, outcome="approved", meeting_date=MEETING_DAY, paragraph=172
    )


def test_coordinator_without_secretary_membership_cannot_decide(kf, coordinator):
    application = _twin_town(kf)

    with pytest.raises(PermissionDenied) as refusal:
        _decide(application, coordinator)

    assert str(refusal.value) == KF_REFUSAL
    assert Decision.objects.count() == 0
    assert Application.objects.get().status == ApplicationStatus.SUBMITTED


def test_coordinator_with_secretary_membership_decides(kf, coordinator):
    application = _twin_town(kf)
    _secretary_of(coordinator, kf, datetime.date(2022, 10, 15))

    decision = _decide(application, coordinator)

    assert decision.citation == "KF 2026-03-10 § 172"


def test_kf_member_decides_a_meeting_of_the_term_after_it_ended(kf, kf_member):
    """Recorded on 2026-04-15 for the meeting of 2026-03-10: the meeting date counts."""
    application = _twin_town(kf)

    decision = _decide(application, kf_member)

    assert decision.body == kf


def test_coordinator_cannot_appoint_a_steering_group(approved, coordinator):
    member = {"person": coordinator.person, "role": Role.MEMBER, "starts_on": MEETING_DAY}
    with pytest.raises(PermissionDenied) as refusal:
        applications.appoint_steering_group(
            approved, by=coordinator, name="Styrgrupp", members=[member]
        )

    assert str(refusal.value) == (
        "Endast ledamöter eller sekreteraren i BUN, i tjänst den 2026-04-15, får tillsätta dess "
        "styrgrupper (S8)."
    )
    assert SteeringGroup.objects.count() == 0


# --- The staff pages: the queue and the decision page ---------------------------------------


def test_queue_offers_the_coordinator_to_prepare_not_to_record(client, coordinator, submitted):
    client.force_login(coordinator)

    response = client.get(en("decision-queue"))

    assert en("application-decide", submitted.pk) not in response.text
    assert "Prepare" in response.text
    assert "You prepare them; a member or the secretary of the body records" in response.text
    detail = client.get(en("application-detail", submitted.pk))
    assert 'id="record-decision"' not in detail.text


def test_queue_offers_the_member_to_record(client, bun_member, submitted):
    client.force_login(bun_member)

    response = client.get(en("decision-queue"))

    assert en("application-decide", submitted.pk) in response.text
    assert "bodies where you are a member or the secretary" in response.text


def test_decision_page_refuses_the_coordinator_and_says_who_may(client, coordinator, submitted):
    client.force_login(coordinator)
    data = {"outcome": "approved", "meeting_date": "2026-03-10", "paragraph": "3"}

    response = client.post(en("application-decide", submitted.pk), data)

    assert response.status_code == 403
    assert "Only members or the secretary of BUN, in office on 2026-04-15, may record" in (
        response.text
    )
    assert Decision.objects.count() == 0
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.SUBMITTED


# --- The admin: the decision's add form and a meeting's decisions inline ---------------------

DECISION_ROW = {
    "meeting_date": "2026-03-10",
    "paragraph": "172",
    "title_sv": "Vänort i Estland",
    "outcome": "approved",
}


def test_admin_add_form_refuses_the_coordinator(client, kf, coordinator):
    client.force_login(coordinator)

    response = client.post(admin_url(Decision, "add"), {**DECISION_ROW, "body": kf.pk})

    assert response.status_code == 200
    assert shows(response, KF_REFUSAL)
    assert Decision.objects.count() == 0


def test_admin_add_form_lets_the_coordinator_record_as_kf_secretary(client, kf, coordinator):
    _secretary_of(coordinator, kf, datetime.date(2022, 10, 15))
    client.force_login(coordinator)

    response = client.post(admin_url(Decision, "add"), {**DECISION_ROW, "body": kf.pk})

    assert response.status_code == 302
    assert Decision.objects.get().citation == "KF 2026-03-10 § 172"


def test_meeting_inline_refuses_a_decision_by_the_coordinator(client, kf, coordinator):
    meeting = factories.MeetingFactory(body=kf)
    client.force_login(coordinator)
    data = {
        "body": kf.pk,
        "starts_at_0": "2026-03-10",
        "starts_at_1": "18:00",
        **inline_rows(
            "decisions",
            {"paragraph": "172", "title_sv": "Vänort", "outcome": "approved"},
        ),
    }

    response = client.post(admin_url(type(meeting), "change", meeting.pk), data)

    assert response.status_code == 200
    assert shows(response, KF_REFUSAL)
    assert Decision.objects.count() == 0
