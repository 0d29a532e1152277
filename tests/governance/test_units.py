"""Units (#11): a school is a body under its administration; a project belongs to a unit
under its responsible body; who edits a project follows from the unit (governance/access.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from governance import access
from governance.models import Body, BodyKind
from projects import queries
from projects.models import Project
from tests import factories
from tests.staff import conftest as staff

bun_administration = staff.bun_administration
contributor = staff.contributor  # an official of BUN's administration
coordinator = staff.coordinator
frozen_today = staff.frozen_today
sodra = staff.sodra
vimar = staff.vimar
sodra_contributor = staff.sodra_contributor
vimar_contributor = staff.vimar_contributor
sodra_exchange = staff.sodra_exchange

pytestmark = pytest.mark.django_db


def test_a_unit_belongs_to_an_administration(bun):
    count = Body.objects.count()
    with pytest.raises(ValidationError) as refusal:
        Body.objects.create(name="Skola", short_name="S", slug="s", kind=BodyKind.UNIT, parent=bun)
    assert refusal.value.message_dict["parent"] == ["En enhet (en skola) hör till en förvaltning."]
    assert Body.objects.count() == count


def test_a_project_unit_lies_under_its_responsible_body(ks, bun, sodra):
    project = factories.ProjectFactory(responsible_body=ks, title="Före")
    project.unit = sodra
    project.title = "Efter"
    with pytest.raises(ValidationError) as refusal:
        project.save()
    assert refusal.value.message_dict["unit"] == [
        "Södra skolan arbetar inte under Kommunstyrelsen: välj en skola eller en förvaltning "
        "hos den ansvariga nämnden."
    ]
    project.refresh_from_db()
    assert (project.unit, project.title) == (None, "Före")


def test_the_unit_may_be_the_administration_itself(bun, bun_administration):
    project = factories.ProjectFactory(responsible_body=bun, unit=bun_administration)
    assert project.workplace == bun_administration


def test_a_unit_official_works_for_the_board_above(sodra_contributor, bun):
    assert access.work_bodies_of(sodra_contributor) == [bun]
    assert access.may_draft(sodra_contributor) is True


@pytest.fixture
def work(bun, ks, sodra, vimar, bun_administration):
    """One project of each kind of ownership."""
    return {
        "sodra": factories.ProjectFactory(responsible_body=bun, unit=sodra),
        "vimar": factories.ProjectFactory(responsible_body=bun, unit=vimar),
        "administration": factories.ProjectFactory(responsible_body=bun, unit=bun_administration),
        "no unit": factories.ProjectFactory(responsible_body=bun),
        "ks": factories.ProjectFactory(responsible_body=ks),
    }


@pytest.mark.parametrize(
    ("persona", "editable"),
    [
        ("coordinator", {"sodra", "vimar", "administration", "no unit", "ks"}),
        ("contributor", {"sodra", "vimar", "administration", "no unit"}),
        ("sodra_contributor", {"sodra"}),
        ("vimar_contributor", {"vimar"}),
    ],
)
def test_who_edits_which_work(request, work, persona, editable):
    """The coordinator edits all; an administration's official its work and its schools';
    a school's contributor only the school's own (#11). The list shows the same set."""
    user = request.getfixturevalue(persona)
    rights = access.rights_of(user)
    allowed = {name for name, project in work.items() if rights.may_edit_project(project)}
    assert allowed == editable
    listed = set(queries.projects_of(rights).values_list("pk", flat=True))
    assert listed == {work[name].pk for name in editable}


def test_a_contributor_of_another_school_follows_none_of_its_applications(
    sodra_exchange, sodra_contributor, vimar_contributor
):
    application = factories.ApplicationFactory(
        project=sodra_exchange,
        addressed_to=sodra_exchange.responsible_body,
        submitted_by=sodra_contributor.person,
    )
    assert access.may_edit_application(vimar_contributor, application) is False
    assert access.may_edit_application(sodra_contributor, application) is True
    other = access.rights_of(vimar_contributor)
    assert not queries.applications_of(other).filter(pk=application.pk).exists()


def test_an_ended_unit_membership_ends_the_right_the_next_day(sodra, sodra_exchange):
    user = staff.unit_contributor("slutat", sodra)
    membership = user.person.memberships.get()
    membership.ends_on = datetime.date(2026, 4, 14)
    membership.save()
    access.forget_rights(user)
    assert access.rights_of(user, datetime.date(2026, 4, 14)).may_edit_project(sodra_exchange)
    assert not access.may_edit_project(user, sodra_exchange)  # today is 2026-04-15
    assert Project.objects.filter(pk=sodra_exchange.pk).exists()
