"""The staff pages' tables of rows take a bounded number of rows (issue #15, hardening).

A form says how many rows it sends (``TOTAL_FORMS``), and Django built that many rows, each
with its selects, up to 2,000: one request with a steering group of 1,000 rows took most of a
second of the server's time. Each table now has a bound far above what the work needs; a form
sent with more rows is refused with Django's message in Swedish before any row is built, and
nothing is saved. At the bound the form is taken as before.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from governance.models import Membership, ParticipantLevel, Role
from partners.models import Visit
from projects.models import ParticipantCount, ProjectCost, SteeringGroup
from staff import forms
from tests import factories
from tests.staff.test_visit_pages import form_data

pytestmark = pytest.mark.django_db


def sv(name, *args):
    with translation.override("sv"):
        return reverse(f"staff:{name}", args=args)


def at_most(rows: int) -> str:
    return f"Skicka som mest {rows} formulär."


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def rows_shown(page: str, prefix: str, field: str) -> int:
    """How many rows of the table the page shows: its ``field`` inputs."""
    return len(re.findall(rf'name="{prefix}-\d+-{field}"', page))


@pytest.fixture
def member():
    return factories.PersonFactory(first_name="Stina", last_name="Styr")


def steering_group(person, total: int, sent: int | None = None) -> dict:
    """The page's form as a browser sends it: each of the ``sent`` rows (all by default)
    with its role as chosen (a member unless changed), the first row filled in; the form
    says it holds ``total``."""
    data = {
        "name": "Styrgrupp Joniškis",
        **management("members", total),
        **{f"members-{index}-role": Role.MEMBER for index in range(min(total, sent or total))},
    }
    data.update(
        {
            "members-0-person": person.pk,
            "members-0-role": Role.CHAIR,
            "members-0-starts_on": "2026-04-01",
        }
    )
    return data


@pytest.mark.parametrize(
    "total, sent",
    [(forms.STEERING_GROUP_MEMBERS_AT_MOST + 1, None), (1000, 3)],
    ids=["one-row-more", "a-thousand-claimed"],
)
def test_a_steering_group_of_more_rows_than_the_bound_is_refused(
    client, bun_member, approved, member, total, sent
):
    bound = forms.STEERING_GROUP_MEMBERS_AT_MOST
    client.force_login(bun_member)

    response = client.post(
        sv("application-steering-group", approved.pk), steering_group(member, total, sent)
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert at_most(bound) in page
    # The rows sent back are the bound's at most, not the thousand the form claimed.
    assert 0 < rows_shown(page, "members", "person") <= bound
    assert SteeringGroup.objects.count() == 0


def test_a_steering_group_at_the_bound_is_appointed(client, bun_member, approved, member):
    client.force_login(bun_member)

    response = client.post(
        sv("application-steering-group", approved.pk),
        steering_group(member, forms.STEERING_GROUP_MEMBERS_AT_MOST),
    )

    assert response.status_code == 302
    group = SteeringGroup.objects.get()
    assert list(group.members.values_list("person", flat=True)) == [member.pk]


def test_a_projects_costs_past_the_bound_are_refused(client, contributor, bun_project, bun):
    bound = forms.COST_ROWS_AT_MOST
    client.force_login(contributor)
    data = {**management("participants", 0), **management("costs", bound + 1)}
    data.update({"costs-0-body": bun.pk, "costs-0-year": "2026", "costs-0-amount": "12 500"})

    response = client.post(sv("project-participants", bun_project.pk), data)

    assert at_most(bound) in response.content.decode()
    assert response.status_code == 400
    assert ProjectCost.objects.count() == 0


def test_a_projects_counts_take_a_row_per_level_at_most(client, contributor, bun_project):
    levels = len(ParticipantLevel.choices)
    client.force_login(contributor)
    data = {**management("participants", levels + 1), **management("costs", 0)}
    data.update(
        {"participants-0-level": ParticipantLevel.choices[0][0], "participants-0-count": "5"}
    )

    response = client.post(sv("project-participants", bun_project.pk), data)

    assert at_most(levels) in response.content.decode()
    assert response.status_code == 400
    assert ParticipantCount.objects.count() == 0


def test_a_visits_participants_past_the_bound_are_refused(client, coordinator):
    bound = forms.VISIT_PARTICIPANTS_AT_MOST
    place = factories.PlaceFactory(name="Joniškis", published=True)
    person = factories.PersonFactory(first_name="Karin", last_name="Ordförande")
    client.force_login(coordinator)
    # The visit's form as its own tests post it, one participant, the row count raised.
    data = form_data(place, [{"person": person.pk, "role": "Ordförande"}])
    data.update(management("participants", bound + 1))

    response = client.post(sv("visit-create"), data)

    assert at_most(bound) in response.content.decode()
    assert response.status_code == 400
    assert Visit.objects.count() == 0


def test_a_terms_memberships_past_the_bound_are_refused(client, coordinator, bun):
    bound = forms.TERM_MEMBERSHIPS_AT_MOST
    client.force_login(coordinator)
    data = {
        "body": bun.pk,
        "election_year": 2026,
        "step": "enter",
        **management("m", bound + 1),
        "m-0-first_name": "Anna",
        "m-0-last_name": "Andersson",
        "m-0-role": Role.MEMBER,
    }
    before = Membership.objects.count()

    response = client.post(reverse("staff:term-registration"), data)

    assert at_most(bound) in response.content.decode()
    assert response.status_code == 400
    assert Membership.objects.count() == before


@pytest.mark.parametrize(
    "formset, bound",
    [
        (forms.SteeringGroupMemberFormSet, forms.STEERING_GROUP_MEMBERS_AT_MOST),
        (forms.TermMembershipFormSet, forms.TERM_MEMBERSHIPS_AT_MOST),
    ],
)
def test_no_more_rows_than_the_bound_are_built(formset, bound):
    """Whatever the form claims, the rows built are the bound's (Django's ``absolute_max``)."""
    claimed = formset(management("x", 2000), prefix="x")

    assert len(claimed.forms) == bound
    assert not claimed.is_valid()


def test_the_bounds_are_above_what_the_work_needs():
    # A steering group is a handful of people; a term's memberships, a council's seats and
    # substitutes (Vimmerby's council has 41 of each at most); a year has a few cost rows.
    assert forms.STEERING_GROUP_MEMBERS_AT_MOST >= 20
    assert forms.TERM_MEMBERSHIPS_AT_MOST >= 2 * 41
    assert forms.COST_ROWS_AT_MOST >= 100
    assert forms.VISIT_PARTICIPANTS_AT_MOST >= 100
