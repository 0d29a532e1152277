"""The number of projects kept by the database (#15): the admin's project list shows it.

Counting 100,000 projects took a fifth of the admin list's time, on every load. The table
``projects_project_total`` holds the number in one row, written by triggers on the projects
table in the same transaction as the rows: it is exact, as ``COUNT(*)`` is, for every reader.
On PostgreSQL the triggers run once a statement (a bulk insert adds its rows at once) and a
TRUNCATE empties it; on SQLite once a row. Reversible: the triggers and the table go.
"""

from django.db import migrations

TABLE = [
    "CREATE TABLE projects_project_total "
    "(id integer PRIMARY KEY CHECK (id = 1), projects bigint NOT NULL)",
    "INSERT INTO projects_project_total (id, projects) SELECT 1, COUNT(*) FROM projects_project",
]

POSTGRESQL = [
    *TABLE,
    """CREATE FUNCTION projects_project_total_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = projects + (SELECT COUNT(*) FROM added);
    RETURN NULL;
END $$""",
    """CREATE FUNCTION projects_project_total_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = projects - (SELECT COUNT(*) FROM removed);
    RETURN NULL;
END $$""",
    """CREATE FUNCTION projects_project_total_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = 0;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER projects_project_total_added AFTER INSERT ON projects_project "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
    "EXECUTE FUNCTION projects_project_total_added()",
    "CREATE TRIGGER projects_project_total_removed AFTER DELETE ON projects_project "
    "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT "
    "EXECUTE FUNCTION projects_project_total_removed()",
    "CREATE TRIGGER projects_project_total_emptied AFTER TRUNCATE ON projects_project "
    "FOR EACH STATEMENT EXECUTE FUNCTION projects_project_total_emptied()",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER projects_project_total_added ON projects_project",
    "DROP TRIGGER projects_project_total_removed ON projects_project",
    "DROP TRIGGER projects_project_total_emptied ON projects_project",
    "DROP FUNCTION projects_project_total_added()",
    "DROP FUNCTION projects_project_total_removed()",
    "DROP FUNCTION projects_project_total_emptied()",
    "DROP TABLE projects_project_total",
]

SQLITE = [
    *TABLE,
    "CREATE TRIGGER projects_project_total_added AFTER INSERT ON projects_project "
    "BEGIN UPDATE projects_project_total SET projects = projects + 1; END",
    "CREATE TRIGGER projects_project_total_removed AFTER DELETE ON projects_project "
    "BEGIN UPDATE projects_project_total SET projects = projects - 1; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER projects_project_total_added",
    "DROP TRIGGER projects_project_total_removed",
    "DROP TABLE projects_project_total",
]


def run(postgresql, sqlite):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in postgresql if vendor == "postgresql" else sqlite:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0026_dashboard_indexes_will_apply_check_due_cost_year"),
    ]

    operations = [
        migrations.RunPython(
            run(POSTGRESQL, SQLITE), run(POSTGRESQL_BACKWARD, SQLITE_BACKWARD), elidable=False
        ),
    ]
