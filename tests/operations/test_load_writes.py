"""Load with writes in CI (#6 reliability): bench/load_writes.py, shortened, must pass.

The script runs gunicorn on PostgreSQL with readers and editors, kills a worker in the middle
and then checks every acknowledged save against the database. It always uses PostgreSQL, so
it runs once, in the PostgreSQL round of the suite.
"""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from tests import database

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="The load runs against PostgreSQL; it runs in the suite's PostgreSQL round.",
)


def scratch_database() -> str:
    """The script's database, named after the suite's (and its xdist worker), so that two
    suites running at once on one PostgreSQL never drop each other's."""
    name = urllib.parse.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") or "postgres"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"test_{name}_loadwrites_{worker}"


def test_readers_editors_and_a_killed_worker_lose_nothing():
    name = scratch_database()
    env = {**os.environ, "BENCH_WRITE_SECONDS": "20", "BENCH_WRITES_DB": name}
    env.pop("DATABASE_URL")  # the script makes its own database
    # In a parallel run, a copy of the run's migrated template: no migrating again (#15).
    env["BENCH_WRITES_TEMPLATE"] = database.migrated_template() or ""

    try:
        run = subprocess.run(
            [sys.executable, "bench/load_writes.py"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc"]
            + [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
            capture_output=True,
            timeout=60,
        )

    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    if os.environ.get("PYTEST_XDIST_TESTRUNUID"):  # a parallel run: copied, not migrated
        assert env["BENCH_WRITES_TEMPLATE"]
        assert "a copy of the template" in run.stderr
    assert "RESULT: PASS" in run.stdout
    assert "FAIL" not in run.stdout.replace("RESULT: PASS", "")
