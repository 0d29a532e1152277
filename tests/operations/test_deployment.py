"""The installation guide and the deployment files in deploy/ (#16).

The guide's test reads its commands from docs/operations.md and the unit's from
deploy/systemd/intl@.service, so neither can drift from what is tested: on a fresh
PostgreSQL database it fills in deploy/env.example, runs step 6 as written (migrate,
collectstatic, the municipality's data, check --deploy, the coordinator's account), starts
gunicorn as the unit does, and checks the probes, a page, the JSON logs and a reload by HUP.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

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


def _wait_until_up(port, process, log, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("gunicorn exited: " + log.read_text()[-3000:])
        try:
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail("gunicorn did not answer /healthz")


def guide_step(number: int) -> list[str]:
    """The shell blocks of step ``number`` of docs/operations.md's installation, as written."""
    text = (ROOT / "docs" / "operations.md").read_text()
    start = text.index(f"**{number}. ")
    end = text.find(f"**{number + 1}. ", start)
    section = text[start : end if end > 0 else len(text)]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)


def unit_setting(unit: str, key: str) -> str:
    for line in (DEPLOY / "systemd" / unit).read_text().splitlines():
        if line.startswith(f"{key}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"{unit} has no {key}=")


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def fresh_database(django_db_setup):
    """A new PostgreSQL database, dropped afterwards: empty, or in a parallel run a copy of the
    run's migrated template (the same `migrate` of the same migrations, already run once by the
    suite's set-up: 25 to 35 s of CPU not spent again, #15), so the guide's `migrate` makes
    only the task queue's tables, an app of the production settings alone."""
    import psycopg2

    from tests import database

    server = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    name = f"vimmerby_guide_{os.getpid()}_{int(time.time())}"

    def run(statement):
        connection = psycopg2.connect(f"postgresql://{server.netloc}/postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    template = database.migrated_template()
    run(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield f"postgres://{server.netloc}/{name}"
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment_file(tmp_path: Path, database_url: str) -> Path:
    """deploy/env.example with its placeholders filled in, as step 5 asks."""
    values = {
        "SECRET_KEY": "a-long-random-production-key-" + "x7Qz" * 12,
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "EMAIL_HOST_PASSWORD": "not-used-here",
    }
    if not _redis_answers():  # the machine's Redis; without it, one worker needs no sharing
        values.update(REDIS_URL="", WEB_CONCURRENCY="1")
    lines = []
    for line in (DEPLOY / "env.example").read_text().splitlines():
        name = line.split("=", 1)[0]
        lines.append(f"{name}={values[name]}" if name in values else line)
    path = tmp_path / "env"
    path.write_text("\n".join(lines) + "\n")
    return path


def as_here(command: str, env_file: Path) -> str:
    """A documented command, run here: this checkout for /srv/intl/current, the test's
    environment file for /etc/intl/env, the current account for the service account."""
    return (
        command.replace("sudo -u intl ", "")
        .replace("/etc/intl/env", str(env_file))
        .replace("/srv/intl/current", str(ROOT))
    )


def read_env(path: Path) -> dict:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if line)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="The guide installs on PostgreSQL; this runs in the suite's PostgreSQL round.",
)
def test_the_guide_installs_and_the_unit_serves_reloads_and_logs(tmp_path, fresh_database):
    env_file = environment_file(tmp_path, fresh_database)
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY")
    }
    base["PATH"] = f"{Path(sys.executable).parent}:{base['PATH']}"

    # Step 6, as written: migrate, collectstatic, the municipality's data, check --deploy,
    # and the coordinator's account (its password from standard input: no terminal here).
    blocks = guide_step(6)
    assert len(blocks) == 1 and "create_coordinator" in blocks[0]
    script = as_here(blocks[0], env_file).replace(
        "--last-name Berg", "--last-name Berg --password-stdin"
    )
    step = subprocess.run(
        ["bash", "-e", "-c", script],
        input="Rätt-långt-lösen-2026\n",
        env=base,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert step.returncode == 0, step.stdout[-3000:] + step.stderr[-3000:]
    assert "Created the coordinator anna.berg" in step.stdout
    applied = set(re.findall(r"Applying (\w+)\.\w+\.\.\. OK", step.stdout))
    if os.environ.get("PYTEST_XDIST_TESTRUNUID"):
        # The template's copy: only the task queue's tables (django_rq, an app of the
        # production settings with REDIS_URL, not of the tests') were left to make.
        assert applied <= {"django_rq"}, step.stdout[:3000]
    else:
        assert {"governance", "partners", "projects", "followup"} <= applied, step.stdout[:3000]

    # Step 7: the instance as its unit starts it.
    port = _free_port()
    environment = {**base, **read_env(env_file), "PORT": str(port)}
    assert unit_setting("intl@.service", "Environment") == "PORT=%i"
    command = as_here(unit_setting("intl@.service", "ExecStart"), env_file).split()
    command[0] = str(GUNICORN)  # this checkout's virtual environment
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        _wait_until_up(port, process, log)
        ready = _get(port, "/readyz")
        page = _get(
            port,
            "/",
            {"Host": HOST, "X-Forwarded-Proto": "https", "X-Request-ID": "guide-test-1"},
        )
        process.send_signal(signal.SIGHUP)  # the unit's ExecReload
        during = [_get(port, "/healthz")[0] for _ in range(30)]
        time.sleep(2)
        after = _get(port, "/", {"Host": HOST, "X-Forwarded-Proto": "https"})
    finally:
        process.terminate()
        process.wait(timeout=60)

    assert unit_setting("intl@.service", "ExecReload") == "/bin/kill -s HUP $MAINPID"
    assert ready[0] == 200, ready[2]
    assert page[0] == 200
    assert page[1]["X-Request-ID"] == "guide-test-1"
    assert set(during) == {200}
    assert after[0] == 200
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert [line["path"] for line in access] == ["/", "/"]
    assert access[0]["request_id"] == "guide-test-1"
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


#: Services that run all the time rather than once a day (tests/operations/test_report_worker.py).
LONG_RUNNING = {"intl-rqworker.service"}


def test_every_daily_job_has_a_timer_and_runs_a_command_that_exists():
    from django.core.management import get_commands

    services = sorted(
        service
        for service in (DEPLOY / "systemd").glob("intl-*.service")
        if service.name not in LONG_RUNNING
    )
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
