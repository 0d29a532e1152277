"""Load with writes in CI (#6 reliability): bench/load_writes.py, shortened, must pass.

The script runs gunicorn on PostgreSQL with readers and editors, kills a worker in the middle
and then checks every acknowledged save against the database. It always uses PostgreSQL, so
it runs once, in the PostgreSQL round of the suite.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="The load runs against PostgreSQL; it runs in the suite's PostgreSQL round.",
)


def test_readers_editors_and_a_killed_worker_lose_nothing():
    env = {**os.environ, "BENCH_WRITE_SECONDS": "20"}
    env.pop("DATABASE_URL")  # the script makes its own database

    run = subprocess.run(
        [sys.executable, "bench/load_writes.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "RESULT: PASS" in run.stdout
    assert "FAIL" not in run.stdout.replace("RESULT: PASS", "")
