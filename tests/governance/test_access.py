"""Rights decided in governance/access.py: a member's right ends the day after the term or the
membership; a school official works for the body above its administration (issue 4)."""

import datetime

import pytest
import time_machine

from governance import access
from tests.staff import conftest as staff

# The staff tests' fixtures, reused, not copied (tests/fuzz/conftest.py does the same); with
# frozen_today the tests run on the staff tests' fixed day (2026-04-15).
STOCKHOLM = staff.STOCKHOLM
bun_administration = staff.bun_administration
contributor = staff.contributor
frozen_today = staff.frozen_today
kf_member = staff.kf_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "expected"),
    [(datetime.date(2026, 10, 14), True), (datetime.date(2026, 10, 15), False)],
)
def test_kf_member_loses_right_the_day_after_the_council_term(kf_member, kf, day, expected):
    """KF's term 2022-2026 ends on 2026-10-14."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), STOCKHOLM)):
        assert access.may_record_decision(kf_member, kf) is expected
        assert access.is_board_member(kf_member) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(datetime.date(2026, 12, 31), True), (datetime.date(2027, 1, 1), False)],
)
@pytest.mark.parametrize("persona", ["ks_member", "bun_member"])
def test_ks_and_committee_members_lose_right_after_their_term(request, persona, day, expected):
    """KS's and the committees' term 2023-2026 ends on 2026-12-31."""
    user = request.getfixturevalue(persona)
    (membership,) = access.memberships_of(user, datetime.date(2026, 6, 1))
    body = membership.body
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), STOCKHOLM)):
        assert access.may_record_decision(user, body) is expected


def test_member_whose_membership_ended_early_loses_right_the_next_day(bun):
    from tests.staff.conftest import board_member

    user = board_member("avgick", bun, datetime.date(2023, 1, 1), datetime.date(2026, 4, 14))

    assert access.may_record_decision(user, bun, datetime.date(2026, 4, 14)) is True
    assert access.may_record_decision(user, bun) is False  # today is 2026-04-15


def test_contributor_works_for_the_body_above_its_administration(contributor, bun, ks):
    assert access.work_bodies_of(contributor) == [bun]
    assert access.may_edit_for_body(contributor, bun) is True
    assert access.may_edit_for_body(contributor, ks) is False


def test_contributor_without_a_membership_may_not_draft(db):
    from django.contrib.auth.models import Group

    from governance.access import CONTRIBUTOR_GROUP
    from tests import factories

    user = factories.UserFactory(username="utan-enhet")
    user.groups.add(Group.objects.get_or_create(name=CONTRIBUTOR_GROUP)[0])

    assert access.may_draft(user) is False


def test_a_places_pictures_are_the_coordinators_alone(coordinator, contributor, bun):
    """A partner place has no staff of its own: the coordinator keeps its pictures and changes
    them, public or not (#14); a school official does neither, even for an internal one."""
    from partners.models import PlacePicture
    from tests import factories

    place = factories.PlaceFactory()
    internal = PlacePicture(place=place, public=False)
    keeper, school = access.rights_of(coordinator), access.rights_of(contributor)

    assert (keeper.may_keep_places, keeper.may_add_place_picture(place)) == (True, True)
    assert keeper.may_change_picture(internal)
    assert (school.may_keep_places, school.may_add_place_picture(place)) == (False, False)
    assert not school.may_change_picture(internal)
