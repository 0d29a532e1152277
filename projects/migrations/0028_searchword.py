"""The words of the published search documents (#14, #15): what a misspelt search is
corrected against.

``SearchWord`` holds each distinct folded word of the published documents' texts and how many
published documents hold it. On PostgreSQL a trigram index of the words still counted serves
the correction; the words are counted here from the documents and their entries (the same
count as ``projects.search.rebuild``), and the trigram index of every document's folded
names, which the misspelt search read before, goes. SQLite gets the table empty: its search
has no correction.

Reversible: backwards the documents' trigram index comes back and the table goes.
"""

from django.db import migrations, models

# The same statement as ``projects.search.WORDS_COUNTED`` (a migration keeps its own copy).
WORDS_COUNTED = (
    "INSERT INTO projects_searchword (word, documents) "
    "SELECT w.word, count(*) FROM projects_searchdocument d "
    "JOIN projects_searchentry e ON e.project_id = d.project_id AND e.published "
    "CROSS JOIN LATERAL (SELECT DISTINCT x AS word "
    "FROM regexp_split_to_table(btrim(d.folded), ' ') x WHERE x <> '') w "
    "GROUP BY w.word"
)
FORWARD = [
    WORDS_COUNTED,
    "CREATE INDEX projects_searchword_trgm ON projects_searchword "
    "USING gin (word gin_trgm_ops) WHERE documents > 0",
    # The trigrams of every document's folded names, which the misspelt search read before.
    "DROP INDEX IF EXISTS projects_searchdocument_trgm",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS projects_searchdocument_trgm ON projects_searchdocument "
    "USING gin (folded_names gin_trgm_ops)",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0027_project_total"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
                ("documents", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
