"""The words a misspelt search is corrected against (#14, #15; migration projects 0028).

``SearchWord`` counts each folded word of the published search documents. It must follow
publishing, withdrawing, an edit, a place's change and deletion in the change's transaction,
and agree with a rebuild; a word of unpublished work only is never counted, so a misspelt
search never finds its way to it. A misspelt search is corrected to the published words most
like its words and searched with them. PostgreSQL's (SQLite has no correction).
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
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


@pytest.mark.django_db(transaction=True)
def test_a_change_of_the_words_holds_their_lock_to_its_commit(exchange):
    """One change of the counts at a time (``search.WORDS_LOCK``): taken before the counts are
    read and held until the change's transaction ends, so that two changes never move a count
    from the same stored document twice nor lock the words in opposite orders (#15)."""

    def held() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND pid = pg_backend_pid() AND objid = %s",
                [search.WORDS_LOCK % 2**32],
            )
            return cursor.fetchone()[0] > 0

    assert not held()
    with transaction.atomic():
        exchange.published = True
        exchange.save()
        assert held()
    assert not held()
    assert _counted()["kauhava"] == 1


def test_the_daily_purge_deletes_the_words_no_published_text_holds(exchange):
    """A name taken out of a published text is not kept among the words either: its count
    falls to 0 at once (never suggested) and ``purge_personal_data`` deletes the row (#15)."""
    exchange.published = True
    exchange.save()
    exchange.title = "Skolutbyte med"
    exchange.save()
    assert SearchWord.objects.get(word="kauhava").documents == 0
    assert _found("Kauhawa") == []

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)

    assert "Search words no published text holds deleted: 1" in out.getvalue()
    assert not SearchWord.objects.filter(word="kauhava").exists()
    assert _counted()["skolutbyte"] == 1
