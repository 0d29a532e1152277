"""The worker that builds the yearly report's PDFs and does the large imports runs as its own
systemd service (#15): it runs a command that exists, on the queues the application sends to,
and restarts when it dies.
(systemd-analyze verifies the unit with the others in test_deployment.py.)"""

import pathlib

from django.conf import settings
from django.core.management import get_commands

from followup import jobs

UNIT = pathlib.Path(__file__).resolve().parents[2] / "deploy" / "systemd" / "intl-rqworker.service"


def setting(name):
    lines = UNIT.read_text().splitlines()
    return [line.split("=", 1)[1] for line in lines if line.startswith(f"{name}=")]


def test_the_worker_unit_runs_rqworker_on_the_reports_and_imports_queues():
    command = setting("ExecStart")[0].split("manage.py ", 1)[1].split()

    assert command == ["rqworker", jobs.QUEUE, jobs.IMPORT_QUEUE]
    assert "rqworker" in get_commands()
    assert jobs.QUEUE in settings.RQ_QUEUES and jobs.IMPORT_QUEUE in settings.RQ_QUEUES


def test_the_worker_restarts_and_may_finish_its_pdf_or_import_when_stopped():
    assert setting("Restart") == ["always"]
    stop_seconds = int(setting("TimeoutStopSec")[0])
    assert stop_seconds > settings.RQ_QUEUES[jobs.QUEUE]["DEFAULT_TIMEOUT"]
    assert stop_seconds > settings.RQ_QUEUES[jobs.IMPORT_QUEUE]["DEFAULT_TIMEOUT"]
    assert setting("ReadWritePaths") == ["/srv/intl/media"]
