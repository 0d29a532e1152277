"""One migrated test database per parallel run, copied for each worker (#15).

Migrating is most of a worker's start: Django renders the historical models of every
migration, 70-odd seconds of CPU on the CI machine. In a parallel run (pytest-xdist) the
controller starts migrating a template in a process of its own before the workers start
(`TemplateInAdvance`), so that it goes on while they start, collect and run the tests that need
no database; a worker that needs the database waits for it, and migrates the template itself
only if that process failed. Every worker then gets its own database (`test_<name>_gw0`,
`_gw1`, ... as before) as a copy of it: `CREATE DATABASE ... TEMPLATE` on PostgreSQL, SQLite's
backup API into the worker's in-memory database. The workers agree through a lock file named
after the run; the last one to finish drops the template, and the controller drops it at the
end if no worker used it. Runs in one process (`-n 0`), `--reuse-db` and `--nomigrations` set
up as pytest-django always does.
"""

import contextlib
import fcntl
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import weakref
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


def _state_file(run: str | None = None) -> Path:
    run = run or os.environ["PYTEST_XDIST_TESTRUNUID"]
    return Path(tempfile.gettempdir()) / f"vimmerby-intl-test-db-{run}.json"


def _making_file(run: str | None = None) -> Path:
    """Locked by the controller's process for as long as it makes the template."""
    return _state_file(run).with_suffix(".making")


@contextlib.contextmanager
def _locked_state(run: str | None = None):
    """The run's shared state (the template's name, how many workers use it), under a lock."""
    path = _state_file(run)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = json.loads(path.read_text()) if path.exists() else {}
        yield state
        if state:
            path.write_text(json.dumps(state))
        else:  # the run is over: nothing left behind in the temporary directory
            path.unlink(missing_ok=True)
            path.with_suffix(".lock").unlink(missing_ok=True)


def _template_name(connection, run: str | None = None) -> str:
    run = (run or os.environ["PYTEST_XDIST_TESTRUNUID"])[:8]
    if connection.vendor == "sqlite":
        return str(Path(tempfile.gettempdir()) / f"vimmerby-intl-test-db-{run}.sqlite3")
    # test_<name>_gw0 (in a worker) or test_<name> (in the controller) -> test_<name>_template_<run>
    base = connection.creation._get_test_db_name()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and base.endswith(f"_{worker}"):
        base = base[: -len(worker) - 1]
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


def _drop_database(connection, name: str):
    """Dropped at once, on PostgreSQL 13 and later even while a connection is left to it (a live
    server's, at the end of a worker's run), where a plain DROP waits 5 s and then fails."""
    quote = connection.ops.quote_name
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        force = " WITH (FORCE)" if int(cursor.fetchone()[0]) >= 130000 else ""
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(name)}{force}")


def _drop_template(connection, template: str):
    if connection.vendor == "postgresql":
        _drop_database(connection, template)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.remove(template)


def set_up(verbosity: int):
    """This worker's database, copied from the run's template (migrated first if need be).

    Returns what `teardown` needs: the old name and the template's."""
    connection = connections["default"]
    old_name = connection.settings_dict["NAME"]
    template = _template_name(connection)
    _wait_for_the_controllers_template()
    with _locked_state() as state:
        if state.get("template") != template:
            _migrate_template(connection, template, verbosity)
            state.update(template=template, users=0)
        state["users"] += 1
    _copy_template(connection, template)
    return old_name, template


def migrated_template() -> str | None:
    """The name of this run's migrated template on PostgreSQL while a worker uses it, for a
    test whose database of its own can start as a copy of it instead of migrating (the load
    with writes, #15); None in one process, on SQLite, or before it is made."""
    connection = connections["default"]
    if connection.vendor != "postgresql" or not os.environ.get("PYTEST_XDIST_TESTRUNUID"):
        return None
    with _locked_state() as state:
        template = state.get("template")
        return template if template and state.get("users", 0) > 0 else None


def tear_down(set_up_result, verbosity: int):
    """Drops this worker's database, and the template once no worker uses it."""
    old_name, template = set_up_result
    connection = connections["default"]
    try:
        if connection.vendor == "postgresql":
            # What destroy_test_db does, with a drop that does not wait for a live server's
            # connection (#15).
            connection.close()
            name = connection.settings_dict["NAME"]
            connection.settings_dict["NAME"] = old_name
            from django.conf import settings

            settings.DATABASES[connection.alias]["NAME"] = old_name
            if verbosity >= 1:
                connection.creation.log(f"Destroying test database {name!r}...")
            _drop_database(connection, name)
        else:
            connection.creation.destroy_test_db(old_name, verbosity, keepdb=False)
    finally:
        with _locked_state() as state:
            state["users"] -= 1
            if state["users"] <= 0:
                _drop_template(connection, template)
                state.clear()


# --- The template made by the controller, in advance (#15) --------------------------------------


def in_advance(config) -> bool:
    """Whether this process is the controller of a parallel run whose workers will share a
    template (tests/conftest.py's ``django_db_setup``): the same conditions as ``shareable``."""
    return (
        not hasattr(config, "workerinput")
        and config.pluginmanager.hasplugin("xdist")
        and config.getoption("dist", "no") != "no"
        and bool(config.getoption("numprocesses", None))
        and not config.getoption("collectonly")
        and not config.getoption("reuse_db", False)
        and not config.getoption("nomigrations", False)
        and connections["default"].vendor in ("postgresql", "sqlite")
    )


