"""The staff pages of applications (staff/views/applications.py): the chain from draft to
decision, bad input refused with nothing changed, no query per row."""

import datetime
import decimal
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import services as governance_services
from governance.models import Decision, Outcome, Role
from projects import queries
from projects.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    FundingCheck,
    SteeringGroup,
)
from projects.services import applications
from tests import factories
from tests.staff.conftest import board_member, en, make_application

pytestmark = pytest.mark.django_db

DECISION = {
    "outcome": Outcome.APPROVED,
    "meeting_date": "2026-03-10",
    "paragraph": "12",
    "case_number": "BUN 2026/4",
    "motivation": "Utbytet stärker elevernas språk.",
    "minutes_approved_on": "2026-03-13",
    "notice_posted_on": "2026-03-16",
    "confirm": "1",  # the confirmation step (#12) is tested in test_case_confirmation.py
}


def _draft_data(project, bun, **overrides):
    data = {
        "kind": ApplicationKind.PARTNERSHIP,
        "title": "Partnerskap om barns rättigheter",
        "summary": "Ett utbyte mellan skolor i Vimmerby och Joniškis.",
        "project": project.pk,
        "addressed_to": bun.pk,
        "cost": "20000",
    }
    data.update(overrides)
    return data


# --- The chain -------------------------------------------------------------------------------


