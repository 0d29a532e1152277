"""A person is in a steering group once (issue #15, S8).

The same person twice in one group was accepted. Now the database refuses it (a unique
constraint), and the model, the service, the staff page and the admin say why, in Swedish.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from governance.models import Role
from projects.models import SteeringGroup, SteeringGroupMember
from projects.services import applications
from tests import factories

pytestmark = pytest.mark.django_db

ONCE = "Personen finns redan i styrgruppen; en person ingår i en styrgrupp en gång."
DAY = datetime.date(2026, 4, 1)


@pytest.fixture
def person():
    return factories.PersonFactory(first_name="Stina", last_name="Styr")


@pytest.fixture
def group(approved, bun_member, person):
    return applications.appoint_steering_group(
        approved,
        by=bun_member,
        name="Styrgrupp Joniškis",
        members=[{"person": person, "role": Role.CHAIR, "starts_on": DAY}],
    )


def test_the_model_refuses_the_same_person_twice(group, person):
    with pytest.raises(ValidationError) as refused:
        SteeringGroupMember(group=group, person=person, role=Role.MEMBER, starts_on=DAY).save()

    assert ONCE in refused.value.messages
    assert group.members.count() == 1


def test_the_database_refuses_the_same_person_twice(group, person):
    twice = SteeringGroupMember(group=group, person=person, role=Role.MEMBER, starts_on=DAY)

    with pytest.raises(IntegrityError), transaction.atomic():
        SteeringGroupMember.objects.bulk_create([twice])  # no save(), no validation


def test_another_group_may_have_the_same_person(group, person, approved):
    other = SteeringGroup.objects.create(
        name="Referensgrupp", application=approved, appointed_by=approved.decision
    )

    SteeringGroupMember(group=other, person=person, role=Role.MEMBER, starts_on=DAY).save()

    assert person.steering_groups.count() == 2


def test_the_service_refuses_the_same_person_twice(approved, bun_member, person):
    members = [
        {"person": person, "role": Role.CHAIR, "starts_on": DAY},
        {"person": person, "role": Role.MEMBER, "starts_on": DAY},
    ]

    with pytest.raises(ValidationError) as refused:
        applications.appoint_steering_group(
            approved, by=bun_member, name="Styrgrupp", members=members
        )

    assert refused.value.messages == [
        "Stina Styr anges två gånger; en person ingår i en styrgrupp en gång, med en roll."
    ]
    assert SteeringGroup.objects.count() == 0


def test_the_staff_page_refuses_the_same_person_twice(client, bun_member, approved, person):
    client.force_login(bun_member)
    row = {"person": person.pk, "role": Role.MEMBER, "starts_on": "2026-04-01"}
    data = {
        "name": "Styrgrupp Joniškis",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "1000",
        **{f"members-{i}-{name}": value for i in (0, 1) for name, value in row.items()},
    }

    response = client.post(reverse("staff:application-steering-group", args=[approved.pk]), data)

    assert response.status_code == 200
    assert "anges två gånger; en person ingår i en styrgrupp en gång" in response.content.decode()
    assert SteeringGroup.objects.count() == 0


def test_the_admin_refuses_the_same_person_twice(client, coordinator, group, person):
    client.force_login(coordinator)
    member = group.members.get()
    url = reverse("admin:projects_steeringgroup_change", args=[group.pk])
    data = {
        "name": group.name,
        "application": group.application_id,
        "appointed_by": group.appointed_by_id,
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "1",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-id": member.pk,
        "members-0-group": group.pk,
        "members-0-person": person.pk,
        "members-0-role": Role.CHAIR,
        "members-0-starts_on": "2026-04-01",
        "members-1-group": group.pk,
        "members-1-person": person.pk,
        "members-1-role": Role.MEMBER,
        "members-1-starts_on": "2026-04-01",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert ONCE in response.content.decode()
    assert group.members.count() == 1
