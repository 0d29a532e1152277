"""Personas (as healthchecks' alice and bob): who is using the system in a test.

Also the set-up of every browser test: the system Chromium, never a downloaded browser. Those
tests skip, saying why, only on a machine without it outside CI; in CI (.ci/run installs
Chromium) they always run.
"""

import datetime
import os
import shutil
import sys
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.utils import translation

from governance.access import BOARD_MEMBER_GROUP, CONTRIBUTOR_GROUP, COORDINATOR_GROUP
from governance.models import BodyKind, Role
from tests import database, factories, migrating
from website.caching import per_version

# Playwright's sync API runs an event loop in the test's thread; the ORM calls that fixtures
# make there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


#: Tests that start servers of their own (gunicorn, nginx, a database of their own, a CPU-heavy
#: collectstatic): in parallel runs they go to one worker, one after another, so that two of
#: them never compete for a 2-CPU machine; being the longest, they start first (#15).
SERVER_TESTS = (
    "tests/operations/test_upgrade.py::",
    "tests/operations/test_load_writes.py::",
    "tests/operations/test_deployment.py::test_the_guide_",
    "tests/website/test_cache_two_processes.py::",
)


def scheduling_unit(nodeid: str) -> str:
    """What a parallel run hands a worker at once: the server tests together, any other alone."""
    return "servers" if nodeid.startswith(SERVER_TESTS) else nodeid


class ServersTogether:
    """pytest-xdist's scheduling (`-n`): every other test is a unit of its own, given to
    whichever worker is free; SERVER_TESTS are one unit. (xdist's own xdist_group mark does
    not group under pytest 9: it renames items through an attribute pytest 9 no longer has.)"""

    @staticmethod
    def pytest_xdist_make_scheduler(config, log):
        if config.getvalue("dist") != "load":
            return None  # another --dist asked for on the command line
        from xdist.scheduler import LoadScopeScheduling

        class Scheduling(LoadScopeScheduling):
            # The queue is ordered by the size of each unit: the servers' unit goes out first.
            def _split_scope(self, nodeid):
                return scheduling_unit(nodeid)

        return Scheduling(config, log)


TEMPLATE_IN_ADVANCE = pytest.StashKey[database.TemplateInAdvance]()


def pytest_configure(config):
    database.flush_after_transactional_tests()
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(ServersTogether(), "servers-together")
    if database.in_advance(config):
        # The run's id, which xdist would otherwise choose when it starts the workers.
        config.option.testrunuid = config.option.testrunuid or uuid.uuid4().hex
        config.stash[TEMPLATE_IN_ADVANCE] = database.TemplateInAdvance(
            config.option.testrunuid, config.option.verbose
        )


def pytest_unconfigure(config):
    template = config.stash.get(TEMPLATE_IN_ADVANCE, None)
    if template is None:
        return
    from pytest_django.plugin import blocking_manager_key

    with config.stash[blocking_manager_key].unblock():
        failed = template.finish()
    if failed:
        sys.stderr.write(f"The controller's migration of the template failed:\n{failed}")


def needs_no_database(item) -> bool:
    """Whether a test asks for no database (as pytest-django reads its marks and fixtures)."""
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, _ = _get_databases_for_setup([item])
    return not aliases and "django_db_setup" not in getattr(item, "fixturenames", ())


def comes_first(item) -> bool:
    """In a parallel run: a test that needs no database and starts no server of its own."""
    return needs_no_database(item) and not item.nodeid.startswith(SERVER_TESTS)


#: Fixtures of the tests that take longest apart from the servers': a live server (the browser
#: tests, 30 to 70 s each under load), a database of its own, migrations back and forth.
LONG_FIXTURES = {
    "live_server",
    "transactional_db",
    "a_database_of_its_own",
    "back_to_the_newest_afterwards",
}


def is_long(item) -> bool:
    """A test that takes many times the others' time: a browser, a transactional or a migration
    test (the server tests aside, which are one unit of their own)."""
    if item.nodeid.startswith(SERVER_TESTS):
        return False
    if "browser" in item.keywords or LONG_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )


def parallel_order(item) -> int:
    """A parallel run's order (#15): the tests that need no database first (pytest-django puts
    them last), while the template is being migrated; then the long tests, which pytest-django
    puts last among the others (transactional ones), so that the two workers do not end with
    one of them running a browser test for a minute while the other has nothing left to do;
    then the rest. The server tests keep their order among themselves."""
    if comes_first(item):
        return 0
    return 1 if is_long(item) else 2


