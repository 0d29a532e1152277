"""Migrating the test database back and forth, for the tests of a data migration (#15).

Going back, Django renders the historical models once and then carries them through every
migration after the first one it unapplies in its plan, whether of the app or not; that is
nearly all of such a test's time. So a test moves back only the apps it needs to: every other
app stays at its newest migration (``newest``), which is also the state its models are in.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader


def newest(app_label: str) -> tuple[str, str]:
    """The app's newest migration, as a target: the app is not moved."""
    (leaf,) = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes(app_label)
    return leaf


def migrate(targets):
    """The database migrated to ``targets``; returns the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def to_the_newest():
    """The database at the newest migrations again, for the tests after."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
