"""The suite runs in parallel (#15): the tests that start servers of their own are one unit of
work, given to one worker, and every such test is listed (tests/conftest.py); the tests that
need no database come first, while the controller migrates the template (tests/database.py),
then the long ones (browser, transactional, migration tests), so that the run ends on short ones."""

import fcntl
import os
import re
import tempfile
import time
from pathlib import Path

from tests import database
from tests.conftest import (
    SERVER_TESTS,
    comes_first,
    is_long,
    needs_no_database,
    parallel_order,
    scheduling_unit,
)

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
# What starting a server of one's own looks like in a test module: a process started in the
# background, or nginx through tests/operations/proxy.py.
STARTS_A_SERVER = re.compile(r"subprocess\.Popen\(|proxy\.Nginx\(")


def test_every_listed_server_test_exists():
    for prefix in SERVER_TESTS:
        path, _, name = prefix.partition("::")
        source = (ROOT / path).read_text()
        assert not name or f"def {name}" in source, prefix


def test_every_module_that_starts_a_server_is_listed():
    starting = {
        str(path.relative_to(ROOT))
        for path in TESTS.rglob("test_*.py")
        if STARTS_A_SERVER.search(path.read_text())
    }

    assert starting
    assert starting <= {prefix.split("::")[0] for prefix in SERVER_TESTS}


def test_the_server_tests_are_one_unit_and_every_other_test_its_own():
    upgrade = "tests/operations/test_upgrade.py::test_the_documented_upgrade_fails_no_request"
    guide = "tests/operations/test_deployment.py::test_the_guide_installs_and_the_unit_serves"
    cache = "tests/website/test_cache_two_processes.py::test_every_request[redis]"
    units = {scheduling_unit(nodeid) for nodeid in (upgrade, guide, cache)}

    assert units == {"servers"}
    other = "tests/operations/test_deployment.py::test_the_systemd_units_verify"
    assert scheduling_unit(other) == other


def test_a_worker_waits_for_the_template_until_the_controllers_process_ends(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setenv("PYTEST_XDIST_TESTRUNUID", "run")
    database._wait_for_the_controllers_template()  # no process started: no wait

    # As TemplateInAdvance: the lock taken, then shared with a process that holds it a second.
    with open(database._making_file(), "w") as making:
        fcntl.flock(making, fcntl.LOCK_EX)
        child = os.fork()
        if child == 0:
            time.sleep(1)
            os._exit(0)
    started = time.monotonic()
    database._wait_for_the_controllers_template()
    waited = time.monotonic() - started
    os.waitpid(child, 0)

    assert waited > 0.5  # until the process ended, not at once


def test_in_a_parallel_run_the_tests_without_a_database_come_first(request):
    without = [comes_first(item) for item in request.session.items]

    assert needs_no_database(request.node) and comes_first(request.node)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        assert without == sorted(without, reverse=True)


def test_in_a_parallel_run_the_long_tests_come_after_those_without_a_database(request):
    items = request.session.items
    browser = [item for item in items if "browser" in item.keywords]
    servers = [item for item in items if item.nodeid.startswith(SERVER_TESTS)]

    assert not is_long(request.node) and parallel_order(request.node) == 0
    # Every browser test collected is a long one; no server test is (one unit of their own).
    # A browser test without a database (the accessibility check's own test, a second a
    # page) comes first with the others that need none, while the template is migrated.
    assert all(is_long(item) for item in browser)
    assert all(parallel_order(item) == (0 if needs_no_database(item) else 1) for item in browser)
    assert not any(is_long(item) for item in servers)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        order = [parallel_order(item) for item in items]
        assert order == sorted(order)
