"""Migration projects 0021 (#14, #15): the narrow search entries are back-filled from the
documents and their projects, and the migration reverses (the documents get their vectors
again on PostgreSQL)."""

import pytest
from django.db import connection

from tests.migrating import migrate, newest

GOVERNANCE = newest("governance")
BEFORE = [("projects", "0020_meeting_document_kinds"), GOVERNANCE]
AFTER = [("projects", "0021_searchentry"), GOVERNANCE]
ON_POSTGRESQL = connection.vendor == "postgresql"


def _matches(table: str, word: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {table} "  # noqa: S608 (a table name of this test)
            "WHERE vector_sv @@ to_tsquery('vimmerby_swedish', %s)",
            [word],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_newest_afterwards")
def test_the_entries_are_back_filled_and_the_migration_reverses():
    old = migrate(BEFORE)
    body = old.get_model("governance", "Body").objects.create(
        name="Barn- och utbildningsnämnden",
        name_sv="Barn- och utbildningsnämnden",
        short_name="BUN",
        slug="bun",
        kind="committee",
    )
    Project = old.get_model("projects", "Project")
    Document = old.get_model("projects", "SearchDocument")
    for slug, published in (("kauhava", True), ("hemligt", False)):
        project = Project.objects.create(
            title=slug,
            title_sv=slug,
            slug=slug,
            kind="school_exchange",
            status="planned",
            responsible_body=body,
            published=published,
        )
        Document.objects.create(project=project, heading_sv=f"Skolutbyte med {slug}")

    new = migrate(AFTER)
    entries = new.get_model("projects", "SearchEntry").objects
    assert dict(entries.values_list("project__slug", "published")) == {
        "kauhava": True,
        "hemligt": False,
    }
    if ON_POSTGRESQL:
        assert _matches("projects_searchentry", "kauhava") == 1

    migrate(BEFORE)
    if ON_POSTGRESQL:
        assert _matches("projects_searchdocument", "kauhava") == 1
