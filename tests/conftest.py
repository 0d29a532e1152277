"""Personas (as healthchecks' alice and bob): who is using the system in a test."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission

from governance.access import BOARD_MEMBER_GROUP, CONTRIBUTOR_GROUP, COORDINATOR_GROUP
from governance.models import BodyKind, Role
from tests import factories


@pytest.fixture
def kf(db):
    return factories.BodyFactory(short_name="KF", name="Kommunfullmäktige", kind=BodyKind.COUNCIL)


@pytest.fixture
def ks(db):
    return factories.BodyFactory(
        short_name="KS", name="Kommunstyrelsen", kind=BodyKind.EXECUTIVE_BOARD
    )


@pytest.fixture
def bun(db):
    return factories.BodyFactory(
        short_name="BUN", name="Barn- och utbildningsnämnden", kind=BodyKind.COMMITTEE
    )


@pytest.fixture
def network_body(db, ks):
    return factories.BodyFactory(
        short_name="IN", name="Internationella nätverket", kind=BodyKind.INTERNATIONAL_NETWORK
    )


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(username="samordnare", is_staff=True)
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.set(Permission.objects.all())
    user.groups.add(group)
    factories.PersonFactory(first_name="Sam", last_name="Samordnare", user=user)
    return user


def _board_member(username, body):
    user = factories.UserFactory(username=username)
    group, _ = Group.objects.get_or_create(name=BOARD_MEMBER_GROUP)
    user.groups.add(group)
    person = factories.PersonFactory(user=user)
    factories.MembershipFactory(
        person=person, body=body, role=Role.MEMBER, starts_on=datetime.date(2023, 1, 1)
    )
    return user


@pytest.fixture
def ks_member(db, ks):
    return _board_member("ks-ledamot", ks)


@pytest.fixture
def bun_member(db, bun):
    return _board_member("bun-ledamot", bun)


@pytest.fixture
def contributor(db, bun):
    user = factories.UserFactory(username="skola")
    group, _ = Group.objects.get_or_create(name=CONTRIBUTOR_GROUP)
    user.groups.add(group)
    factories.PersonFactory(user=user)
    return user