class TemplateInAdvance:
    """The run's template, migrated by a process of the controller's from before the workers
    start (``python -m tests.database``). That process holds a lock on the run's ``.making``
    file from the start (the controller takes it and hands it over), so a worker that needs a
    database waits for it (``_wait_for_the_controllers_template``) and finds the template in the
    run's state; if the process failed, the worker migrates as before and shows the error."""

    def __init__(self, run: str, verbosity: int):
        self.run = run
        self.template = _template_name(connections["default"], run)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by finish)
        with open(_making_file(run), "w") as making:
            fcntl.flock(making, fcntl.LOCK_EX)
            # The lock belongs to the open file, which the process shares: it is released
            # when the process ends, however it ends.
            self.process = subprocess.Popen(  # noqa: S603 (this interpreter, this module)
                [sys.executable, "-m", __name__, self.template, str(verbosity)],
                env={**os.environ, "PYTEST_XDIST_TESTRUNUID": run},
                cwd=Path(__file__).resolve().parents[1],
                pass_fds=(making.fileno(),),
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )

    def finish(self) -> str:
        """At the end of the run: the process stopped, the template dropped if a worker did
        not; returns the process's output if it failed."""
        stopped = self.process.poll() is None  # no worker needed a database
        if stopped:
            self.process.terminate()
        failed = self.process.wait() != 0 and not stopped
        self.log.seek(0)
        output = self.log.read().decode(errors="replace") if failed else ""
        self.log.close()
        _making_file(self.run).unlink(missing_ok=True)
        with _locked_state(self.run) as state:
            if state.get("template") == self.template:
                state.clear()
            _drop_template(connections["default"], self.template)
        return output


def _wait_for_the_controllers_template():
    try:
        making = open(_making_file())  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        return  # not started by the controller: the worker migrates as before
    with making:
        fcntl.flock(making, fcntl.LOCK_SH)


def _make_template(template: str, verbosity: int):
    """What the controller's process does: the template migrated as a worker would, then named
    in the run's state for the workers."""
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # as pytest-django before it sets up a database
    _migrate_template(connections["default"], template, verbosity)
    with _locked_state() as state:
        state.update(template=template, users=0)


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


# --- The flush after a transactional test (#15) -----------------------------------------------
#
# After a test with ``transaction=True`` (browser and live-server tests) Django's ``flush``
# empties every table, with one TRUNCATE of all of them on PostgreSQL (3 to 4 s of the server's
# time for our 106 tables, whatever they hold), and then ``post_migrate`` writes the content
# types and permissions again. Here the tables that hold rows are emptied with DELETE (the same
# rows go: the foreign keys are deferred to the commit, no trigger fires on a delete, sequences
# go on as after Django's flush), and the content types and permissions are kept when they are
# exactly the rows ``post_migrate`` wrote after the last full flush: that is what writing them
# again would give. Any other case (the first flush, a test that changed them, a ``post_migrate``
# receiver this does not know) is Django's own: everything emptied, ``post_migrate`` sent.


def _kept_tables():
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return {ContentType._meta.db_table, Permission._meta.db_table}


def _kept_rows(alias):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    return (
        list(ContentType.objects.using(alias).order_by("pk").values_list()),
        list(Permission.objects.using(alias).order_by("pk").values_list()),
    )


def _only_known_receivers() -> bool:
    """Whether ``post_migrate`` does nothing but write content types and permissions, and the
    search documents of projects (none after a flush: there are no projects)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.db.models.signals import post_migrate

    from projects.signals import write_missing_documents

    known = {create_contenttypes, create_permissions, write_missing_documents}
    receivers = (
        receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
        for _, receiver, *_ in post_migrate.receivers
    )
    return all(receiver in known for receiver in receivers)


#: Per database: the content types and permissions as ``post_migrate`` wrote them last.
_written_by_post_migrate = {}


def flush(alias: str) -> bool:
    """Every table of the database emptied, as Django's ``flush`` followed by ``post_migrate``
    leaves it. Returns whether the content types and permissions were kept."""
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import transaction

    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with transaction.atomic(using=alias):
        keep = (
            _written_by_post_migrate.get(alias) is not None
            and _only_known_receivers()
            and _kept_rows(alias) == _written_by_post_migrate[alias]
        )
        if keep:
            tables = [table for table in tables if table not in _kept_tables()]
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT '{table}' WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608 (Django's table names)
                    for table in tables
                )
                or "SELECT 1 WHERE 1 = 0"
            )
            for (table,) in cursor.fetchall():
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
    if not keep:
        _written_by_post_migrate[alias] = None
        emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)
        _written_by_post_migrate[alias] = _kept_rows(alias)
    return keep


def flush_after_transactional_tests():
    """Transactional tests end with ``flush`` above; tests that name their apps or roll back
    to serialized contents keep Django's own ending."""
    from django.test import TransactionTestCase

    djangos = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        if self.available_apps is not None or self.serialized_rollback:
            return djangos(self)
        for alias in self._databases_names(include_mirrors=False):
            flush(alias)
        return None

    TransactionTestCase._fixture_teardown = _fixture_teardown


if __name__ == "__main__":
    _make_template(sys.argv[1], int(sys.argv[2]))
