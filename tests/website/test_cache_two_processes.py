"""Two processes agree (#15, S19): after each committed toggle of a project's published flag,
every request that starts after the commit shows the new state, on both processes.

Two gunicorn servers (one worker each, so each is one process with its own memory) serve the
test's PostgreSQL database while reader threads ask both for the project's page and the
project list without pause. The test process toggles the flag through the ORM, as a staff
save in a third process would, and notes when each commit returned. Run once with the
local-memory cache (the production default without REDIS_URL: the content version comes from
the database) and once with a shared Redis (the version in Redis; database 10 of the local
Redis, flushed before and after; skipped when no Redis answers).

The servers run with DEBUG on only so that they need no collected static files (collectstatic
takes minutes on the 2-CPU machine); the cache and its version do not depend on DEBUG.
SQLite's test database lives in the test process's memory, so the test needs PostgreSQL: it
skips on SQLite and runs in CI's PostgreSQL round.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.db import connection, transaction
from django.urls import reverse

from projects.models import Project
from tests.website.cache_support import LOCMEM_BACKEND, REDIS_BACKEND, redis_answers
from website import caching

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="two server processes need a database they can share: PostgreSQL (CI's round)",
    ),
]

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
REDIS_URL = "redis://127.0.0.1:6379/10"
TOGGLES = 8
PAUSE = 0.4  # seconds of reading after each commit
TITLE = "Skolutbyte med Joniškis"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(cache: str) -> dict:
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL")}
    env.pop("CONTENT_VERSION_IN_CACHE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="vimmerby_intl.settings",
        DATABASE_URL=database_url,
        DEBUG="on",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="0",
        DEMO_DATA_ALLOWED="off",
    )
    if settings.get("PASSWORD"):
        pytest.skip("the servers are given the database by URL without its password")
    if cache == "redis":
        env["REDIS_URL"] = REDIS_URL
    return env


def start(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "vimmerby_intl.wsgi",
            "--workers=1",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}"


def wait_until_answering(base: str, process: subprocess.Popen):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}")
        try:
            if requests.get(base + "/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    pytest.fail(f"gunicorn at {base} did not answer within 120 s")


def stop(process: subprocess.Popen):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@dataclass
class Answer:
    server: str
    url: str
    started: float
    ended: float
    shown: bool | None  # None: neither state (an error)


def shows(response: requests.Response, url: str, detail: str) -> bool | None:
    if url == detail:
        if response.status_code == 404:
            return False
        if response.status_code == 200:
            return f"<h1>{TITLE}</h1>" in response.text or None
        return None
    if response.status_code != 200:
        return None
    return TITLE in response.text


@pytest.fixture
def store(request, settings):
    """Point this process at the servers' cache: its saves raise the version there."""
    kind = request.param
    caching.state.reset()
    settings.CONTENT_VERSION_IN_CACHE = None
    if kind == "redis":
        if not redis_answers():
            pytest.skip("no Redis answers at 127.0.0.1:6379")
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
        settings.CACHES = {"default": {"BACKEND": REDIS_BACKEND, "LOCATION": REDIS_URL}}
        yield kind
        client.flushdb()
    else:
        settings.CACHES = {"default": {"BACKEND": LOCMEM_BACKEND, "LOCATION": "two"}}
        yield kind
    caching.state.reset()


@pytest.mark.parametrize("store", ["database", "redis"], indirect=True)
def test_every_request_after_a_commit_shows_the_new_state_on_both_processes(store, world):
    detail = reverse("website:project-detail", args=[world.project.slug])
    listing = reverse("website:project-list")
    env = server_env(store)
    servers = [start(env), start(env)]
    answers: list[Answer] = []
    lock = threading.Lock()
    done = threading.Event()

    def read(base: str, name: str):
        session = requests.Session()
        n = 0
        while not done.is_set():
            url = (detail, listing)[n % 2]
            n += 1
            started = time.monotonic()
            try:
                response = session.get(base + url, timeout=30)
                shown = shows(response, url, detail)
            except requests.RequestException:
                shown = None
            with lock:
                answers.append(Answer(name, url, started, time.monotonic(), shown))

    try:
        for process, base in servers:
            wait_until_answering(base, process)
        readers = [
            threading.Thread(target=read, args=(base, f"server {i}"), daemon=True)
            for i, (_process, base) in enumerate(servers)
            for _ in range(2)
        ]
        for reader in readers:
            reader.start()
        time.sleep(PAUSE)  # both servers have cached the published pages

        commits = []  # (the toggle began, its commit returned, the state it committed)
        checked_at_once = []
        published = True
        for _ in range(TOGGLES):
            began = time.monotonic()
            published = not published
            with transaction.atomic():
                project = Project.objects.get(pk=world.project.pk)
                project.published = published
                project.save()
            committed = time.monotonic()
            commits.append((began, committed, published))
            for _process, base in servers:
                for url in (detail, listing):
                    checked_at_once.append(shows(requests.get(base + url, timeout=30), url, detail))
            time.sleep(PAUSE)
        done.set()
        for reader in readers:
            reader.join(60)
    finally:
        done.set()
        for process, _base in servers:
            stop(process)

    expected_at_once = [state for _b, _c, state in commits for _ in range(4)]
    assert checked_at_once == expected_at_once

    errors = [a for a in answers if a.shown is None]
    assert not errors, errors[:5]
    # An answer is judged when it was asked after a commit and came back before the next
    # toggle began (one that came back later may rightly show the next state).
    judged, wrong = 0, []
    for index, (_began, committed, state) in enumerate(commits):
        until = commits[index + 1][0] if index + 1 < len(commits) else float("inf")
        for answer in answers:
            if committed <= answer.started and answer.ended < until:
                judged += 1
                if answer.shown != state:
                    wrong.append((index, state, answer))
    assert not wrong, f"{len(wrong)} of {judged} answers after a commit were stale: {wrong[:5]}"
    # Each server answered many times after the commits (the test is not vacuous).
    for name in ("server 0", "server 1"):
        after = [a for a in answers if a.server == name and a.started >= commits[0][1]]
        assert len(after) >= TOGGLES, (name, len(after))
    assert judged >= 2 * TOGGLES, judged
