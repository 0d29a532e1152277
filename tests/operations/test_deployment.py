"""The deployment files in deploy/ (#16): gunicorn as documented, systemd units that verify.

The gunicorn test starts the service exactly as the systemd unit does (`gunicorn -c
deploy/gunicorn.conf.py vimmerby_intl.wsgi`, production settings), against the suite's
PostgreSQL database, and checks the probes, a page, the JSON logs and a reload by HUP.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "intl.example.se"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _wait_until_up(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("gunicorn exited: " + process.stderr.read())
        try:
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("gunicorn did not answer /healthz")


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="The service runs against PostgreSQL; this runs in the suite's PostgreSQL round.",
)
@pytest.mark.django_db(transaction=True)
def test_gunicorn_as_documented_serves_probes_pages_json_logs_and_reloads(tmp_path):
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)},
        "DEBUG": "off",
        "SECRET_KEY": "a-long-random-production-key-" + "x7Qz" * 12,
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": _database_url(),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "LOG_FORMAT": "json",
    }
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "vimmerby_intl.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )
    try:
        _wait_until_up(port, process)
        ready = _get(port, "/readyz")
        page = _get(
            port,
            "/",
            {"Host": HOST, "X-Forwarded-Proto": "https", "X-Request-ID": "deploy-test-1"},
        )
        process.send_signal(signal.SIGHUP)
        during = [_get(port, "/healthz")[0] for _ in range(20)]
        time.sleep(2)
        after = _get(port, "/", {"Host": HOST, "X-Forwarded-Proto": "https"})
    finally:
        process.terminate()
        process.wait(timeout=60)

    assert ready[0] == 200, ready[2]
    assert page[0] == 200
    assert page[1]["X-Request-ID"] == "deploy-test-1"
    assert set(during) == {200}
    assert after[0] == 200
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert lines, "gunicorn wrote no log"
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert [line["path"] for line in access] == ["/", "/"]
    assert access[0]["request_id"] == "deploy-test-1"
    assert access[0]["status"] == 200
    assert {"time", "level", "duration_ms", "client"} <= set(access[0])
    assert any("handling signal: hup" in line["message"].lower() for line in lines), lines


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is missing")
def test_the_systemd_units_verify(tmp_path):
    # The units name the service account and /srv/intl/current; checked here with this
    # checkout in their place and the current account, so that every path they run exists.
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text().replace("/srv/intl/current", str(ROOT))
        text = text.replace("User=intl", "User=root").replace("Group=intl", "Group=root")
        (tmp_path / unit.name).write_text(text)
    shutil.copy(tmp_path / "intl@.service", tmp_path / "intl@8001.service")
    units = [p for p in tmp_path.iterdir() if p.name != "intl@.service"]

    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, sorted(units))],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_every_daily_job_has_a_timer_and_runs_a_command_that_exists():
    from django.core.management import get_commands

    services = sorted((DEPLOY / "systemd").glob("intl-*.service"))
    assert services
    for service in services:
        assert (service.with_suffix(".timer")).exists(), service.name
        command = service.read_text().split("manage.py ", 1)[1].split()[0]
        assert command in get_commands(), command


def test_the_example_environment_has_no_inline_comments():
    # systemd's EnvironmentFile= keeps a "# comment" after a value as part of the value.
    for line in (DEPLOY / "env.example").read_text().splitlines():
        assert "#" not in line, line
        assert line == "" or "=" in line
