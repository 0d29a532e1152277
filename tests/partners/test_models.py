"""Rules on places, relationships, status history and agreements (S1, S2, S4, S7, S14)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from governance.models import BodyKind, ParticipantLevel, Role
from governance.records import PublicRecordDeleteError
from partners import services
from partners.models import (
    Agreement,
    Place,
    Relationship,
    RelationshipKind,
    RelationshipStatus,
    StatusChange,
    Visit,
    VisitParticipant,
)
from tests import factories


def test_place_without_country_is_refused(db):
    with pytest.raises(ValidationError) as error:
        factories.PlaceFactory(country="")

    assert "country" in error.value.message_dict
    assert Place.objects.count() == 0


def test_place_without_country_is_refused_by_the_database(db):
    place = Place(name="Ingenstans", slug="ingenstans", country="", kind="town")

    with pytest.raises(IntegrityError), transaction.atomic():
        models.Model.save(place)


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(Decimal("91"), Decimal("10")), (Decimal("10"), Decimal("-181"))]
)
def test_place_coordinates_out_of_range_are_refused(db, latitude, longitude):
    with pytest.raises(ValidationError) as error:
        factories.PlaceFactory(latitude=latitude, longitude=longitude)

    assert "måste vara mellan" in str(error.value)
    assert Place.objects.count() == 0


def test_place_coordinates_out_of_range_are_refused_by_the_database(db):
    place = Place(name="Fel", slug="fel", country="SE", kind="town", latitude=95, longitude=10)

    with pytest.raises(IntegrityError), transaction.atomic():
        models.Model.save(place)


def test_place_with_only_one_coordinate_is_refused(db):
    with pytest.raises(ValidationError):
        factories.PlaceFactory(latitude=Decimal("55.1"))


def test_merged_place_records_successor_and_date(db):
    tonder = factories.PlaceFactory(name="Tønder", country="DK")

    skaerbaek = factories.PlaceFactory(
        name="Skærbæk", country="DK", successor=tonder, merged_on=datetime.date(2007, 1, 1)
    )

    assert skaerbaek.successor == tonder


def test_merger_without_date_is_refused(db):
    tonder = factories.PlaceFactory(name="Tønder", country="DK")

    with pytest.raises(ValidationError):
        factories.PlaceFactory(name="Skærbæk", country="DK", successor=tonder)


def test_twin_town_established_by_a_committee_is_refused(bun):
    """S7: new twin towns are decided by KF."""
    decision = factories.DecisionFactory(body=bun)

    with pytest.raises(ValidationError) as error:
        factories.RelationshipFactory(established_by=decision)

    assert list(error.value.message_dict) == ["established_by"]
    assert Relationship.objects.count() == 0


def test_twin_town_established_by_the_council_is_accepted(kf):
    decision = factories.DecisionFactory(body=kf)

    relationship = factories.RelationshipFactory(established_by=decision)

    assert relationship.established_by.body == kf


def test_partnership_without_theme_is_refused(db):
    """S7: partnerships carry a theme."""
    with pytest.raises(ValidationError) as error:
        factories.RelationshipFactory(kind=RelationshipKind.PARTNERSHIP)

    assert list(error.value.message_dict) == ["theme"]


def test_relationship_ending_before_it_started_is_refused(db):
    with pytest.raises(ValidationError):
        factories.RelationshipFactory(
            started_on=datetime.date(2000, 1, 1), ended_on=datetime.date(1999, 1, 1)
        )

    assert Relationship.objects.count() == 0


def test_relationship_ending_before_it_started_is_refused_by_the_database(db):
    relationship = Relationship(
        place=factories.PlaceFactory(),
        kind=RelationshipKind.TWIN_TOWN,
        started_on=datetime.date(2000, 1, 1),
        start_precision="year",
        ended_on=datetime.date(1999, 1, 1),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        models.Model.save(relationship)


def test_relationship_through_organisation_names_it(db):
    with pytest.raises(ValidationError):
        factories.RelationshipFactory(channel="organisation", channel_organisation="")


def test_approximate_start_is_shown_with_its_note(db):
    relationship = factories.RelationshipFactory(
        started_on=datetime.date(1945, 1, 1),
        start_precision="approximate",
        start_note="sedan andra världskriget",
    )

    assert relationship.start_display == "sedan andra världskriget"


def test_year_start_is_shown_as_the_year(db):
    relationship = factories.RelationshipFactory(
        started_on=datetime.date(1988, 1, 1), start_precision="year"
    )

    assert relationship.start_display == "1988"


def test_status_change_keeps_history_and_sets_status(db):
    """S2: Skærbæk became an informal contact through Föreningen Norden."""
    relationship = factories.RelationshipFactory(started_on=None, start_precision="unknown")

    change = services.record_status_change(
        relationship,
        to_status=RelationshipStatus.INFORMAL,
        on=datetime.date(2007, 1, 1),
        reason="Skærbæk gick upp i Tønder.",
    )

    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.INFORMAL
    assert (change.from_status, change.to_status) == ("active", "informal")
    assert list(relationship.status_changes.all()) == [change]


def test_status_change_dated_before_the_latest_is_refused(db):
    relationship = factories.RelationshipFactory()
    services.record_status_change(
        relationship, to_status="dormant", on=datetime.date(2010, 1, 1), reason="Vilande."
    )

    with pytest.raises(ValidationError):
        services.record_status_change(
            relationship, to_status="active", on=datetime.date(2009, 1, 1), reason="Åter."
        )

    relationship.refresh_from_db()
    assert relationship.status == "dormant"
    assert StatusChange.objects.count() == 1


def test_status_change_to_the_same_status_is_refused(db):
    relationship = factories.RelationshipFactory()

    with pytest.raises(ValidationError):
        services.record_status_change(
            relationship, to_status="active", on=datetime.date(2010, 1, 1), reason="Samma."
        )

    assert StatusChange.objects.count() == 0


def test_ending_a_relationship_sets_its_end_date(db):
    relationship = factories.RelationshipFactory()

    services.record_status_change(
        relationship, to_status="ended", on=datetime.date(2020, 1, 1), reason="Sammanslagning."
    )

    relationship.refresh_from_db()
    assert relationship.ended_on == datetime.date(2020, 1, 1)


def test_relationship_and_status_changes_cannot_be_deleted(db):
    relationship = factories.RelationshipFactory()
    services.record_status_change(
        relationship, to_status="dormant", on=datetime.date(2010, 1, 1), reason="Vilande."
    )

    with pytest.raises(PublicRecordDeleteError):
        relationship.delete()
    with pytest.raises(PublicRecordDeleteError):
        StatusChange.objects.all().delete()

    assert (Relationship.objects.count(), StatusChange.objects.count()) == (1, 1)


def test_agreement_withdrawal_needs_reason(db):
    relationship = factories.RelationshipFactory()

    with pytest.raises(ValidationError):
        Agreement.objects.create(
            relationship=relationship,
            title="Avtal",
            signed_on=datetime.date(2007, 1, 1),
            withdrawn_on=datetime.date(2010, 1, 1),
        )

    assert Agreement.objects.count() == 0


def test_agreement_cannot_be_deleted(db):
    agreement = Agreement.objects.create(
        relationship=factories.RelationshipFactory(),
        title="Avtal",
        signed_on=datetime.date(2007, 1, 1),
        signed_precision="year",
    )

    with pytest.raises(PublicRecordDeleteError):
        agreement.delete()

    assert Agreement.objects.count() == 1


def _twin_town_visit():
    relationship = factories.RelationshipFactory()
    return Visit.objects.create(
        place=relationship.place,
        relationship=relationship,
        direction="outgoing",
        starts_on=datetime.date(2026, 5, 1),
        purpose="Vänortsbesök",
    )


def test_twin_town_visit_without_chair_is_flagged(kf):
    """S14: the chair of KF or KS should represent the municipality on twin-town visits."""
    visit = _twin_town_visit()
    member = factories.MembershipFactory(body=kf, starts_on=datetime.date(2022, 10, 15))
    VisitParticipant.objects.create(
        visit=visit, person=member.person, level=ParticipantLevel.ELECTED
    )

    assert list(Visit.objects.twin_town_visits_without_chair()) == [visit]


def test_twin_town_visit_with_the_ks_chair_is_not_flagged(ks):
    visit = _twin_town_visit()
    chair = factories.MembershipFactory(
        body=ks, role=Role.CHAIR, starts_on=datetime.date(2023, 1, 1)
    )
    VisitParticipant.objects.create(
        visit=visit, person=chair.person, level=ParticipantLevel.ELECTED
    )

    assert list(Visit.objects.twin_town_visits_without_chair()) == []


def test_pupils_are_never_named_on_a_visit(db):
    visit = _twin_town_visit()

    with pytest.raises(ValidationError):
        VisitParticipant.objects.create(
            visit=visit, person=factories.PersonFactory(), level=ParticipantLevel.PUPIL
        )


def test_administration_kind_is_not_a_deciding_body(db):
    administration = factories.BodyFactory(kind=BodyKind.ADMINISTRATION)

    assert administration.decides is False


# What a relationship's kind and status say, asked by name (templates never compare literals).


def test_relationship_is_twin_town_only_for_that_kind():
    kinds = [kind for kind in RelationshipKind if Relationship(kind=kind).is_twin_town]

    assert kinds == [RelationshipKind.TWIN_TOWN]


def test_relationship_is_active_and_has_ended_name_one_status_each():
    active = [s for s in RelationshipStatus if Relationship(status=s).is_active]
    ended = [s for s in RelationshipStatus if Relationship(status=s).has_ended]

    assert (active, ended) == ([RelationshipStatus.ACTIVE], [RelationshipStatus.ENDED])


def test_current_relationships_are_active_or_informal_s3(db):
    by_status = {
        status: factories.RelationshipFactory(status=status, ended_on=datetime.date(2020, 1, 1))
        for status in RelationshipStatus
    }

    assert set(Relationship.objects.current()) == {
        by_status[RelationshipStatus.ACTIVE],
        by_status[RelationshipStatus.INFORMAL],
    }
