"""Every migration of the project's apps can be unapplied (#15).

The agreement documents' migration test used to show it for 24 of them on the way back to
partners 0002; it now migrates an empty database of its own forward (tests/migrating.py), so
what Django checks before it unapplies a migration (each operation's ``reversible``: a
RunPython or RunSQL needs its reverse) is asserted here for every migration."""

from pathlib import Path

from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]


def project_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key, migration in sorted(loader.disk_migrations.items()):
        module = __import__(migration.__module__, fromlist=["Migration"])
        if Path(module.__file__).resolve().is_relative_to(ROOT / ".venv"):
            continue
        if Path(module.__file__).resolve().is_relative_to(ROOT):
            yield key, migration


def test_every_operation_of_every_migration_has_its_reverse():
    migrations = dict(project_migrations())

    assert ("partners", "0003_agreement_document_versions") in migrations
    assert ("projects", "0026_dashboard_indexes_will_apply_check_due_cost_year") in migrations
    irreversible = {
        key: [operation.describe() for operation in migration.operations]
        for key, migration in migrations.items()
        if not all(operation.reversible for operation in migration.operations)
    }
    assert irreversible == {}
