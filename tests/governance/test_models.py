"""Rules on bodies, memberships and decisions, at the model and the database level."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from governance.models import BodyKind, Decision, Membership, Outcome, Role
from governance.records import PublicRecordDeleteError
from tests import factories


def test_decision_citation_and_appeal_deadline(kf):
    decision = factories.DecisionFactory(
        body=kf,
        meeting_date=datetime.date(2016, 6, 27),
        paragraph=172,
        minutes_approved_on=datetime.date(2016, 6, 30),
        notice_posted_on=datetime.date(2016, 7, 1),
    )

    assert decision.citation == "KF 2016-06-27 § 172"
    assert decision.appeal_deadline == datetime.date(2016, 7, 22)


def test_decision_without_notice_has_no_appeal_deadline(kf):
    decision = factories.DecisionFactory(body=kf)

    assert decision.appeal_deadline is None


def test_decision_by_administration_is_refused(db):
    administration = factories.BodyFactory(kind=BodyKind.ADMINISTRATION)

    with pytest.raises(ValidationError) as error:
        factories.DecisionFactory(body=administration)

    assert "body" in error.value.message_dict
    assert Decision.objects.count() == 0


def test_decision_same_paragraph_twice_is_refused(kf):
    factories.DecisionFactory(body=kf, meeting_date=datetime.date(2026, 3, 10), paragraph=5)

    with pytest.raises(ValidationError) as error:
        factories.DecisionFactory(body=kf, meeting_date=datetime.date(2026, 3, 10), paragraph=5)

    # The user's language: Swedish.
    assert "Organet har redan ett beslut med denna paragraf" in str(error.value)
    assert Decision.objects.count() == 1


def test_decision_same_paragraph_twice_is_refused_by_the_database(kf):
    first = factories.DecisionFactory(body=kf, paragraph=5)
    duplicate = Decision(
        body=kf, meeting_date=first.meeting_date, paragraph=5, title="x", outcome=Outcome.NOTED
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        # The bare Model.save skips full_clean, as a raw write would.
        models.Model.save(duplicate)


def test_decision_minutes_before_meeting_is_refused_by_the_database(kf):
    decision = Decision(
        body=kf,
        meeting_date=datetime.date(2026, 3, 10),
        paragraph=1,
        title="x",
        outcome=Outcome.NOTED,
        minutes_approved_on=datetime.date(2026, 3, 1),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        models.Model.save(decision)


def test_decision_notice_before_minutes_is_refused(kf):
    with pytest.raises(ValidationError) as error:
        factories.DecisionFactory(
            body=kf,
            minutes_approved_on=datetime.date(2026, 3, 12),
            notice_posted_on=datetime.date(2026, 3, 11),
        )

    assert "Anslaget sätts upp när protokollet har justerats" in str(error.value)


def test_decision_case_number_in_wrong_format_is_refused(ks):
    with pytest.raises(ValidationError) as error:
        factories.DecisionFactory(body=ks, case_number="2016-123")

    assert list(error.value.message_dict) == ["case_number"]


def test_decision_case_number_in_municipal_format_is_accepted(ks):
    decision = factories.DecisionFactory(body=ks, case_number="KS 2016/123")

    assert decision.case_number == "KS 2016/123"


def test_decision_cannot_be_deleted(kf):
    decision = factories.DecisionFactory(body=kf)

    with pytest.raises(PublicRecordDeleteError):
        decision.delete()
    with pytest.raises(PublicRecordDeleteError):
        Decision.objects.all().delete()

    assert Decision.objects.count() == 1


def test_decision_takes_its_date_from_its_meeting(ks):
    meeting = factories.MeetingFactory(body=ks)

    decision = factories.DecisionFactory(
        body=ks, meeting=meeting, meeting_date=datetime.date(1999, 1, 1)
    )

    assert decision.meeting_date == datetime.date(2026, 3, 10)


def test_membership_ending_before_it_starts_is_refused(ks):
    with pytest.raises(ValidationError):
        factories.MembershipFactory(
            body=ks, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2023, 1, 1)
        )

    assert Membership.objects.count() == 0


def test_membership_ending_before_start_is_refused_by_the_database(ks):
    membership = Membership(
        person=factories.PersonFactory(),
        body=ks,
        role=Role.OFFICIAL,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2023, 1, 1),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        models.Model.save(membership)


def test_elected_membership_ends_with_its_term_by_default(kf, ks):
    kf_member = factories.MembershipFactory(body=kf, starts_on=datetime.date(2022, 10, 15))
    ks_member = factories.MembershipFactory(body=ks, starts_on=datetime.date(2023, 1, 1))

    assert kf_member.ends_on == datetime.date(2026, 10, 14)
    assert ks_member.ends_on == datetime.date(2026, 12, 31)


def test_elected_membership_beyond_its_term_is_refused(ks):
    with pytest.raises(ValidationError) as error:
        factories.MembershipFactory(
            body=ks, starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2027, 6, 30)
        )

    assert list(error.value.message_dict) == ["ends_on"]


def test_membership_is_valid_to_the_last_day_of_its_term_and_not_after(kf):
    membership = factories.MembershipFactory(body=kf, starts_on=datetime.date(2022, 10, 15))

    assert list(Membership.objects.valid_on(datetime.date(2026, 10, 14))) == [membership]
    assert list(Membership.objects.valid_on(datetime.date(2026, 10, 15))) == []


def test_only_network_members_represent_an_administration(ks):
    administration = factories.BodyFactory(kind=BodyKind.ADMINISTRATION, parent=ks)

    with pytest.raises(ValidationError) as error:
        factories.MembershipFactory(body=ks, role=Role.OFFICIAL, represents=administration)

    assert list(error.value.message_dict) == ["represents"]


def test_network_member_represents_administration(ks, network_body):
    administration = factories.BodyFactory(kind=BodyKind.ADMINISTRATION, parent=ks)

    membership = factories.MembershipFactory(
        body=network_body, role=Role.REPRESENTATIVE, represents=administration
    )

    assert membership.represents == administration


def test_administration_under_an_administration_is_refused(ks):
    administration = factories.BodyFactory(kind=BodyKind.ADMINISTRATION, parent=ks)

    with pytest.raises(ValidationError):
        factories.BodyFactory(kind=BodyKind.ADMINISTRATION, parent=administration)


def test_history_records_changes_to_decisions(kf):
    """The justering date is filled in later, once (#11); history keeps both versions."""
    decision = factories.DecisionFactory(body=kf, title="Första")

    decision.minutes_approved_on = datetime.date(2026, 3, 17)
    decision.save()

    assert [h.minutes_approved_on for h in decision.history.all()] == [
        datetime.date(2026, 3, 17),
        None,
    ]
