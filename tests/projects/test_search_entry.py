"""The search's narrow entries follow their projects (#14, #15; migration projects 0020).

A project's ``SearchEntry`` holds its id, a copy of ``published`` and the two vectors that
the public search counts and ranks. It must follow publishing, withdrawing, an edit of the
project or of its parts, and deletion, on every path that keeps the document; the rebuild
and ``migrate`` write missing ones. Works on SQLite and PostgreSQL (where the vectors are
filled from the document by a trigger).
"""

import pytest
from django.core.management import call_command
from django.db import connection

from projects import search
from projects.models import Project, SearchEntry
from tests import factories

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the vectors are PostgreSQL's"
)


@pytest.fixture
def exchange(bun):
    return factories.ProjectFactory(
        title="Skolutbyte med Kauhava", slug="skolutbyte-kauhava", responsible_body=bun
    )


def _entry(project) -> SearchEntry:
    return SearchEntry.objects.get(project=project)


def _found(text) -> list[str]:
    return [p.slug for p in search.search(Project.objects.published(), text)]


def test_a_new_project_has_its_entry_unpublished(exchange):
    assert _entry(exchange).published is False
    assert _found("Kauhava") == []


def test_the_entry_follows_publishing_and_withdrawing(exchange):
    exchange.published = True
    exchange.save()
    assert _entry(exchange).published is True
    assert _found("Kauhava") == ["skolutbyte-kauhava"]

    # Withdrawn from the public pages: the record stays, the search no longer finds it.
    exchange.published = False
    exchange.save()
    assert _entry(exchange).published is False
    assert _found("Kauhava") == []
    assert Project.objects.filter(pk=exchange.pk).exists()


def test_the_entry_follows_an_edit_of_the_project_and_its_places(exchange):
    exchange.published = True
    exchange.save()
    exchange.title = "Elevutbyte med Joniškis"
    exchange.save()
    assert _found("Joniskis") == ["skolutbyte-kauhava"]
    assert _found("Kauhava") == []

    place = factories.PlaceFactory(name="Kaunas", country="LT", published=True)
    exchange.places.add(place)
    assert _found("Kaunas") == ["skolutbyte-kauhava"]
    place.name = "Kėdainiai"
    place.save()
    assert _found("Kedainiai") == ["skolutbyte-kauhava"]


def test_a_deleted_project_takes_its_entry_with_it(exchange):
    pk = exchange.pk
    exchange.delete()

    assert not SearchEntry.objects.filter(project_id=pk).exists()


@ON_POSTGRESQL
def test_the_vectors_are_the_documents(exchange):
    entry = SearchEntry.objects.filter(project=exchange).values("vector_sv", "vector_en")[0]

    assert "kauhav" in entry["vector_sv"] and "'skolutbyt':1A" in entry["vector_sv"]
    assert "kauhava" in entry["vector_en"]


def test_rebuild_and_migrate_write_missing_entries(exchange):
    Project.objects.filter(pk=exchange.pk).update(published=True)  # no signal
    SearchEntry.objects.all().delete()

    assert search.write_missing() == 1
    assert _entry(exchange).published is True

    Project.objects.filter(pk=exchange.pk).update(published=False)
    call_command("rebuild_search")
    assert _entry(exchange).published is False
