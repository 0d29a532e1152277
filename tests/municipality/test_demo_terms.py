"""Every demo membership lies in the term of office that contains the day of loading (#11).

Whatever day `make run` loads the demo, its members keep their pages: KF's term starts on
15 October of the election year, KS's and the committees' on 1 January after, and each demo
membership starts with its own body's term (governance.terms).
"""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from governance import access, terms
from governance.models import Body, Membership
from tests.municipality.helpers import run

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
MEMBERS = {"ks-ledamot": "KS", "bun-ledamot": "BUN", "kf-ledamot": "KF", "kf-sekreterare": "KF"}

DAYS = [
    datetime.date(2026, 10, 14),  # KF's last day of the 2022 term
    datetime.date(2026, 10, 16),  # KF's new term; the others' old one still runs
    datetime.date(2026, 12, 31),  # the others' last day of the 2023 term
    datetime.date(2027, 1, 2),  # the others' new term
    datetime.date(2030, 10, 16),  # KF's next term
    datetime.date(2031, 1, 1),  # the others' next term, its first day
]


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.DEMO_DATA_ALLOWED = True


def _pinned(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), STOCKHOLM), tick=False
    )


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_demo_membership_is_valid_on_the_day_of_loading(vimmerby, day):
    with _pinned(day):
        run("load_demo")

        assert Membership.objects.count() == 8
        assert Membership.objects.valid_on(day).count() == Membership.objects.count()
        for membership in Membership.objects.select_related("body"):
            term = terms.term_for(day, council=membership.body.is_council)
            assert membership.starts_on == term.starts_on
            assert membership.ends_on in (None, term.ends_on)
        users = {u.username: u for u in get_user_model().objects.all()}
        for username, body in MEMBERS.items():
            assert [b.short_name for b in access.deciding_bodies_of(users[username])] == [body]
            assert access.may_record_decision(users[username], Body.objects.get(short_name=body))


@pytest.mark.parametrize(
    ("loaded", "again"),
    [
        (datetime.date(2026, 12, 31), datetime.date(2027, 1, 2)),
        (datetime.date(2030, 10, 14), datetime.date(2030, 10, 16)),
    ],
    ids=["new-year", "council-term"],
)
def test_loading_again_in_a_new_term_gives_the_members_their_pages_back(vimmerby, loaded, again):
    """The memberships of the term that ended stay (public records); the new term's come."""
    with _pinned(loaded):
        run("load_demo")
    before = Membership.objects.count()

    with _pinned(again):
        run("load_demo")

        users = {u.username: u for u in get_user_model().objects.all()}
        for username, body in MEMBERS.items():
            assert [b.short_name for b in access.deciding_bodies_of(users[username])] == [body]
        assert Membership.objects.count() > before
        assert Membership.objects.count() - Membership.objects.valid_on(again).count() > 0
