"""The public site's world written once for a module's tests (tests/website/conftest.py, #15):
every test sees it as written, whatever an earlier test of the module changed in the
database or on the objects, and the tests of one process share its rows."""

import pytest

from projects.models import Project
from tests import factories
from tests.website.conftest import shared_world

SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]

TITLE = "Skolutbyte med Joniškis"
#: The world's project as each test of this process found it.
SEEN = []


@pytest.mark.parametrize("turn", range(4))
def test_every_test_sees_the_world_as_written(world, kf, bun, turn):
    stored = Project.objects.get(pk=world.project.pk)
    assert stored.title == world.project.title == TITLE
    assert not Project.objects.filter(title__startswith="Ändrat")
    assert world.kf is kf and world.bun is bun and world.project.responsible_body_id == bun.pk
    SEEN.append(world.project.pk)
    assert len(set(SEEN)) == 1  # the same rows, not written again for this test

    world.project.title = f"Ändrat {turn}"
    world.project.save()
    factories.ProjectFactory(title=f"Ändrat nytt {turn}", responsible_body=bun)
    kf.name = "Ändrat"
