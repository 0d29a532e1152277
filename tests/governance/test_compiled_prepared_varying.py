"""``governance.compiled.prepared_varying`` (#15): a statement whose ids change from one run to
the next (the API's related reads, ``website.api_rows._rows_of``) is prepared once per kept
connection with the ids as its parameters and the statement's other parameters written in;
each run then sends ``EXECUTE name(ids)`` and gets the rows a plain run gets. A value that is
not an integer, SQLite, or a connection not kept: the statement runs as it is."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from governance import compiled
from tests import factories

pytestmark = pytest.mark.django_db

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PREPARE and EXECUTE are PostgreSQL's"
)
# Two ids and a text of the statement's own, with quotes and a percent sign: "100%" of what
# the driver quotes must come back as written.
SQL = (
    "SELECT id, name FROM partners_place WHERE id IN (%s, %s) AND name NOT LIKE %s "
    "AND %s = '100%%' ORDER BY id"
)


def _run(token, ids, own="x';--"):
    params = [ids[0], ids[1], own, "100%"]
    with CaptureQueriesContext(connection) as captured, connection.cursor() as cursor:
        cursor.execute(*compiled.prepared_varying(connection, token, SQL, params, (0, 1)))
        rows = cursor.fetchall()
    return rows, [query["sql"] for query in captured]


def _plain(ids, own="x';--"):
    with connection.cursor() as cursor:
        cursor.execute(SQL, [ids[0], ids[1], own, "100%"])
        return cursor.fetchall()


@pytest.fixture
def places():
    return [factories.PlaceFactory(name=name) for name in ("Joniškis", "Lapua", "Kauhava")]


@postgresql
def test_prepared_once_with_the_ids_as_parameters_and_the_rows_of_a_plain_run(places):
    token = object()
    first_ids, other_ids = [places[0].pk, places[1].pk], [places[1].pk, places[2].pk]

    first, first_sql = _run(token, first_ids)
    other, other_sql = _run(token, other_ids)

    assert first == _plain(first_ids) and len(first) == 2
    assert other == _plain(other_ids) and [row[1] for row in other] == ["Lapua", "Kauhava"]
    assert len(first_sql) == len(other_sql) == 1  # the PREPARE is not one of the page's
    assert other_sql[0].startswith("EXECUTE intl_kept_")
    assert f"({other_ids[0]}, {other_ids[1]})" in other_sql[0]
    name = other_sql[0].split("(")[0].split()[1]
    assert first_sql[0].split("(")[0].split()[1] == name
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = %s", [name])
        (statement,) = cursor.fetchone()
    # The ids are its parameters, the rest written in as the driver quotes it.
    assert "IN ($1, $2)" in statement and "'x'';--'" in statement and "'100%'" in statement


@postgresql
def test_a_value_that_is_no_integer_runs_the_statement_as_it_is(places):
    sql, params = compiled.prepared_varying(
        connection, object(), SQL, ["1", places[0].pk, "x", "100%"], (0, 1)
    )
    assert (sql, params) == (SQL, ("1", places[0].pk, "x", "100%"))


@postgresql
@pytest.mark.parametrize(
    "setting", [{"PREPARED_STATEMENTS": False}, {"CONN_MAX_AGE": 0}], ids=["off", "not kept"]
)
def test_where_preparing_does_not_pay_the_statement_runs_as_it_is(places, setting):
    ids = [places[0].pk, places[1].pk]
    if "CONN_MAX_AGE" in setting:
        saved = connection.settings_dict["CONN_MAX_AGE"]
        connection.settings_dict["CONN_MAX_AGE"] = 0
    try:
        with override_settings(**{k: v for k, v in setting.items() if k != "CONN_MAX_AGE"}):
            rows, sql = _run(object(), ids)
    finally:
        if "CONN_MAX_AGE" in setting:
            connection.settings_dict["CONN_MAX_AGE"] = saved
    assert rows == _plain(ids)
    assert not sql[0].startswith("EXECUTE")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's")
def test_sqlite_runs_the_statement_as_it_is(places):
    sql, params = compiled.prepared_varying(
        connection, object(), SQL, [places[0].pk, places[1].pk, "x", "100%"], (0, 1)
    )
    assert sql == SQL and params[:2] == (places[0].pk, places[1].pk)


@postgresql
def test_the_project_apis_related_reads_are_prepared_and_answer_as_before(client, bun):
    """Each related read of the project API's page is an ``EXECUTE`` with the page's ids;
    ``tests/website/test_api_rows.py`` compares every row with the serializer's."""
    place = factories.PlaceFactory(name="Lapua", published=True)
    projects = []
    for number in range(3):
        project = factories.ProjectFactory(
            title=f"Utbyte {number}", responsible_body=bun, published=True
        )
        project.places.add(place)
        projects.append(project)
    client.get("/api/v1/projects/")  # compiled and prepared
    with CaptureQueriesContext(connection) as captured:
        answer = client.get("/api/v1/projects/").json()

    executed = [q["sql"] for q in captured if q["sql"].startswith("EXECUTE intl_kept_")]
    ids = sorted(project.pk for project in projects)
    # The seven related reads (places, relationships, bodies, objectives, participants,
    # funders, decisions), each with the page's three ids as its parameters.
    with_ids = [sql for sql in executed if sorted(_ids_of(sql)) == ids]
    assert len(with_ids) == 7, executed
    assert [row["places"] for row in answer["results"]] == [[place.slug]] * 3


def _ids_of(sql: str) -> list[int]:
    inside = sql.split("(", 1)[1].split(")", 1)[0]
    return [int(value) for value in inside.split(",") if value.strip().isdigit()]
