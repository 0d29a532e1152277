"""One migrated test database per parallel run, copied for each worker (#15).

Migrating is most of a worker's start: Django renders the historical models of every
migration, 70-odd seconds of CPU on the CI machine. In a parallel run (pytest-xdist) the first
worker that needs a database migrates a template, and every worker then gets its own database
(`test_<name>_gw0`, `_gw1`, ... as before) as a copy of it: `CREATE DATABASE ... TEMPLATE` on
PostgreSQL, SQLite's backup API into the worker's in-memory database. The workers agree through
a lock file named after the run; the last one to finish drops the template. Runs in one process
(`-n 0`), `--reuse-db` and `--nomigrations` set up as pytest-django always does.
"""

import contextlib
import fcntl
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from django.db import connections


def shareable(keepdb: bool, use_migrations: bool) -> bool:
    """Whether this process is one of several workers of a run that migrates a fresh database."""
    return (
        bool(os.environ.get("PYTEST_XDIST_WORKER"))
        and bool(os.environ.get("PYTEST_XDIST_TESTRUNUID"))
        and not keepdb
        and use_migrations
        and connections["default"].vendor in ("postgresql", "sqlite")
    )


def _state_file() -> Path:
    run = os.environ["PYTEST_XDIST_TESTRUNUID"]
    return Path(tempfile.gettempdir()) / f"vimmerby-intl-test-db-{run}.json"


@contextlib.contextmanager
def _locked_state():
    """The run's shared state (the template's name, how many workers use it), under a lock."""
    path = _state_file()
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = json.loads(path.read_text()) if path.exists() else {}
        yield state
        if state:
            path.write_text(json.dumps(state))
        else:  # the run is over: nothing left behind in the temporary directory
            path.unlink(missing_ok=True)
            path.with_suffix(".lock").unlink(missing_ok=True)


def _template_name(connection) -> str:
    run = os.environ["PYTEST_XDIST_TESTRUNUID"][:8]
    if connection.vendor == "sqlite":
        return str(Path(tempfile.gettempdir()) / f"vimmerby-intl-test-db-{run}.sqlite3")
    # test_<name>_gw0 -> test_<name>_template_<run>
    base = connection.creation._get_test_db_name().rsplit("_", 1)[0]
    return f"{base}_template_{run}"[:63]


def _migrate_template(connection, template: str, verbosity: int):
    """The template, migrated as `create_test_db` does, then left without a connection."""
    settings_dict = connection.settings_dict
    saved_name, saved_test_name = settings_dict["NAME"], settings_dict["TEST"].get("NAME")
    settings_dict["TEST"]["NAME"] = template
    try:
        connection.creation.create_test_db(
            verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False
        )
    finally:
        connection.close()
        settings_dict["NAME"] = saved_name
        settings_dict["TEST"]["NAME"] = saved_test_name


def _copy_template(connection, template: str) -> str:
    """This worker's database, a copy of the template; returns its name."""
    creation = connection.creation
    name = creation._get_test_db_name()
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}")
            cursor.execute(f"CREATE DATABASE {quote(name)} WITH TEMPLATE {quote(template)}")
        connection.close()
        connection.settings_dict["NAME"] = name
    else:
        # The worker's in-memory database (a shared-cache URI, as create_test_db makes it),
        # filled from the template file; it lives as long as this connection.
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        source = sqlite3.connect(template)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    # What create_test_db does once the database exists.
    from django.conf import settings

    settings.DATABASES[connection.alias]["NAME"] = connection.settings_dict["NAME"]
    return connection.settings_dict["NAME"]


def _drop_template(connection, template: str):
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(template)}")
    else:
        with contextlib.suppress(FileNotFoundError):
            os.remove(template)


def set_up(verbosity: int):
    """This worker's database, copied from the run's template (migrated first if need be).

    Returns what `teardown` needs: the old name and the template's."""
    connection = connections["default"]
    old_name = connection.settings_dict["NAME"]
    template = _template_name(connection)
    with _locked_state() as state:
        if state.get("template") != template:
            _migrate_template(connection, template, verbosity)
            state.update(template=template, users=0)
        state["users"] += 1
    _copy_template(connection, template)
    return old_name, template


def tear_down(set_up_result, verbosity: int):
    """Drops this worker's database, and the template once no worker uses it."""
    old_name, template = set_up_result
    connection = connections["default"]
    try:
        connection.creation.destroy_test_db(old_name, verbosity, keepdb=False)
    finally:
        with _locked_state() as state:
            state["users"] -= 1
            if state["users"] <= 0:
                _drop_template(connection, template)
                state.clear()


@contextlib.contextmanager
def rows_for_several_tests(django_db_blocker, write):
    """Rows that several tests read, written once by ``write()`` (whose result this yields),
    as Django's ``TestCase.setUpTestData`` does it (#15): in a transaction that stays open, so
    each test's own transaction is a savepoint in it and whatever a test changes is undone after
    it; the rows are rolled back at the end. Only for tests without ``transaction=True`` (those
    commit), in a module whose every test wants the rows. In a parallel run the module's tests
    are shared out to the workers one by one, so each worker writes the rows once."""
    from django.db import transaction

    outer = transaction.atomic()
    with django_db_blocker.unblock():
        outer.__enter__()
        try:
            value = write()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield value
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