def test_contributor_drafts_and_submits(client, contributor, coordinator, bun_project, bun):
    client.force_login(contributor)

    response = client.post(en("application-create"), _draft_data(bun_project, bun))

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("application-detail", application.pk)
    assert application.submitted_by == contributor.person
    assert application.status == ApplicationStatus.DRAFT

    # The checklist (#12): the funding check is complete; the network's view is still missing.
    refused = client.post(en("application-submit", application.pk), follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert "cannot be sent for decision yet" in refused.text
    applications.record_no_consultation_reason(
        application, by=coordinator, reason="Nätverket möts först i juni."
    )

    client.post(en("application-submit", application.pk))

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_on == datetime.date(2026, 4, 15)


def test_coordinator_records_consultation(client, coordinator, draft, network_meeting):
    client.force_login(coordinator)

    response = client.post(
        en("application-consultation", draft.pk),
        {"meeting": network_meeting.pk, "view": "Nätverket tillstyrker."},
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.status == ApplicationStatus.IN_CONSULTATION
    assert draft.consultation_on == datetime.date(2026, 4, 15)


def test_submitted_without_consultation_warns_the_deciding_body(client, bun_member, submitted):
    client.force_login(bun_member)

    response = client.get(en("application-decide", submitted.pk))

    assert "Sent for decision without consulting the international network (S9)." in (response.text)


def test_bun_member_sees_queue_and_decides(client, bun_member, submitted):
    client.force_login(bun_member)

    queue = client.get(en("decision-queue"))
    response = client.post(en("application-decide", submitted.pk), DECISION)

    assert list(queue.context["applications"]) == [submitted]
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.citation == "BUN 2026-03-10 § 12"
    assert decision.appeal_deadline == datetime.date(2026, 4, 6)
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.DECIDED
    assert submitted.project.status == "approved"
    page = client.get(en("application-detail", submitted.pk))
    assert "2026-04-06" in page.text  # the last day of appeal is shown


def test_decision_mails_applicant_and_coordinator(
    client, bun_member, coordinator, submitted, django_capture_on_commit_callbacks
):
    client.force_login(bun_member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(en("application-decide", submitted.pk), DECISION)

    decided = [m for m in mail.outbox if m.subject.startswith("Beslutat")]
    # One message per recipient, in the recipient's language (#12).
    assert sorted(m.to[0] for m in decided) == ["samordnare@example.org", "skola@example.org"]
    assert all("BUN 2026-03-10 § 12" in m.body for m in decided)


def test_applicant_follows_status_in_the_list(client, contributor, approved):
    client.force_login(contributor)

    response = client.get(en("application-list"))

    assert list(response.context["applications"]) == [approved]
    assert "BUN 2026-03-10 § 40" in response.text


def test_member_appoints_steering_group_for_approved_work(client, bun_member, approved):
    person = factories.PersonFactory(first_name="Stina", last_name="Styr")
    client.force_login(bun_member)

    response = client.post(
        en("application-steering-group", approved.pk),
        {
            "name": "Styrgrupp Joniškis",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "1",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-person": person.pk,
            "members-0-role": Role.CHAIR,
            "members-0-starts_on": "2026-04-01",
        },
    )

    assert response.status_code == 302
    group = SteeringGroup.objects.get()
    assert group.appointed_by == approved.decision
    assert [(m.person, m.role) for m in group.members.all()] == [(person, Role.CHAIR)]


def test_steering_group_for_rejected_work_is_refused(client, bun_member, submitted):
    applications.decide(
        submitted,
        by=bun_member,
        outcome=Outcome.REJECTED,
        meeting_date=datetime.date(2026, 3, 10),
        paragraph=5,
    )
    with pytest.raises(ValidationError, match="endast för beviljat arbete"):
        applications.appoint_steering_group(submitted, by=bun_member, name="X", members=[{}])

    assert SteeringGroup.objects.count() == 0


def test_school_exchange_needing_no_decision_is_refused(client, contributor, bun):
    """S11: a cheap exchange that is not marked needs no political decision."""
    project = factories.ProjectFactory(responsible_body=bun, kind="school_exchange", own_cost=0)
    client.force_login(contributor)

    response = client.post(
        en("application-create"),
        _draft_data(project, bun, kind=ApplicationKind.SCHOOL_EXCHANGE),
    )

    assert response.status_code == 200
    assert "needs no political decision (S11)" in response.text
    assert Application.objects.count() == 0


# --- A GET changes nothing -------------------------------------------------------------------


def test_get_on_submit_changes_nothing(client, contributor, draft):
    client.force_login(contributor)

    client.get(en("application-submit", draft.pk))

    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


# --- Bad input: refused with a clear message, nothing changed --------------------------------


def _assert_nothing_decided(application, decisions=0):
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.decision is None
    assert application.project.status == "planned"
    assert Decision.objects.count() == decisions


def test_decision_by_another_body_is_refused(client, ks_member, submitted):
    """S8: a KS member cannot record BUN's decision."""
    client.force_login(ks_member)

    response = client.post(en("application-decide", submitted.pk), DECISION)

    assert response.status_code == 403
    assert "Only members or the secretary of BUN, in office on 2026-04-15, may record" in (
        response.text
    )
    _assert_nothing_decided(submitted)


def test_new_twin_town_addressed_to_a_committee_is_refused(client, coordinator, bun):
    """S7: only KF decides a new twin town; the draft cannot even be addressed elsewhere."""
    client.force_login(coordinator)

    response = client.post(
        en("application-create"),
        {
            "kind": ApplicationKind.TWIN_TOWN,
            "title": "Ny vänort",
            "summary": "Vänort i Estland.",
            "proposed_place": factories.PlaceFactory().pk,
            "why_not_partnership": "Kontakter över alla områden.",
            "addressed_to": bun.pk,
        },
    )

    assert response.status_code == 200
    assert "A new twin town is decided by the municipal council (KF) only (S7)." in response.text
    assert Application.objects.count() == 0


def test_new_twin_town_cannot_be_decided_by_a_committee_member(client, bun_member, kf):
    application = factories.ApplicationFactory(
        kind=ApplicationKind.TWIN_TOWN,
        project=None,
        proposed_place=factories.PlaceFactory(),
        addressed_to=kf,
        why_not_partnership="Kontakter över alla verksamhetsområden.",
    )
    applications.submit(application, on=datetime.date(2026, 2, 1))
    client.force_login(bun_member)

    response = client.post(en("application-decide", application.pk), DECISION)

    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert Decision.objects.count() == 0


def test_paragraph_already_used_that_day_is_refused(client, bun_member, submitted, bun):
    factories.DecisionFactory(body=bun, meeting_date=datetime.date(2026, 3, 10), paragraph=12)
    client.force_login(bun_member)

    response = client.post(en("application-decide", submitted.pk), DECISION)

    assert response.status_code == 200
    assert (
        "This body already has a decision with this paragraph on this meeting date."
        in response.text
    )
    _assert_nothing_decided(submitted, decisions=1)


def test_decision_dated_before_the_application_is_refused(client, bun_member, submitted):
    client.force_login(bun_member)

    response = client.post(
        en("application-decide", submitted.pk),
        {
            **DECISION,
            "meeting_date": "2026-01-20",
            "minutes_approved_on": "",
            "notice_posted_on": "",
        },
    )

    assert response.status_code == 200
    assert "A decision cannot be dated before the application was submitted." in response.text
    _assert_nothing_decided(submitted)


def test_membership_out_of_its_term_is_refused(client, ended_member, submitted):
    client.force_login(ended_member)

    response = client.post(en("application-decide", submitted.pk), DECISION)

    assert response.status_code == 403
    _assert_nothing_decided(submitted)


def test_meeting_before_the_membership_began_is_refused(client, bun, submitted):
    """A member from 2026-03-01 cannot record a meeting of 2026-02-20 (S8)."""
    newcomer = board_member("ny-ledamot", bun, datetime.date(2026, 3, 1))
    client.force_login(newcomer)

    response = client.post(
        en("application-decide", submitted.pk),
        {
            **DECISION,
            "meeting_date": "2026-02-20",
            "minutes_approved_on": "",
            "notice_posted_on": "",
        },
    )

    assert response.status_code == 200
    assert (
        "Only members or the secretary of BUN, in office on 2026-02-20, may record its decision"
        in response.text
    )
    _assert_nothing_decided(submitted)


def test_approval_without_completed_funding_check_is_refused(client, bun_member, bun, contributor):
    project = factories.ProjectFactory(responsible_body=bun, status="planned")
    application = make_application(project, contributor.person)
    applications.submit(application, on=datetime.date(2026, 2, 1))
    client.force_login(bun_member)

    response = client.post(en("application-decide", application.pk), DECISION)

    assert "funding check is completed (S6)" in response.text
    _assert_nothing_decided(application)


def test_decided_application_cannot_be_changed(client, contributor, approved):
    client.force_login(contributor)

    response = client.get(en("application-update", approved.pk))

    assert response.status_code == 403
    assert "Only a draft or an application in consultation can change." in response.text


# --- Query counts: no query per row ----------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _more_submitted(bun_project, contributor, n):
    # One application under way per project (#11): each on a project of its own.
    for i in range(n):
        project = factories.ProjectFactory(responsible_body=bun_project.responsible_body)
        app = make_application(project, contributor.person, title=f"Fler {i}")
        applications.submit(app, on=datetime.date(2026, 2, 1))


@pytest.mark.parametrize("name", ["decision-queue", "application-list", "home"])
def test_application_pages_query_count_does_not_grow(
    client, bun_member, coordinator, submitted, bun_project, contributor, name, frozen_today
):
    for user in (bun_member, coordinator):
        client.force_login(user)
        one = _count(client, en(name))
        _more_submitted(bun_project, contributor, 3)
        # A visit in a later second, which writes its time as the first did (#15).
        frozen_today.shift(datetime.timedelta(seconds=1))
        several = _count(client, en(name))
        assert several == one, user


def test_application_detail_query_count_does_not_grow(client, bun_member, approved):
    client.force_login(bun_member)
    one = _count(client, en("application-detail", approved.pk))
    approved.project.places.add(*factories.PlaceFactory.create_batch(3))
    factories.FundingCheckFactory.create_batch(3, project=approved.project)

    assert _count(client, en("application-detail", approved.pk)) == one


# --- Amounts ---------------------------------------------------------------------------------


def test_queue_shows_cost_in_whole_kronor_with_swedish_grouping(client, bun_member, bun_project):
    # The case goes with its project's cost (#12).
    bun_project.own_cost = decimal.Decimal("40000.00")
    bun_project.save()
    application = make_application(bun_project, None, title="Kostsam")
    applications.submit(application, on=datetime.date(2026, 2, 1))
    client.force_login(bun_member)

    response = client.get(reverse("staff:decision-queue"))

    assert "40\xa0000" in response.content.decode()


def _case_by_the_orm(pk):
    """The case as the ORM reads it with ``select_related`` and ``prefetch_related``: what
    ``queries.case_page`` read until 2026-12-07 (#15)."""
    found = (
        Application.objects.select_related(*queries.CASE_RELATED)
        .prefetch_related(
            "objectives",
            "project__places",
            "decision__corrections",
            Prefetch(
                "project__funding_checks",
                FundingCheck.objects.select_related("programme__funder", "checked_by"),
            ),
            Prefetch("steering_groups", SteeringGroup.objects.prefetch_related("members__person")),
        )
        .filter(pk=pk)
    )
    return found.first()


@pytest.fixture
def project_objectives(bun_project):
    """Two objectives on the school's project, which its case takes when submitted (#12)."""
    strategy = factories.StrategyFactory()
    bun_project.objectives.add(
        factories.ObjectiveFactory(strategy=strategy, number=2, text="Språk & kultur"),
        factories.ObjectiveFactory(strategy=strategy, number=1, text="Demokrati"),
    )


def test_the_case_page_read_in_two_compiled_queries_is_the_orms_page(
    client, monkeypatch, coordinator, project_objectives, approved
):
    """#15: the case and all its page lists (``queries.case_page``: two queries compiled once
    per process) make the very page the ORM's reads make: its place, drafter and meeting, its
    objectives, its project's places and funding checks (amounts, currencies, programme and
    funder), its decision's corrections, its steering groups and their members."""
    # Past the model's rules (a meeting of the network, S9): what the page shows of them.
    Application.objects.filter(pk=approved.pk).update(
        proposed_place=factories.PlaceFactory(name="Rēzekne <&>"),
        consultation_meeting=factories.MeetingFactory(),
        consultation_on=datetime.date(2026, 1, 20),
        consultation_view="Nätverket tillstyrker.",
    )
    approved.refresh_from_db()
    approved.project.places.add(factories.PlaceFactory(name="Ängelholm"))
    funder = factories.FunderFactory(name="Svenska institutet", short_name="SI")
    factories.FundingCheckFactory(
        project=approved.project,
        programme=factories.ProgrammeFactory(funder=funder, name="Östersjöprogrammet"),
        checked_by=factories.PersonFactory(first_name="Åsa", last_name="Lind"),
        checked_on=datetime.date(2026, 1, 5),
        amount_applied=decimal.Decimal("1200.50"),
        amount_granted=decimal.Decimal("900.25"),
        currency="EUR",
        exchange_rate=decimal.Decimal("11.4321"),
        outcome="granted",
    )
    factories.FundingCheckFactory(project=approved.project, checked_on=datetime.date(2026, 1, 9))
    governance_services.correct_decision(
        approved.decision, by=coordinator, field="paragraph", corrected="41", reason="Fel."
    )
    group = factories.SteeringGroupFactory(
        application=approved, appointed_by=approved.decision, name="Styrgrupp B"
    )
    factories.SteeringGroupFactory(
        application=approved, appointed_by=approved.decision, name="Styrgrupp A"
    )
    for last_name in ("Öberg", "Andersson"):
        factories.SteeringGroupMemberFactory(
            group=group, person=factories.PersonFactory(last_name=last_name), role=Role.CHAIR
        )
    client.force_login(coordinator)
    url = en("application-detail", approved.pk)

    def page():
        html = client.get(url).text
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    def both():
        with monkeypatch.context() as patched:
            patched.setattr(queries, "case_page", _case_by_the_orm)
            by_the_orm = page()
        return page(), by_the_orm

    compiled, by_the_orm = both()
    for shown in ("Rēzekne &lt;&amp;&gt;", "Demokrati", "Östersjöprogrammet", "Åsa Lind"):
        assert shown in compiled
    assert "Öberg" in compiled and "Styrgrupp A" in compiled and "Fel." in compiled
    assert compiled == by_the_orm
    # Without a proposed place the page names the project's places.
    Application.objects.filter(pk=approved.pk).update(proposed_place=None)
    compiled, by_the_orm = both()
    assert "Joniškis, Ängelholm" in compiled
    assert compiled == by_the_orm


def test_a_case_number_no_key_holds_is_not_found(client, coordinator):
    """#15: an id of 20 digits is a 404, not a server error (the page's key is a statement's
    parameter, a 64-bit integer on PostgreSQL)."""
    client.force_login(coordinator)

    for number in ("99999999999999999999", "9223372036854775808", "0"):
        response = client.get(en("application-detail", 1).replace("/1/", f"/{number}/"))
        assert response.status_code == 404, number
