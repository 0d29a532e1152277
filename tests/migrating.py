"""Migrating the test database back and forth, for the tests of a data migration (#15).

Going back, Django renders the historical models once and then carries them through every
migration after the first one it unapplies in its plan, whether of the app or not; that is
nearly all of such a test's time. So a test moves back only the apps it needs to: every other
app stays at its newest migration (``newest``), which is also the state its models are in.
A test of an early migration that many later ones depend on migrates an empty database of its
own forward instead (``a_database_of_its_own``): only the few migrations the one under test
needs, and nothing to migrate back or forth in the test database.
"""

import contextlib
import os
import tempfile

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


@contextlib.contextmanager
def a_database_of_its_own():
    """For a migration test (``transaction=True``): the test's connection on an empty database
    of its own, which ``migrate`` takes only as far as its targets need; the test database
    stays as it is, and the empty one is dropped afterwards."""
    settings_dict = connection.settings_dict
    test_database = settings_dict["NAME"]
    if connection.vendor == "postgresql":
        own = f"{test_database}_migrating"[:63]
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(own)}")
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(own)}")
    else:
        handle, own = tempfile.mkstemp(suffix=".sqlite3")
        os.close(handle)
    # Django keeps an in-memory SQLite test database open whatever close() is asked, so the
    # test database's connection is put aside rather than closed, and given back afterwards.
    kept = connection.connection
    connection.connection = None
    settings_dict["NAME"] = own
    try:
        yield
    finally:
        if connection.connection is not None:
            connection.connection.close()
        connection.connection = kept
        settings_dict["NAME"] = test_database
        if connection.vendor == "postgresql":
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE {connection.ops.quote_name(own)}")
        else:
            os.remove(own)
