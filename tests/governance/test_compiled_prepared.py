"""``governance.compiled.rows`` prepares its statements on PostgreSQL (#15): ``PREPARE`` once
per kept connection with the statement's own parameters written in, ``EXECUTE`` by name after,
and the rows are the ORM's: after a rollback, on a new connection, after the table changes,
past the most statements one connection keeps, and for text that needs quoting. Where it does
not pay (SQLite, connections not kept, ``PREPARED_STATEMENTS`` off) the statement runs as
it is."""

import psycopg2
import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from governance import compiled
from partners.models import Place
from tests import factories

pytestmark = pytest.mark.django_db

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PREPARE and EXECUTE are PostgreSQL's"
)


def _places(name):
    return Place.objects.filter(name__startswith=name).order_by("pk")


def _run(key, name):
    with CaptureQueriesContext(connection) as captured:
        found = compiled.rows(key, _places, name)
    return [place.pk for place in found], [query["sql"] for query in captured]


def _name(sql: str) -> str:
    return sql.split()[1]


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def places():
    return [
        factories.PlaceFactory(name="Joniškis"),
        factories.PlaceFactory(name="Jon's 'quoted' place; DROP TABLE x --"),
        factories.PlaceFactory(name="Lapua"),
    ]


@postgresql
def test_prepared_once_then_executed_by_name_with_the_orms_rows(places):
    orm = [place.pk for place in _places("Jon")]
    assert len(orm) == 2

    first, first_sql = _run("test-prepared", "Jon")
    again, again_sql = _run("test-prepared", "Jon")

    assert first == again == orm
    # One query each time, as the page's count has it: the PREPARE is not one of them.
    assert len(first_sql) == len(again_sql) == 1
    assert again_sql[0].startswith("EXECUTE intl_kept_")
    assert _name(again_sql[0]) in _prepared_names()
    # The statement follows as a comment, for the logs (and no comment inside it).
    assert again_sql[0].endswith(" */") and '"partners_place"."name"' in again_sql[0]


@postgresql
def test_where_no_one_records_the_queries_the_name_alone_is_sent(places):
    compiled.rows("test-prepared-name-alone", _places, "Lap")
    sent = []

    def record(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        found = compiled.rows("test-prepared-name-alone", _places, "Lap")
    assert [place.pk for place in found] == [places[2].pk]
    assert len(sent) == 1 and sent[0].startswith("EXECUTE intl_kept_") and " " not in sent[0][8:]


@postgresql
def test_text_that_needs_quoting_is_written_in_as_the_driver_quotes_it(places):
    quoted = "Jon's 'quoted' place; DROP TABLE x --"
    found, sql = _run("test-prepared-quoted", quoted)
    assert found == [places[1].pk]
    assert sql[0].startswith("EXECUTE ")
    assert Place.objects.count() == 3


@postgresql
def test_a_comment_in_the_statement_cannot_end_or_nest_the_one_after_execute(places):
    def commented(name):
        return Place.objects.extra(where=["/* a comment */ name LIKE %s"], params=[name + "%"])

    compiled.rows("test-prepared-comment", commented, "Lap")
    with CaptureQueriesContext(connection) as captured:
        found = compiled.rows("test-prepared-comment", commented, "Lap")
    assert [place.pk for place in found] == [places[2].pk]
    assert captured[0]["sql"].count("*/") == 1


@postgresql
def test_a_rollback_keeps_the_prepared_statement(places):
    with transaction.atomic():
        sid = transaction.savepoint()
        first, _ = _run("test-prepared-rollback", "Lap")
        transaction.savepoint_rollback(sid)
    again, sql = _run("test-prepared-rollback", "Lap")
    assert first == again == [places[2].pk]
    assert sql[0].startswith("EXECUTE ")


@postgresql
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again():
    lapua = factories.PlaceFactory(name="Lapua")
    _run("test-prepared-new-connection", "Lap")
    connection.close()
    found, sql = _run("test-prepared-new-connection", "Lap")
    assert found == [lapua.pk]
    assert _name(sql[0]) in _prepared_names()


@postgresql
@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_that_died_is_replaced_before_the_statement_is_prepared():
    lapua = factories.PlaceFactory(name="Lapua")
    _run("test-prepared-died", "Lap")
    pid = connection.connection.get_backend_pid()
    other = psycopg2.connect(**connection.get_connection_params())
    with other, other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    connection.health_check_done = False  # as at the start of the next request
    found, sql = _run("test-prepared-died", "Lap")
    assert found == [lapua.pk]
    assert _name(sql[0]) in _prepared_names()


@postgresql
def test_a_changed_table_is_planned_again(places):
    _run("test-prepared-altered", "Jon")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE partners_place ADD COLUMN prepared_test integer")
        cursor.execute("CREATE INDEX prepared_test_idx ON partners_place (prepared_test)")
    found, _ = _run("test-prepared-altered", "Jon")
    assert found == [places[0].pk, places[1].pk]


@postgresql
def test_past_the_most_one_connection_keeps_they_are_deallocated(places, monkeypatch):
    monkeypatch.setattr(compiled, "_PREPARED_MAX", 2)
    for prefix in ("J", "L", "Jo"):
        _run(f"test-prepared-most-{prefix}", prefix)
    ours = {name for name in _prepared_names() if name.startswith("intl_kept_")}
    assert len(ours) <= 2
    # Every one of them still answers, prepared again where it was let go.
    for prefix, expected in (("J", 2), ("L", 1), ("Jo", 2)):
        found, sql = _run(f"test-prepared-most-{prefix}", prefix)
        assert len(found) == expected
        assert sql[0].startswith("EXECUTE ")


@pytest.mark.parametrize(
    "setting", [{"PREPARED_STATEMENTS": False}, {"CONN_MAX_AGE": 0}], ids=["off", "not-kept"]
)
def test_where_preparing_does_not_pay_the_statement_runs_as_it_is(places, setting):
    if "CONN_MAX_AGE" in setting:
        kept = connection.settings_dict["CONN_MAX_AGE"]
        connection.settings_dict["CONN_MAX_AGE"] = 0
        try:
            found, sql = _run("test-prepared-not-kept", "Lap")
        finally:
            connection.settings_dict["CONN_MAX_AGE"] = kept
    else:
        with override_settings(**setting):
            found, sql = _run("test-prepared-off", "Lap")
    assert found == [places[2].pk]
    assert sql[0].lstrip("(").startswith("SELECT")


def test_sqlite_runs_the_statement_as_it_is(places):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's path")
    found, sql = _run("test-prepared-sqlite", "Jon")
    assert found == [places[0].pk, places[1].pk]
    assert sql[0].startswith("SELECT")


@postgresql
def test_the_project_lists_choices_are_prepared_and_the_same(client, places):
    """``website.filters.choice_records``: its one statement, fixed per process, runs
    prepared (``compiled.prepared``), and reads the same records as run as it is."""
    from django.core.cache import cache

    from website.filters import ProjectFilter, choice_records

    published = factories.PlaceFactory(name="Ämtervik", published=True)

    def read():
        found = choice_records(ProjectFilter)
        return {name: [r.pk for r in rows] for name, rows in found.items()}, found.years

    with override_settings(PREPARED_STATEMENTS=False):
        as_it_is = read()
    assert as_it_is == read() == read()
    assert as_it_is[0]["place"] == [published.pk]
    for _ in range(2):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/projekt/", {"kind": "school_exchange"})
    assert response.status_code == 200
    choices = [q["sql"] for q in captured if "choice_part" in q["sql"]]
    assert len(choices) == 1 and choices[0].startswith("EXECUTE intl_kept_")
