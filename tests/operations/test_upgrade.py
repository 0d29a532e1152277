"""The documented upgrade fails no request (#16, docs/operations.md "Upgrade").

Two release directories and a `current` link, two gunicorn instances started as the systemd
unit's ExecStart says, nginx in front as deploy/nginx/intl.conf says (TLS with a throwaway
certificate), and clients asking for the probe, a public page and the API through nginx the
whole time. The upgrade's commands are read from the guide itself and run as written, except
what a test cannot do: the clone is a copy of this checkout committed and tagged as the new
release, both releases use this checkout's virtual environment (a link, nothing installed),
the test suite is not run inside the test suite, and `systemctl restart` is done as systemd
does it: the unit's KillSignal, waiting up to TimeoutStopSec, then ExecStart again.
Afterwards no request has failed, both instances run from the new release, the backup names
it, and a reload by HUP (the unit's ExecReload) fails nothing either and changes no release,
even with `current` pointing elsewhere. Most of the test's time is the upgrade's collectstatic
(compressing the static files).
"""

import contextlib
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.operations import proxy
from tests.operations.test_deployment import (
    HOST,
    _get,
    as_here,
    environment_file,
    guide_step,
    read_env,
    unit_setting,
)

ROOT = Path(__file__).resolve().parents[2]
UNIT = "intl@.service"
PAGES = ["/healthz", "/", "/api/v1/"]
# The test's settings stay out of the processes; INTL_RELEASE_DIRECTORY is the one
# deploy/gunicorn.conf.py sets in an instance for itself.
NOT_INHERITED = (
    *("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SECRET_KEY", "PWD"),
    "INTL_RELEASE_DIRECTORY",
)
MANIFEST_ONLY = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="The upgrade runs on PostgreSQL; this runs in the suite's PostgreSQL round.",
    ),
    proxy.needs_nginx,
    pytest.mark.django_db(transaction=True),
]


def upgrade_commands() -> list[str]:
    """The shell block of the guide's "Upgrade", one command per item (continuations joined)."""
    text = (ROOT / "docs" / "operations.md").read_text()
    start = text.index("\n## Upgrade\n")
    section = text[start : text.index("\n## ", start + 1)]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.DOTALL).group(1)
    commands, pending = [], ""
    for line in block.splitlines():
        pending += line + "\n"
        if not line.endswith("\\"):
            commands.append(re.sub(r"\s+#.*$", "", pending.strip()))
            pending = ""
    return [command for command in commands if command]


def installed_release() -> str:
    """The release step 4 installs (the directory's name)."""
    return re.search(r"git clone --branch (\S+) ", guide_step(4)[0]).group(1)


