"""The search's narrow entries (#14, #15): the full-text vectors leave the wide documents.

A ``SearchEntry`` holds a project's id, a copy of its ``published`` and the two weighted
vectors, nothing else. On PostgreSQL the vectors are computed by a trigger on the entry from
its document's texts, and the GIN indexes cover published entries alone (partial indexes),
so a search's count and ranking read neither the wide texts nor the projects table. The
entries are back-filled here from the documents and their projects (the vectors copied as
they are); the documents' own vectors, their trigger and their indexes are dropped. The
trigram index of the documents' folded names stays. SQLite gets the table without vectors.

Reversible: backwards the documents get their vectors, trigger and indexes again (the vectors
written again from the texts) and the entries go.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

WEIGHTS = (("heading", "A"), ("names", "B"), ("body", "C"))
CONFIGURATIONS = (("sv", "vimmerby_swedish"), ("en", "vimmerby_english"))


def _vector(language, configuration, row):
    return " || ".join(
        f"setweight(to_tsvector('{configuration}', coalesce({row}.{part}_{language}, '')), '{w}')"
        for part, w in WEIGHTS
    )


ENTRY_FUNCTION = f"""CREATE FUNCTION projects_searchentry_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT {_vector("sv", "vimmerby_swedish", "d")}, {_vector("en", "vimmerby_english", "d")}
      INTO NEW.vector_sv, NEW.vector_en
      FROM projects_searchdocument d WHERE d.project_id = NEW.project_id;
    RETURN NEW;
END $$"""

ENTRIES_FORWARD = [
    # The back-fill copies the documents' vectors: no text is parsed again.
    "INSERT INTO projects_searchentry (project_id, published, vector_sv, vector_en) "
    "SELECT d.project_id, p.published, d.vector_sv, d.vector_en "
    "FROM projects_searchdocument d JOIN projects_project p ON p.id = d.project_id",
    ENTRY_FUNCTION,
    "CREATE TRIGGER projects_searchentry_vectors BEFORE INSERT OR UPDATE "
    "ON projects_searchentry FOR EACH ROW EXECUTE FUNCTION projects_searchentry_vectors()",
    *(
        f"CREATE INDEX projects_searchentry_{code}_gin ON projects_searchentry "
        f"USING gin (vector_{code}) WHERE published"
        for code, _ in CONFIGURATIONS
    ),
]
ENTRIES_BACKWARD = [
    "DROP TRIGGER IF EXISTS projects_searchentry_vectors ON projects_searchentry",
    "DROP FUNCTION IF EXISTS projects_searchentry_vectors()",
]
# SQLite: the entries without vectors.
ENTRIES_SQLITE = [
    "INSERT INTO projects_searchentry (project_id, published) "
    "SELECT d.project_id, p.published "
    "FROM projects_searchdocument d JOIN projects_project p ON p.id = d.project_id",
]

DOCUMENTS_FORWARD = [
    "DROP TRIGGER IF EXISTS projects_searchdocument_vectors ON projects_searchdocument",
    "DROP FUNCTION IF EXISTS projects_searchdocument_vectors()",
    "DROP INDEX IF EXISTS projects_searchdocument_sv_gin",
    "DROP INDEX IF EXISTS projects_searchdocument_en_gin",
]
# As migration 0012 made them, then every document's vectors written from its texts.
DOCUMENTS_BACKWARD = [
    f"""CREATE FUNCTION projects_searchdocument_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.vector_sv := {_vector("sv", "vimmerby_swedish", "NEW")};
    NEW.vector_en := {_vector("en", "vimmerby_english", "NEW")};
    RETURN NEW;
END $$""",
    "CREATE TRIGGER projects_searchdocument_vectors BEFORE INSERT OR UPDATE "
    "ON projects_searchdocument FOR EACH ROW EXECUTE FUNCTION projects_searchdocument_vectors()",
    "UPDATE projects_searchdocument SET heading_sv = heading_sv",
    "CREATE INDEX projects_searchdocument_sv_gin ON projects_searchdocument USING gin (vector_sv)",
    "CREATE INDEX projects_searchdocument_en_gin ON projects_searchdocument USING gin (vector_en)",
]


def run(postgresql, sqlite=()):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for statement in postgresql if vendor == "postgresql" else sqlite:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0020_meeting_document_kinds"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "project",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="projects.project",
                        verbose_name="project or exchange",
                    ),
                ),
                ("published", models.BooleanField(default=False)),
                (
                    "vector_sv",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
                (
                    "vector_en",
                    django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(
            run(ENTRIES_FORWARD, ENTRIES_SQLITE), run(ENTRIES_BACKWARD), elidable=False
        ),
        migrations.RunPython(run(DOCUMENTS_FORWARD), run(DOCUMENTS_BACKWARD), elidable=False),
        migrations.RemoveField(model_name="searchdocument", name="vector_sv"),
        migrations.RemoveField(model_name="searchdocument", name="vector_en"),
    ]
