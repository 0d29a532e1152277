"""The number of approved works not yet published kept by the database beside the numbers of
projects and published projects (#15): the dashboard's and the start page's "approved, not
yet published" count it (``queries.awaiting_publication``).

Counting them was an index-only scan of every such row (25,000 at 100,000 projects, 2.8 ms of
PostgreSQL on every load of the dashboard). ``projects_project_total`` gets a third column,
``unpublished_approved``, the rows that are not published and whose status is approved,
ongoing or completed (``Project.objects.unpublished_approved``, ``APPROVED_STATUSES`` below,
which a test holds equal to ``predicates.APPROVED_STATUSES``), kept by the same triggers in
the same transaction as the rows: an insert adds its rows of the kind, a delete takes them
off, an update moves the number by the rows it brought in less those it took out (written
only when the published number or this one moves). Reversible: the column goes and the
triggers of migration 0029 come back as they were.
"""

from django.db import migrations

# ``predicates.APPROVED_STATUSES`` as this migration counts them (frozen: a migration must
# not change with the code; tests/projects/test_project_total.py holds the two equal).
APPROVED_STATUSES = ("approved", "ongoing", "completed")
_IN = ", ".join(f"'{status}'" for status in APPROVED_STATUSES)
# The row is counted: ``unpublished_approved`` of the projects' queryset, in SQL.
COUNTED = f"(NOT published AND status IN ({_IN}))"

COLUMN = [
    "ALTER TABLE projects_project_total "
    "ADD COLUMN unpublished_approved bigint NOT NULL DEFAULT 0",
    "UPDATE projects_project_total SET unpublished_approved = "
    f"(SELECT COUNT(*) FROM projects_project WHERE {COUNTED})",
]

# Migration 0029's functions, which the backward migration restores.
ADDED_0029 = """CREATE OR REPLACE FUNCTION projects_project_total_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = projects + (SELECT COUNT(*) FROM added),
        published = published + (SELECT COUNT(*) FROM added WHERE published);
    RETURN NULL;
END $$"""
REMOVED_0029 = """CREATE OR REPLACE FUNCTION projects_project_total_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = projects - (SELECT COUNT(*) FROM removed),
        published = published - (SELECT COUNT(*) FROM removed WHERE published);
    RETURN NULL;
END $$"""
EMPTIED_0029 = """CREATE OR REPLACE FUNCTION projects_project_total_emptied() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = 0, published = 0;
    RETURN NULL;
END $$"""
CHANGED_0029 = """CREATE OR REPLACE FUNCTION projects_project_total_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    moved bigint := (SELECT COUNT(*) FROM changed_to WHERE published)
        - (SELECT COUNT(*) FROM changed_from WHERE published);
BEGIN
    IF moved <> 0 THEN
        UPDATE projects_project_total SET published = published + moved;
    END IF;
    RETURN NULL;
END $$"""

POSTGRESQL = [
    *COLUMN,
    f"""CREATE OR REPLACE FUNCTION projects_project_total_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = projects + (SELECT COUNT(*) FROM added),
        published = published + (SELECT COUNT(*) FROM added WHERE published),
        unpublished_approved = unpublished_approved
            + (SELECT COUNT(*) FROM added WHERE {COUNTED});
    RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION projects_project_total_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = projects - (SELECT COUNT(*) FROM removed),
        published = published - (SELECT COUNT(*) FROM removed WHERE published),
        unpublished_approved = unpublished_approved
            - (SELECT COUNT(*) FROM removed WHERE {COUNTED});
    RETURN NULL;
END $$""",
    """CREATE OR REPLACE FUNCTION projects_project_total_emptied() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE projects_project_total SET projects = 0, published = 0, unpublished_approved = 0;
    RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION projects_project_total_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    moved bigint;
    moved_unpublished bigint;
BEGIN
    SELECT COALESCE(SUM(CASE WHEN published THEN side END), 0),
           COALESCE(SUM(CASE WHEN {COUNTED} THEN side END), 0)
      INTO moved, moved_unpublished
      FROM (SELECT published, status, 1 AS side FROM changed_to
            UNION ALL SELECT published, status, -1 FROM changed_from) AS sides;
    IF moved <> 0 OR moved_unpublished <> 0 THEN
        UPDATE projects_project_total SET published = published + moved,
            unpublished_approved = unpublished_approved + moved_unpublished;
    END IF;
    RETURN NULL;
END $$""",
]
POSTGRESQL_BACKWARD = [
    ADDED_0029,
    REMOVED_0029,
    EMPTIED_0029,
    CHANGED_0029,
    "ALTER TABLE projects_project_total DROP COLUMN unpublished_approved",
]

# SQLite: once a row; the booleans are 0 and 1.
SQLITE_COUNTED_NEW = f"(NEW.published = 0 AND NEW.status IN ({_IN}))"
SQLITE_COUNTED_OLD = f"(OLD.published = 0 AND OLD.status IN ({_IN}))"
SQLITE_0029 = [
    "CREATE TRIGGER projects_project_total_added AFTER INSERT ON projects_project "
    "BEGIN UPDATE projects_project_total SET projects = projects + 1, "
    "published = published + (NEW.published <> 0); END",
    "CREATE TRIGGER projects_project_total_removed AFTER DELETE ON projects_project "
    "BEGIN UPDATE projects_project_total SET projects = projects - 1, "
    "published = published - (OLD.published <> 0); END",
]
SQLITE = [
    *COLUMN,
    "DROP TRIGGER projects_project_total_added",
    "DROP TRIGGER projects_project_total_removed",
    "CREATE TRIGGER projects_project_total_added AFTER INSERT ON projects_project "
    "BEGIN UPDATE projects_project_total SET projects = projects + 1, "
    "published = published + (NEW.published <> 0), "
    f"unpublished_approved = unpublished_approved + {SQLITE_COUNTED_NEW}; END",
    "CREATE TRIGGER projects_project_total_removed AFTER DELETE ON projects_project "
    "BEGIN UPDATE projects_project_total SET projects = projects - 1, "
    "published = published - (OLD.published <> 0), "
    f"unpublished_approved = unpublished_approved - {SQLITE_COUNTED_OLD}; END",
    # Migration 0029's trigger keeps the published number; this one the approved unpublished.
    "CREATE TRIGGER projects_project_total_unpublished AFTER UPDATE OF published, status "
    f"ON projects_project WHEN {SQLITE_COUNTED_OLD} <> {SQLITE_COUNTED_NEW} "
    "BEGIN UPDATE projects_project_total SET unpublished_approved = unpublished_approved "
    f"+ {SQLITE_COUNTED_NEW} - {SQLITE_COUNTED_OLD}; END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER projects_project_total_unpublished",
    "DROP TRIGGER projects_project_total_added",
    "DROP TRIGGER projects_project_total_removed",
    *SQLITE_0029,
    "ALTER TABLE projects_project_total DROP COLUMN unpublished_approved",
]


def run(postgresql, sqlite):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in postgresql if vendor == "postgresql" else sqlite:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0029_project_total_published"),
    ]

    operations = [
        migrations.RunPython(
            run(POSTGRESQL, SQLITE), run(POSTGRESQL_BACKWARD, SQLITE_BACKWARD), elidable=False
        ),
    ]
