"""The worker that builds the yearly report's PDFs and does the large imports runs as its own
systemd service (#15): it runs a command that exists, on the queues the application sends to,
and restarts when it dies.
(systemd-analyze verifies the unit with the others in test_deployment.py.)"""

import os
import pathlib
import subprocess
import sys

from django.conf import settings

from followup import jobs

ROOT = pathlib.Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "intl-rqworker.service"


def setting(name):
    lines = UNIT.read_text().splitlines()
    return [line.split("=", 1)[1] for line in lines if line.startswith(f"{name}=")]


def test_the_worker_unit_runs_rqworker_on_the_reports_and_imports_queues():
    command = setting("ExecStart")[0].split("manage.py ", 1)[1].split()

    assert command == ["rqworker", jobs.QUEUE, jobs.IMPORT_QUEUE]
    # The unit reads the environment file, where REDIS_URL is set: there the command exists.
    assert setting("EnvironmentFile") == ["/etc/intl/env"]
    assert "rqworker" in commands_with(REDIS_URL="redis://127.0.0.1:6379/1")
    assert jobs.QUEUE in settings.RQ_QUEUES and jobs.IMPORT_QUEUE in settings.RQ_QUEUES


def test_the_worker_restarts_and_may_finish_its_pdf_or_import_when_stopped():
    assert setting("Restart") == ["always"]
    stop_seconds = int(setting("TimeoutStopSec")[0])
    assert stop_seconds > settings.RQ_QUEUES[jobs.QUEUE]["DEFAULT_TIMEOUT"]
    assert stop_seconds > settings.RQ_QUEUES[jobs.IMPORT_QUEUE]["DEFAULT_TIMEOUT"]
    assert setting("ReadWritePaths") == ["/srv/intl/media"]


def commands_with(**environment) -> set[str]:
    """The management commands and the modules loaded by a process started with this
    environment (the quick start's settings otherwise); nothing connects to Redis."""
    script = (
        "import sys, django; django.setup(); import vimmerby_intl.wsgi; "
        "from django.core.management import get_commands; "
        "print(' '.join(get_commands())); print(' '.join(sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CACHE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="vimmerby_intl.settings", PYTHONPATH=str(ROOT), **environment)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    commands, modules = result.stdout.splitlines()[-2:]
    return set(commands.split()) | {f"module:{name}" for name in modules.split()}


def test_without_a_queue_the_web_process_loads_neither_the_queue_app_nor_redis():
    """The quick start (no REDIS_URL) builds PDFs and imports in the request: its processes
    do without rq and redis, about 20 MB each (#15)."""
    loaded = commands_with(REDIS_URL="")

    assert "rqworker" not in loaded
    assert not {"module:django_rq", "module:rq", "module:redis"} & loaded
    # With the work sent to a queue (here without REDIS_URL, to the default address), the
    # worker's command is there again.
    assert "rqworker" in commands_with(REDIS_URL="", REPORT_PDF_IN_BACKGROUND="on")
