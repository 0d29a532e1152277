"""A place's page names the municipality's bodies and schools that work with it, and on
what (#14, S3: the strategy wants more administrations involved), from published work only."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from tests import factories
from tests.website.conftest import shared_world
from website.queries import involvement

# The public site's world, written once for the module's tests (tests/website/conftest.py).
SHARED_WORLD = True
pytestmark = [pytest.mark.django_db, shared_world]


def _section(html):
    return html.split('id="who-heading"')[1].split("</section>")[0]


def test_the_responsible_body_its_school_and_the_cooperating_body_are_named(client, world):
    world.project.school = "Vimarskolan"
    world.project.save()

    html = client.get(reverse("website:place-detail", args=["joniskis"])).content.decode()

    section = _section(html)
    assert (
        "Barn- och utbildningsnämnden" in section or world.project.responsible_body.name in section
    )
    assert "(Vimarskolan)" in section
    assert "Kommunstyrelsen" in section and "samarbetar i" in section
    assert 'href="/projekt/skolutbyte-joniskis/">Skolutbyte med Joniškis</a>' in section


def test_in_english_the_section_says_who_works_with_the_place(client, world):
    with override("en"):
        url = reverse("website:place-detail", args=["joniskis"])
    html = client.get(url).content.decode()

    assert "works with Joniškis" in html
    assert "cooperating in" in _section(html)


def test_unpublished_work_is_not_counted(client, world, bun):
    hidden = factories.ProjectFactory(
        title="Hemligt utbyte", slug="hemligt", responsible_body=bun, published=False
    )
    hidden.places.add(world.joniskis)

    html = client.get(reverse("website:place-detail", args=["joniskis"])).content.decode()

    assert "Hemligt utbyte" not in html


def test_a_place_without_published_work_has_no_such_section(client, world):
    html = client.get(reverse("website:place-detail", args=["skaerbaek"])).content.decode()

    assert 'id="who-heading"' not in html


def test_grouping_needs_no_query(world, django_assert_num_queries):
    project = world.project
    project.public_cooperating_bodies = []
    with django_assert_num_queries(0):
        (entry,) = involvement([project, project])
    assert entry.projects == [project, project]
