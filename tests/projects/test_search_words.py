"""The words a misspelt search is corrected against (#14, #15; migration projects 0027).

``SearchWord`` counts each folded word of the published search documents. It must follow
publishing, withdrawing, an edit, a place's change and deletion in the change's transaction,
and agree with a rebuild; a word of unpublished work only is never counted, so a misspelt
search never finds its way to it. A misspelt search is corrected to the published words most
like its words and searched with them. PostgreSQL's (SQLite has no correction).
"""

import pytest
from django.db import connection
from django.urls import reverse

from projects import search
from projects.models import Project, SearchWord
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the correction of misspellings is PostgreSQL's"
    ),
]


def _counted() -> dict[str, int]:
    return dict(SearchWord.objects.filter(documents__gt=0).values_list("word", "documents"))


def _found(text) -> list[str]:
    return [p.slug for p in search.search(Project.objects.published(), text)]


@pytest.fixture
def exchange(bun):
    return factories.ProjectFactory(
        title="Skolutbyte med Kauhava", slug="skolutbyte-kauhava", responsible_body=bun
    )


def test_unpublished_work_counts_no_word(exchange):
    assert "kauhava" not in _counted()
    assert _found("Kauhawa") == []  # misspelt: no published word like it


def test_the_words_follow_publishing_and_withdrawing(exchange):
    exchange.published = True
    exchange.save()
    assert _counted()["kauhava"] == 1
    assert _found("Kauhawa") == ["skolutbyte-kauhava"]

    exchange.published = False
    exchange.save()
    assert "kauhava" not in _counted()
    assert _found("Kauhawa") == []


def test_a_word_is_counted_once_per_published_document(bun, exchange):
    exchange.published = True
    exchange.save()
    factories.ProjectFactory(
        title="Kauhava och Kauhava igen", slug="kauhava-2", responsible_body=bun, published=True
    )
    assert _counted()["kauhava"] == 2
    assert sorted(_found("Kauhawa")) == ["kauhava-2", "skolutbyte-kauhava"]


def test_the_words_follow_an_edit_a_place_and_a_delete(bun, exchange):
    exchange.published = True
    exchange.save()
    exchange.title = exchange.title_sv = "Skolutbyte med Seinäjoki"
    exchange.save()
    counted = _counted()
    assert "kauhava" not in counted and counted["seinajoki"] == 1

    place = factories.PlaceFactory(name="Joniškis", slug="joniskis", published=True)
    exchange.places.add(place)
    assert _counted()["joniskis"] == 1
    place.name = "Joniskio"
    place.save()
    assert "joniskis" not in _counted() and _counted()["joniskio"] == 1

    exchange.delete()
    assert not {"seinajoki", "joniskio", "skolutbyte"} & set(_counted())


def test_the_rebuild_counts_the_same(bun, exchange):
    exchange.published = True
    exchange.save()
    factories.ProjectFactory(title="Klimatarbete i skolan", responsible_body=bun, published=True)
    factories.ProjectFactory(title="Hemligt klimatarbete", responsible_body=bun)
    kept = _counted()

    SearchWord.objects.all().delete()
    search.rebuild()

    assert _counted() == kept
    assert "hemligt" not in kept and kept["klimatarbete"] == 1


def test_a_misspelling_is_searched_with_the_words_most_like_it(client, bun, exchange):
    exchange.published = True
    exchange.save()
    factories.ProjectFactory(
        title="Klimatarbete i skolan", slug="klimat", responsible_body=bun, published=True
    )

    assert _found("Klimatarbte") == ["klimat"]
    assert _found("skolutbyt Kauhawa") == ["skolutbyte-kauhava"]  # every word corrected
    assert _found("Kauhawa Zzyzxq") == []  # a word like none: nothing found

    page = client.get(reverse("website:project-list"), {"q": "Kauhawa"}).text
    assert "Skolutbyte med <mark>Kauhava</mark>" in page