def pytest_collection_modifyitems(config, items):
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # In a parallel run the tests that need no database come first (pytest-django puts
        # them last): a worker runs them while the template is still being migrated (#15).
        # The server tests keep their order: under load, starting servers of their own while
        # the template is migrated made the guide's requests time out. The long tests come
        # next, so that the run ends with short tests on both workers (parallel_order).
        items.sort(key=parallel_order)
    if os.path.exists(CHROMIUM) or shutil.which("chromium") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"no system Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The test databases, as pytest-django sets them up, except that the workers of a parallel
    run copy one migrated template instead of each migrating its own (tests/database.py, #15)."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized = _get_databases_for_setup(request.session.items)
    shared = aliases <= {"default"} and database.shareable(
        django_db_keepdb, django_db_use_migrations
    )
    if not django_db_use_migrations:
        _disable_migrations()
    with django_db_blocker.unblock():
        if shared:
            made = database.set_up(verbosity)
            if "default" in serialized:
                connection = connections["default"]
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
        else:
            made = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized,
                keepdb=keepdb,
            )
    yield
    if django_db_keepdb:
        return
    # As pytest-django: a database still in use (a live server's last connection) is a
    # warning, not an error of the test that happened to run last.
    with django_db_blocker.unblock():
        try:
            if shared:
                database.tear_down(made, verbosity)
            else:
                teardown_databases(made, verbosity=verbosity)
        except Exception as error:  # noqa: BLE001
            request.node.warn(
                pytest.PytestWarning(f"Error when trying to teardown test databases: {error!r}")
            )


@pytest.fixture
def back_to_the_newest_afterwards():
    """Whatever a migration test finds, the database ends at the newest migrations."""
    yield
    migrating.to_the_newest()


@pytest.fixture
def a_database_of_its_own():
    """A migration test's empty database of its own, the test database left as it is."""
    with migrating.a_database_of_its_own():
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The system Chromium, with nothing phoning home."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language (Swedish), whatever an earlier one left."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _parts_rendered_per_version_forgotten():
    """The footer's contact is kept per content version (website.caching.per_version); a
    rolled-back test can leave a version that a later test sees again with other rows."""
    per_version.forget()
    yield
    per_version.forget()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Hashing demo and persona passwords with the slow default hasher tests nothing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_kf():
    return factories.BodyFactory(short_name="KF", name="Kommunfullmäktige", kind=BodyKind.COUNCIL)


def make_ks():
    return factories.BodyFactory(
        short_name="KS", name="Kommunstyrelsen", kind=BodyKind.EXECUTIVE_BOARD
    )


def make_bun():
    return factories.BodyFactory(
        short_name="BUN", name="Barn- och utbildningsnämnden", kind=BodyKind.COMMITTEE
    )


@pytest.fixture
def kf(db):
    return make_kf()


@pytest.fixture
def ks(db):
    return make_ks()


@pytest.fixture
def bun(db):
    return make_bun()


@pytest.fixture
def network_body(db, ks):
    return factories.BodyFactory(
        short_name="IN", name="Internationella nätverket", kind=BodyKind.INTERNATIONAL_NETWORK
    )


@pytest.fixture
def coordinator(db):
    user = factories.UserFactory(username="samordnare", is_staff=True)
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    # Every permission, in one statement: ``group.permissions.set(...)`` made a through row
    # object per permission in Python (some 500), a tenth of a staff test's set-up (#15). No
    # receiver listens to the group's permissions (website.signals: domain apps only).
    through = Group.permissions.through
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {through._meta.db_table} (group_id, permission_id) "  # noqa: S608
            # WHERE: SQLite reads ON after a SELECT without one as a join's.
            f"SELECT %s, id FROM {Permission._meta.db_table} WHERE true ON CONFLICT DO NOTHING",
            [group.pk],
        )
    user.groups.add(group)
    factories.PersonFactory(first_name="Sam", last_name="Samordnare", user=user)
    return user


def _board_member(username, body, role=Role.MEMBER):
    user = factories.UserFactory(username=username)
    group, _ = Group.objects.get_or_create(name=BOARD_MEMBER_GROUP)
    user.groups.add(group)
    person = factories.PersonFactory(user=user)
    factories.MembershipFactory(
        person=person, body=body, role=role, starts_on=datetime.date(2023, 1, 1)
    )
    return user


@pytest.fixture
def kf_member(db, kf):
    """A KF member of the 2022-2026 term (to 2026-10-14): records KF's decisions of it (#11)."""
    return _board_member("kf-ledamot", kf)


@pytest.fixture
def kf_secretary(db, kf):
    """KF's secretary of the 2022-2026 term: records and corrects KF's decisions (#11)."""
    return _board_member("kf-sekreterare", kf, Role.SECRETARY)


@pytest.fixture
def ks_member(db, ks):
    return _board_member("ks-ledamot", ks)


@pytest.fixture
def bun_member(db, bun):
    return _board_member("bun-ledamot", bun)


@pytest.fixture
def contributor(db, bun):
    user = factories.UserFactory(username="skola")
    group, _ = Group.objects.get_or_create(name=CONTRIBUTOR_GROUP)
    user.groups.add(group)
    factories.PersonFactory(user=user)
    return user


@pytest.fixture
def visit(db):
    """A visit, for the access matrix's and the fuzz suite's rows that change one (#12)."""
    return factories.VisitFactory()