def make_release(directory: Path, name: str):
    """This checkout's files (as they are now) in a git repository of their own, tagged ``name``:
    what `git clone --branch name` would give."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for relative in filter(None, listed.split("\0")):
        source = ROOT / relative
        if source.is_file():
            (directory / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, directory / relative)
    identity = ["-c", "user.name=Release", "-c", "user.email=release@example.se"]
    for step in (
        ["init", "-q"],
        ["add", "-A"],
        [*identity, "commit", "-q", "--no-verify", "-m", f"Release {name}"],
        ["tag", name],
    ):
        subprocess.run(["git", *step], cwd=directory, check=True, capture_output=True)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def directories(pid: int) -> set[Path]:
    """The working directories of a gunicorn master and its workers."""
    found = set()
    for process in [pid, *_children(pid)]:
        with contextlib.suppress(FileNotFoundError):  # a worker that has just finished
            found.add(Path(os.readlink(f"/proc/{process}/cwd")))
    return found


class Instance:
    """One `intl@PORT` as systemd runs it: ExecStart in WorkingDirectory, with the unit's
    environment, stopped with KillSignal and at most TimeoutStopSec."""

    def __init__(self, port: int, current: Path, env_file: Path, base: dict, log: Path):
        self.port, self.current, self.log = port, current, log
        # PWD as a shell's `cd /srv/intl/current` leaves it: gunicorn would take the link for
        # its directory, were the directory not pinned in deploy/gunicorn.conf.py.
        self.env = {**base, **read_env(env_file), "PORT": str(port), "PWD": str(current)}
        start = unit_setting(UNIT, "ExecStart").replace("/srv/intl/current", str(current))
        self.command = as_here(start, env_file).split()
        self.process = None

    def start(self):
        assert unit_setting(UNIT, "WorkingDirectory") == "/srv/intl/current"
        with self.log.open("a") as stderr:
            self.process = subprocess.Popen(
                self.command,
                cwd=self.current,  # a chdir through the link, as systemd's
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )

    def stop(self):
        signal_name = unit_setting(UNIT, "KillSignal")
        self.process.send_signal(getattr(signal, signal_name))
        try:
            self.process.wait(timeout=int(unit_setting(UNIT, "TimeoutStopSec")))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"gunicorn on {self.port} did not stop within TimeoutStopSec")

    def restart(self):  # systemctl restart
        self.stop()
        self.start()

    def reload(self):  # systemctl reload: the unit's ExecReload
        assert unit_setting(UNIT, "ExecReload") == "/bin/kill -s HUP $MAINPID"
        self.process.send_signal(signal.SIGHUP)

    def wait_until_up(self, seconds=90):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("gunicorn exited: " + self.log.read_text()[-3000:])
            try:
                if _get(self.port, "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn on {self.port} did not answer /readyz")


class Load:
    """Clients asking nginx for PAGES in turn until stopped; every answer but a 200 and every
    error is a failed request."""

    def __init__(self, client: proxy.Client, clients: int = 2):
        self.client = client
        self.stopping = threading.Event()
        self.answers: list[tuple[str, object]] = []
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(clients)]

    def _run(self, offset):
        turn = offset
        while not self.stopping.is_set():
            path = PAGES[turn % len(PAGES)]
            turn += 1
            try:
                outcome = self.client.get(path)[0]
            except Exception as error:  # noqa: BLE001 - every failure counts
                outcome = repr(error)
            self.answers.append((path, outcome))
            time.sleep(0.02)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def failed(self):
        return [answer for answer in self.answers if answer[1] != 200]


def _test_database_url() -> str:
    database = connection.settings_dict
    server = os.environ["DATABASE_URL"].split("://", 1)[1].split("/", 1)[0]
    assert database["NAME"].startswith("test_"), database["NAME"]
    return f"postgres://{server}/{database['NAME']}"


def _run(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    done = subprocess.run(
        ["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"{script}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done


def test_the_documented_upgrade_fails_no_request(tmp_path):
    started = time.monotonic()
    releases, current = tmp_path / "releases", tmp_path / "current"
    old, new = installed_release(), None
    env_file = environment_file(tmp_path, _test_database_url())
    # One worker per instance (the machine running the suite is shared): no shared cache needed.
    lines = [
        "WEB_CONCURRENCY=1" if line.startswith("WEB_CONCURRENCY=") else line
        for line in env_file.read_text().splitlines()
        if not line.startswith("REDIS_URL=")
    ]
    env_file.write_text("\n".join(lines) + "\n")
    base = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    base["PATH"] = f"{Path(sys.executable).parent}:{base['PATH']}"

    def here(command: str) -> str:
        command = as_here(command.replace("/srv/intl/current", str(current)), env_file)
        command = command.replace("/srv/intl/releases", str(releases))
        for shipped, port in ports.items():
            command = command.replace(f"127.0.0.1:{shipped}/", f"127.0.0.1:{port}/")
        return command

    # The release in service, installed (step 4: its directory, `current`; step 6's static
    # files; the municipality's data, here loaded directly into the test's database).
    (releases / old).mkdir(parents=True)
    make_release(releases / old, old)
    (releases / old / ".venv").symlink_to(sys.prefix)
    current.symlink_to(releases / old)
    call_command("load_municipality", stdout=io.StringIO())
    # Its static files with their manifest, here without the compressed copies (the upgrade's
    # collectstatic below makes those, as the guide's does: a minute of CPU for both is too much).
    with override_settings(
        STATIC_ROOT=read_env(env_file)["STATIC_ROOT"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": MANIFEST_ONLY},
        },
    ):
        call_command("collectstatic", interactive=False, verbosity=0)

    ports = {8001: proxy.free_port(), 8002: proxy.free_port()}
    instances = {
        shipped: Instance(port, current, env_file, base, tmp_path / f"gunicorn-{shipped}.log")
        for shipped, port in ports.items()
    }
    https = proxy.free_port()
    cert, key = proxy.certificate(tmp_path, HOST)
    (tmp_path / "nginx").mkdir()
    site = proxy.site(HOST, cert, key, {443: https, 80: proxy.free_port(), **ports})
    nginx = proxy.Nginx(proxy.configuration(tmp_path / "nginx", site))
    client = proxy.Client(https, HOST, cert)
    done = []
    try:
        for instance in instances.values():
            instance.start()
        for instance in instances.values():
            instance.wait_until_up()
        nginx.start()
        client.wait_until_up()
        assert {client.get(page)[0] for page in PAGES} == {200}
        before = {shipped: i.process.pid for shipped, i in instances.items()}

        with Load(client) as load:
            time.sleep(1)
            cwd = current
            variables = {}
            for command in upgrade_commands():
                if assignment := re.fullmatch(r"(\w+)=(\S+)", command):
                    variables[assignment[1]] = assignment[2]
                    new = variables.get("R")
                    continue
                expanded = here(command).replace("$R", variables.get("R", "$R"))
                if " git clone --branch $R " in command:
                    target = Path(expanded.split()[-1])
                    target.mkdir(parents=True)
                    make_release(target, variables["R"])
                elif command.startswith("cd "):
                    cwd = Path(expanded.split(maxsplit=1)[1])
                elif command.endswith("python3 -m venv .venv"):
                    (cwd / ".venv").symlink_to(sys.prefix)  # the same environment, linked
                elif " -m pip install " in command:
                    assert (cwd / ".venv" / "bin" / "python").exists()
                elif " sh -c " in command:
                    # The test suite does not run inside itself: that one line is left out.
                    script, suite = re.subn(
                        r"\n\s*\.venv/bin/python -m pytest [^\n]*&& \\", "", expanded
                    )
                    assert suite == 1, command
                    _run(script, cwd, base)
                elif command.startswith("ln -sfn "):
                    _run(expanded, cwd, base)
                elif restart := re.fullmatch(r"systemctl restart intl@(\d+) && (curl .*)", command):
                    instances[int(restart[1])].restart()
                    _run(here(restart[2]), cwd, base)
                else:
                    pytest.fail(f"A command of the guide unknown to this test: {command}")
                done.append(command)
            time.sleep(1)
            during_upgrade = len(load.answers)

            upgraded = {shipped: directories(i.process.pid) for shipped, i in instances.items()}

            # A reload (ExecReload: HUP) renews the workers, failing nothing, but no release
            # changes by it: with `current` pointing back at the old release, the instances
            # stay in the one they started in, with its interpreter.
            _run(f"ln -sfn {releases / old} {current}", cwd, base)
            workers = {shipped: set(_children(i.process.pid)) for shipped, i in instances.items()}
            for instance in instances.values():
                instance.reload()
            deadline = time.monotonic() + 60
            while any(not set(_children(i.process.pid)) - workers[s] for s, i in instances.items()):
                assert time.monotonic() < deadline, "HUP started no new worker"
                time.sleep(0.2)
            time.sleep(2)
        failed = load.failed()
        reloaded = {shipped: directories(i.process.pid) for shipped, i in instances.items()}
        pids = {shipped: i.process.pid for shipped, i in instances.items()}
    finally:
        nginx.stop()
        for instance in instances.values():
            if instance.process and instance.process.poll() is None:
                instance.stop()

    assert new and new != old
    assert any(c.startswith("systemctl restart intl@8001") for c in done)
    assert any(c.startswith("systemctl restart intl@8002") for c in done)
    assert failed == [], f"{len(failed)} of {len(load.answers)} requests failed: {failed[:20]}"
    assert during_upgrade > 50, during_upgrade
    assert {path for path, _ in load.answers} == set(PAGES)
    # Both instances were restarted, and now run (master and workers) from the new release.
    assert all(pids[s] != before[s] for s in pids)
    assert upgraded == {8001: {releases / new}, 8002: {releases / new}}
    assert reloaded == upgraded
    # The backup taken before the migrations names the release that made it.
    (archive,) = (releases / new / "var" / "backups").glob("backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        assert json.load(tar.extractfile("manifest.json"))["release"] == new
    # nginx did meet an instance that was down, and passed the request on (error, not 502).
    assert "Connection refused) while connecting to upstream" in nginx.errors()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"{len(load.answers)} requests, none failed, in {time.monotonic() - started:.0f} s;"
        f" processes' CPU {cpu.ru_utime + cpu.ru_stime:.0f} s"
    )
