"""The fuzz tests' own judges can fail: a saved row, an English message, a 500 are caught."""

import pytest
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.fuzz.integrity import assert_sound, changed_tables, snapshot, untranslated


def test_snapshot_notices_a_saved_row(db):
    before = snapshot()

    factories.BodyFactory()

    assert [line.split(":")[0] for line in changed_tables(before, snapshot())] == [
        "governance_body",
        "governance_historicalbody",
    ]


def test_snapshot_prepared_once_answers_as_the_statement_after_writes_and_a_rollback(db):
    """On PostgreSQL the snapshot is a statement prepared once per connection (#15): it must
    answer what the statement itself answers, after rows are written and after a rollback
    (which does not take a prepared statement back), not what it answered when prepared."""
    from django.db import connection, transaction

    from tests.fuzz.integrity import _snapshot_sql, counted_models

    def direct():
        with connection.cursor() as cursor:
            cursor.execute(_snapshot_sql(tuple(counted_models())))
            row = cursor.fetchone()
        return {model: (row[2 * i], row[2 * i + 1]) for i, model in enumerate(counted_models())}

    first = snapshot()
    assert first == direct()
    with transaction.atomic():
        factories.BodyFactory()
        inside = snapshot()
        assert inside == direct()
        transaction.set_rollback(True)
    assert [line.split(":")[0] for line in changed_tables(first, inside)] == [
        "governance_body",
        "governance_historicalbody",
    ]
    assert snapshot() == first

    factories.PlaceFactory()

    after = snapshot()
    assert after == direct()
    assert "partners_place" in [line.split(":")[0] for line in changed_tables(first, after)]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's counters of a transaction's writes"
)
def test_snapshot_counts_again_only_after_a_write(db):
    """On PostgreSQL a snapshot counts the tables again only when the transaction has written a
    row of them since the last one (#15): one small query otherwise. A write in a savepoint
    rolled back, an update that changes a key, a delete are each noticed, and the counts then
    are the tables' own."""
    from django.db import transaction

    body = factories.BodyFactory()
    first = snapshot()

    with CaptureQueriesContext(connection) as queries:
        again = snapshot()
    assert again == first
    assert len(queries) == 1, [query["sql"][:80] for query in queries]

    with transaction.atomic():
        factories.PlaceFactory()
        transaction.set_rollback(True)
    with CaptureQueriesContext(connection) as queries:
        assert snapshot() == first
    assert len(queries) == 2  # counted again: the rolled-back insert was a write

    with connection.cursor() as cursor:
        cursor.execute("UPDATE governance_body SET id = id + 1000 WHERE id = %s", [body.pk])
    moved = snapshot()
    assert moved[type(body)] == (first[type(body)][0], body.pk + 1000)

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM governance_body WHERE id = %s", [body.pk + 1000])
    assert snapshot()[type(body)][0] == first[type(body)][0] - 1


def test_untranslated_finds_an_english_message_but_not_the_echoed_input():
    texts = ["This field is required.", "Välj ett giltigt alternativ. the value är inte ett av"]

    assert untranslated(texts, {"kind": ["the value"]}) == ["This field is required."]


def test_assert_sound_fails_on_a_server_error(db):
    state = snapshot()

    with pytest.raises(AssertionError, match="boom"):
        assert_sound(HttpResponseServerError("boom"), url="/", sent={}, before=state, after=state)


def test_assert_sound_fails_on_a_refusal_that_says_nothing(db):
    state = snapshot()
    page = HttpResponse("<html><body><form></form></body></html>", content_type="text/html")

    with pytest.raises(AssertionError, match="without saying what is wrong"):
        assert_sound(page, url="/", sent={}, before=state, after=state)
