"""A GIN index for the public project search, on PostgreSQL only (#15).

``website.filters.search_projects`` matches the projects' Swedish and English titles and
summaries as one weighted ``tsvector``; without an index PostgreSQL computed it for every
published project of every search (5 s at 100,000 projects on the bench machine). The
expression below is the one Django writes for that search, character for character, so the
planner can use the index; ``tests/website/test_search_index.py`` proves it does. SQLite
searches with ``LIKE`` and gets no index.
"""

from django.db import migrations

INDEX = "projects_project_search_gin"
VECTOR = (
    "((setweight(to_tsvector('swedish'::regconfig, COALESCE(\"title_sv\", '')), 'A')"
    " || setweight(to_tsvector('swedish'::regconfig, COALESCE(\"summary_sv\", '')), 'B'))"
    " || (setweight(to_tsvector('english'::regconfig, COALESCE(\"title_en\", '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE(\"summary_en\", '')), 'B')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON projects_project USING gin ({VECTOR})"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_public_list_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
