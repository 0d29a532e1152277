"""Load with writes: readers and editors against gunicorn, and a worker killed in the middle.

Run from the project root::

    .venv/bin/python bench/load_writes.py

It drops and recreates its own PostgreSQL database (``vimmerby_loadwrites``, or
``$BENCH_WRITES_DB``, on 127.0.0.1:5432, user postgres; no other database is touched), migrates
it (or copies ``$BENCH_WRITES_TEMPLATE``, an already migrated database: the test suite's),
loads the municipality's facts and a few published projects, and creates five coordinator
accounts with a session each (made directly in the session store, so the login form and its
lockout play no part). It collects the static files into a temporary directory and starts
gunicorn with two sync workers on a free loopback port, in production settings (DEBUG off, a
random SECRET_KEY, no TLS redirect, no second factor).

Then, for BENCH_WRITE_SECONDS (default 60) seconds, BENCH_READERS (default 50) threads read
public pages and the API, and BENCH_EDITORS (default 5) threads each create projects and
update the last one through the staff form ``/arbete/projekt/nytt/`` and
``/arbete/projekt/<pk>/andra/`` (GET for the CSRF token, then POST), remembering what they
posted and what the server answered. Every thread stops at the deadline or after
BENCH_MAX_REQUESTS (default 5000) requests. Half-way, one gunicorn worker is killed with
SIGKILL; the master starts another.

Afterwards it checks the database against what the editors were told: every acknowledged
save is there with exactly the content posted, every project has its places, objectives
and one history row per committed save, the number of projects is the acknowledged creates
plus at most the creates whose answer was lost at the kill (each of which, if it exists, is
complete), and nothing else in the database changed.

Meanwhile the caches must agree (#15): a toggler flips a published project's ``published``
flag through the ORM on the scratch database every BENCH_TOGGLE_SECONDS (default 1.5), or
once two answers have come since the last commit if that takes longer, as a save in another
process would, and notes when each commit returned; two checker threads ask
the server for that project's page without pause. Every answer asked after a commit and
received before the next toggle began must show the committed state (200 with the project,
or 404); the wrong ones are counted and printed, and any fails the run. The script uses the
cache the environment names, as gunicorn does: local memory without REDIS_URL (the content
version is then read from the database), Redis with it.

A kill at a random moment rarely lands between the writes of one save, so two targeted
probes follow, on the same server: a create is held (by a table lock taken from another
connection) after the project's row is written and before its history and its links to
places and objectives, and the worker serving it is killed, after which the project must be
absent or whole; and two creates with the same title are let loose at the same moment,
after which neither may have failed with a server error.

It prints the figures and exits 1 if an error other than the requests cut off by the kill
occurred or a check failed. Timings are printed, never judged (CONVENTIONS.md).
"""

import collections
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The test suite gives each of its runs a name of its own (tests/operations/test_load_writes.py).
DB_NAME = os.environ.get("BENCH_WRITES_DB", "vimmerby_loadwrites")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
# A migrated database to copy instead of migrating (the test suite's template, whose
# migrations are this checkout's): the same tables, 18 s of CPU less (#15).
DB_TEMPLATE = os.environ.get("BENCH_WRITES_TEMPLATE", "")
SECONDS = float(os.environ.get("BENCH_WRITE_SECONDS", "60"))
READERS = int(os.environ.get("BENCH_READERS", "50"))
EDITORS = int(os.environ.get("BENCH_EDITORS", "5"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "5000"))
TOGGLE_SECONDS = float(os.environ.get("BENCH_TOGGLE_SECONDS", "1.5"))
TOGGLED_SLUG = "publicerat-projekt-toggle"
REQUEST_TIMEOUT = 30
# A request that failed this close to the kill may have been in flight on the killed worker.
KILL_WINDOW = (-1.0, 3.0)
TITLE_PREFIX = "Lasttest"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PROJECT_LOCATION = re.compile(r"/arbete/projekt/(\d+)/$")


def log(message):
    now = time.strftime("%H:%M:%S", time.gmtime())
    print(f"[load_writes {now} UTC] {message}", file=sys.stderr, flush=True)


# --- the server -----------------------------------------------------------------------------


def production_env(static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="vimmerby_intl.settings",
        DATABASE_URL=DB_URL,
        DEBUG="off",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="off",
        SESSION_COOKIE_SECURE="off",
        CSRF_COOKIE_SECURE="off",
        STAFF_OTP_REQUIRED="off",
        DEMO_DATA_ALLOWED="off",
        STATIC_ROOT=static_root,
        MEDIA_ROOT=str(Path(static_root).parent / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    return env


def recreate_database():
    create = f'CREATE DATABASE "{DB_NAME}"'
    if DB_TEMPLATE:
        create += f' TEMPLATE "{DB_TEMPLATE}"'
    for sql in (f'DROP DATABASE IF EXISTS "{DB_NAME}"', create):
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql],
            check=True,
        )


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port: int) -> subprocess.Popen:
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "vimmerby_intl.wsgi",
        "--workers=2",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        "--timeout=30",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/", timeout=30).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.5)
    stop(server)
    raise SystemExit("gunicorn did not answer within 90 seconds")


def stop(server: subprocess.Popen):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()


# --- the data, in this process (Django set up on the scratch database) ---------------------


def set_up_django(env):
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG")})
    os.environ.update({k: env[k] for k in ("SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT")})
    os.environ.update({k: env[k] for k in ("MEDIA_ROOT", "STAFF_OTP_REQUIRED")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_published_projects(count=10) -> list[str]:
    from governance.models import Body
    from partners.models import Place
    from projects.models import Project, ProjectKind

    body = Body.objects.get(short_name="BUN")
    place = Place.objects.order_by("slug").first()
    slugs = []
    for n in range(count):
        project = Project(
            title=f"Publicerat projekt {n}",
            slug=f"publicerat-projekt-{n}",
            summary="Ett projekt som visas på den publika webbplatsen.",
            kind=ProjectKind.PARTNERSHIP,
            responsible_body=body,
            published=True,
        )
        project.save()
        project.places.add(place)
        slugs.append(project.slug)
    Project(
        title="Projekt som publiceras och döljs",
        slug=TOGGLED_SLUG,
        summary="Publiceras och döljs om och om igen under lasten.",
        kind=ProjectKind.PARTNERSHIP,
        responsible_body=body,
        published=True,
    ).save()
    return slugs


def create_editors(count: int) -> list[tuple[str, str]]:
    """Coordinator accounts, each with a signed-in session: (username, session key)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from governance.access import COORDINATOR_GROUP
    from governance.models import Person

    group = Group.objects.get(name=COORDINATOR_GROUP)
    editors = []
    for n in range(count):
        user = User.objects.create_user(f"redaktor{n}", password=secrets.token_urlsafe(20))
        user.groups.add(group)
        Person(first_name="Redaktör", last_name=str(n), user=user).save()
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        editors.append((user.username, session.session_key))
    return editors


def form_choices() -> dict:
    from governance.models import Body
    from partners.models import Place
    from strategy.models import Objective

    return {
        "bodies": list(
            Body.objects.filter(short_name__in=["BUN", "KS"]).values_list("pk", flat=True)
        ),
        "places": list(Place.objects.order_by("pk").values_list("pk", flat=True)[:4]),
        "objectives": list(Objective.objects.order_by("pk").values_list("pk", flat=True)[:4]),
    }


def database_counts() -> dict[str, int]:
    from django.apps import apps

    return {
        m._meta.label: m._base_manager.count()
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }


# --- the load ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One request: what was asked, when, and what came back."""

    kind: str  # "read", "create", "update"
    url: str
    started: float
    ended: float = 0.0
    status: int | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def seconds(self) -> float:
        return self.ended - self.started


@dataclass
class Save:
    """One save an editor posted: its content and what the server said about it."""

    kind: str  # "create" or "update"
    payload: dict
    outcome: Outcome
    pk: int | None = None

    @property
    def acknowledged(self) -> bool:
        return self.outcome.ok


@dataclass
class Toggle:
    """One committed change of the toggled project's publication."""

    began: float
    committed: float
    published: bool


@dataclass
class Sight:
    """One answer about the toggled project: asked, received, and what it showed."""

    started: float
    ended: float
    shown: bool | None  # None: an error, neither state
    error: str = ""


@dataclass
class Run:
    base: str
    deadline: float
    outcomes: list = field(default_factory=list)
    saves: list = field(default_factory=list)
    toggles: list = field(default_factory=list)
    sights: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, outcome: Outcome, save: Save | None = None):
        with self.lock:
            self.outcomes.append(outcome)
            if save:
                self.saves.append(save)


def timed(run: Run, session, kind, method, url, *, expect, **kwargs):
    """One request; an Outcome whose error names what went wrong (empty when it went right)."""
    outcome = Outcome(kind=kind, url=url, started=time.monotonic())
    try:
        response = session.request(
            method, run.base + url, timeout=REQUEST_TIMEOUT, allow_redirects=False, **kwargs
        )
        outcome.status = response.status_code
        if response.status_code != expect:
            outcome.error = f"HTTP {response.status_code}"
    except requests.RequestException as exc:
        response = None
        outcome.error = f"{type(exc).__name__}"
    outcome.ended = time.monotonic()
    return outcome, response


def reader(run: Run, urls: list[str], seed: int):
    session = requests.Session()
    for n in range(MAX_REQUESTS):
        if time.monotonic() >= run.deadline:
            return
        url = urls[(seed + n) % len(urls)]
        outcome, _ = timed(run, session, "read", "GET", url, expect=200)
        run.record(outcome)


def project_payload(editor: int, n: int, choices: dict, token: str) -> dict:
    """A project's form, different on every save (title, cost, places, objectives)."""
    places = choices["places"]
    objectives = choices["objectives"]
    return {
        "csrfmiddlewaretoken": token,
        "title": f"{TITLE_PREFIX} {editor}-{n} {secrets.token_hex(4)}",
        "summary": f"Sparad av redaktör {editor}, gång {n}.",
        "kind": "school_exchange" if n % 2 else "partnership",
        "status": "planned",
        "responsible_body": str(choices["bodies"][n % len(choices["bodies"])]),
        "places": [str(places[n % len(places)]), str(places[(n + 1) % len(places)])],
        "objectives": [str(objectives[n % len(objectives)])],
        "own_cost": str(1000 + n),
        "school": f"Skola {n}",
        "internal_notes": f"Anteckning {editor}-{n}",
    }


def editor(run: Run, number: int, session_key: str, choices: dict):
    session = requests.Session()
    from django.conf import settings

    session.cookies.set(settings.SESSION_COOKIE_NAME, session_key, domain="127.0.0.1", path="/")
    current_pk = None
    for n in range(MAX_REQUESTS // 2):
        if time.monotonic() >= run.deadline:
            return
        creating = current_pk is None or n % 3 == 0
        url = "/arbete/projekt/nytt/" if creating else f"/arbete/projekt/{current_pk}/andra/"
        kind = "create" if creating else "update"
        outcome, form = timed(run, session, f"{kind}-form", "GET", url, expect=200)
        run.record(outcome)
        match = CSRF_INPUT.search(form.text) if form is not None and outcome.ok else None
        if not match:
            continue
        payload = project_payload(number, n, choices, match.group(1))
        outcome, answer = timed(run, session, kind, "POST", url, expect=302, data=payload)
        save = Save(
            kind=kind, payload=payload, outcome=outcome, pk=None if creating else current_pk
        )
        if outcome.ok:
            found = PROJECT_LOCATION.search(answer.headers.get("Location", ""))
            if found is None:
                outcome.error = f"redirected to {answer.headers.get('Location')}"
            else:
                save.pk = int(found.group(1))
                current_pk = save.pk
        run.record(outcome, save)


def toggler(run: Run):
    """Flip the toggled project's publication, one committed transaction at a time."""
    from django.db import connection, transaction

    from projects.models import Project

    published = True
    try:
        while time.monotonic() + TOGGLE_SECONDS < run.deadline:
            time.sleep(TOGGLE_SECONDS)
            # Under heavy load an answer may take longer than the interval: wait until both
            # checkers have been answered since the last commit, so that every toggle is
            # judged by answers received before the next one.
            last = run.toggles[-1].committed if run.toggles else 0.0
            while time.monotonic() < run.deadline and (
                sum(1 for sight in list(run.sights) if sight.started >= last) < 2
            ):
                time.sleep(0.05)
            if time.monotonic() >= run.deadline:
                return
            began = time.monotonic()
            published = not published
            with transaction.atomic():
                project = Project.objects.select_for_update().get(slug=TOGGLED_SLUG)
                project.published = published
                project.save()
            with run.lock:
                run.toggles.append(Toggle(began, time.monotonic(), published))
    finally:
        connection.close()


def checker(run: Run):
    """Ask for the toggled project's page without pause; note what each answer showed."""
    session = requests.Session()
    url = f"{run.base}/projekt/{TOGGLED_SLUG}/"
    # Past the deadline until an answer asked after the last commit came back, so that the
    # last toggle is judged too, however slow the server is under the load.
    give_up = run.deadline + REQUEST_TIMEOUT
    while time.monotonic() < run.deadline or (
        run.toggles
        and time.monotonic() < give_up
        and not any(sight.started >= run.toggles[-1].committed for sight in list(run.sights))
    ):
        started = time.monotonic()
        try:
            response = session.get(url, timeout=REQUEST_TIMEOUT, allow_redirects=False)
            if response.status_code == 404:
                shown, error = False, ""
            elif response.status_code == 200 and TOGGLED_SLUG in response.text:
                shown, error = True, ""
            else:
                shown, error = None, f"HTTP {response.status_code}"
        except requests.RequestException as exc:
            shown, error = None, type(exc).__name__
        with run.lock:
            run.sights.append(Sight(started, time.monotonic(), shown, error))


def agreement(run: Run, killed_at: float) -> tuple[int, list, list]:
    """(answers judged, wrong answers, errors): an answer asked after a commit and received
    before the next toggle began must show what that commit left."""
    judged, wrong, errors = 0, [], []
    for sight in run.sights:
        if sight.shown is None:
            asked = Outcome("agreement", "", sight.started, sight.ended, None, sight.error)
            if sight.error.startswith("HTTP") or not cut_by_kill(asked, killed_at):
                errors.append(sight)
    toggles = list(run.toggles)
    answered = [sight for sight in run.sights if sight.shown is not None]
    for index, toggle in enumerate(toggles):
        until = toggles[index + 1].began if index + 1 < len(toggles) else float("inf")
        for sight in answered:
            if toggle.committed <= sight.started and sight.ended < until:
                judged += 1
                if sight.shown != toggle.published:
                    wrong.append((index, toggle, sight))
    return judged, wrong, errors


def kill_a_worker(server: subprocess.Popen) -> tuple[float, int]:
    worker = psutil.Process(server.pid).children()[0]
    moment = time.monotonic()
    os.kill(worker.pid, signal.SIGKILL)
    return moment, worker.pid


def run_load(base: str, urls: list[str], editors: list, choices: dict, server) -> tuple:
    run = Run(base=base, deadline=time.monotonic() + SECONDS)
    threads = [
        threading.Thread(target=reader, args=(run, urls, i), daemon=True) for i in range(READERS)
    ]
    threads += [
        threading.Thread(target=editor, args=(run, i, key, choices), daemon=True)
        for i, (_username, key) in enumerate(editors)
    ]
    threads.append(threading.Thread(target=toggler, args=(run,), daemon=True))
    threads += [threading.Thread(target=checker, args=(run,), daemon=True) for _ in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(SECONDS / 2)
    killed_at, killed_pid = kill_a_worker(server)
    log(f"killed worker {killed_pid} with SIGKILL at {killed_at - started:.1f} s")
    for thread in threads:
        thread.join(SECONDS + REQUEST_TIMEOUT + 10)
    return run, killed_at, time.monotonic() - started


# --- the checks -------------------------------------------------------------------------------


def cut_by_kill(outcome: Outcome, killed_at: float) -> bool:
    """A connection cut off while the request may have been on the killed worker."""
    low, high = KILL_WINDOW
    return (
        not outcome.ok
        and outcome.status is None
        and outcome.started <= killed_at + high
        and outcome.ended >= killed_at + low
    )


def _project_state(project) -> dict:
    return {
        "title": project.title,
        "summary": project.summary,
        "kind": project.kind,
        "status": project.status,
        "responsible_body": str(project.responsible_body_id),
        "places": sorted(str(pk) for pk in project.places.values_list("pk", flat=True)),
        "objectives": sorted(str(pk) for pk in project.objectives.values_list("pk", flat=True)),
        "own_cost": str(project.own_cost),
        "school": project.school,
        "internal_notes": project.internal_notes,
    }


def _posted_state(payload: dict) -> dict:
    state = {k: v for k, v in payload.items() if k != "csrfmiddlewaretoken"}
    state["places"] = sorted(state["places"])
    state["objectives"] = sorted(state["objectives"])
    state["own_cost"] = str(Decimal(state["own_cost"]).quantize(Decimal("0.01")))
    return state


HISTORY_FIELDS = ("title", "summary", "kind", "status", "school")


def _history_matches(row, project) -> bool:
    """The history row holds the project as it is now (its last save)."""
    return all(getattr(row, name) == getattr(project, name) for name in HISTORY_FIELDS)


def verify(run: Run, killed_at: float, counts_before: dict) -> list[tuple[str, bool, str]]:
    """What the database holds against what the editors were told; (check, passed, detail)."""
    from projects.models import Project

    results = []
    saves = list(run.saves)
    unknown = [s for s in saves if not s.acknowledged]
    creates = [s for s in saves if s.kind == "create"]
    acked_creates = [s for s in creates if s.acknowledged]
    unknown_creates = [s for s in creates if not s.acknowledged]
    in_db = {p.pk: p for p in Project.objects.filter(title__startswith=TITLE_PREFIX)}
    for s in unknown:
        if not cut_by_kill(s.outcome, killed_at):
            results.append(("failed save only at the kill", False, f"{s.kind}: {s.outcome.error}"))

    # Every project an editor made: the sequence of saves it was told about, in order.
    by_pk = collections.defaultdict(list)
    for s in saves:
        if s.pk is not None:
            by_pk[s.pk].append(s)
    missing = [pk for pk in by_pk if pk not in in_db]
    results.append(("every acknowledged create is in the database", not missing, f"{missing}"))

    wrong_content, wrong_history = [], []
    for pk, sequence in by_pk.items():
        project = in_db.get(pk)
        if project is None:
            continue
        # The project ends as the last acknowledged save, or as a later save whose answer
        # was lost at the kill.
        last_ack = max(i for i, s in enumerate(sequence) if s.acknowledged)
        candidates = [_posted_state(s.payload) for s in sequence[last_ack:]]
        if _project_state(project) not in candidates:
            wrong_content.append(pk)
        history = list(project.history.order_by("history_date", "history_id"))
        acked = [s for s in sequence if s.acknowledged]
        lost = [s for s in sequence if not s.acknowledged]
        committed = len(history)
        ok = (
            len(acked) <= committed <= len(acked) + len(lost)
            and history[0].history_type == "+"
            and _history_matches(history[-1], project)
        )
        titles = [h.title for h in history]
        ok = ok and all(s.payload["title"] in titles for s in acked)
        if not ok:
            wrong_history.append(pk)
    results.append(
        ("each project holds exactly what was posted last", not wrong_content, f"{wrong_content}")
    )
    results.append(
        (
            "one history row per committed save, the last as the record",
            not wrong_history,
            f"{wrong_history}",
        )
    )

    # Projects whose create answer was lost: if they exist, they are whole.
    extra = [pk for pk in in_db if pk not in by_pk]
    posted_unknown = {s.payload["title"]: s for s in unknown_creates}
    incomplete = []
    for pk in extra:
        project = in_db[pk]
        save = posted_unknown.get(project.title)
        whole = (
            save is not None
            and _project_state(project) == _posted_state(save.payload)
            and project.history.count() == 1
        )
        if not whole:
            incomplete.append(pk)
    results.append(
        ("creates with a lost answer are whole or absent", not incomplete, f"{incomplete}")
    )
    expected_low, expected_high = len(acked_creates), len(acked_creates) + len(unknown_creates)
    results.append(
        (
            "projects = acknowledged creates (+ lost answers)",
            expected_low <= len(in_db) <= expected_high,
            f"{len(in_db)} in [{expected_low}, {expected_high}]",
        )
    )

    # Nothing else changed: every other table holds as many rows as before.
    touched = {
        "projects.Project",
        "projects.HistoricalProject",
        "projects.Project_places",
        "projects.Project_objectives",
        "sessions.Session",
        "website.ContentVersion",
        "projects.SearchDocument",  # a project's search document, kept with it (#14)
        "projects.SearchEntry",  # and its narrow search entry
        "projects.SearchWord",  # and the published words it counts
    }
    after = database_counts()
    changed = {
        k: (counts_before[k], after[k])
        for k in after
        if k not in touched and after[k] != counts_before.get(k)
    }
    results.append(("no other table changed", not changed, f"{changed}"))
    return results


# --- targeted: a kill in the middle of one save, and two saves racing --------------------------
#
# A kill at a random moment rarely lands between the writes of one save. These two probes
# make the moment certain: another connection holds a table lock, so the save stops at a
# known statement; the worker serving it is then killed (found through its connection's
# client port), or a second save is let loose on the same row.


def _pg():
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=DB_NAME)
    return connection


def _backends_waiting_on_lock(watcher, count=1, seconds=20.0) -> list[int]:
    """The client ports of connections to the scratch database waiting for a lock."""
    deadline = time.monotonic() + seconds
    ports = []
    with watcher.cursor() as cursor:
        while time.monotonic() < deadline and len(ports) < count:
            time.sleep(0.05)
            cursor.execute(
                "SELECT client_port FROM pg_stat_activity "
                "WHERE datname = %s AND wait_event_type = 'Lock'",
                [DB_NAME],
            )
            ports = [row[0] for row in cursor.fetchall()]
    return ports


def _worker_with_client_port(server, port: int):
    for worker in psutil.Process(server.pid).children():
        if any(c.laddr and c.laddr.port == port for c in worker.net_connections(kind="tcp")):
            return worker
    return None


def _wait_for_workers(server, count=2, seconds=30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if len(psutil.Process(server.pid).children()) == count:
            return True
        time.sleep(0.2)
    return False


def _editor_session(base: str, session_key: str):
    from django.conf import settings

    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, session_key, domain="127.0.0.1", path="/")
    form = session.get(base + "/arbete/projekt/nytt/", timeout=REQUEST_TIMEOUT)
    return session, CSRF_INPUT.search(form.text).group(1)


def _post_in_thread(session, url: str, payload: dict, answers: list) -> threading.Thread:
    def post():
        try:
            response = session.post(
                url, data=payload, allow_redirects=False, timeout=REQUEST_TIMEOUT
            )
            answers.append(response.status_code)
        except requests.RequestException as exc:
            answers.append(type(exc).__name__)

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    return thread


def kill_mid_save(base: str, server, session_key: str, choices: dict):
    """Kill the worker after the project's row is written, before its history and links."""
    from projects.models import Project

    session, token = _editor_session(base, session_key)
    payload = project_payload(99, 1, choices, token)
    payload["title"] = f"Halvsparat {secrets.token_hex(4)}"
    locker, watcher = _pg(), _pg()
    watcher.autocommit = True
    answers = []
    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE projects_historicalproject IN SHARE ROW EXCLUSIVE MODE")
        thread = _post_in_thread(session, base + "/arbete/projekt/nytt/", payload, answers)
        ports = _backends_waiting_on_lock(watcher)
        port = ports[0] if ports else None
        worker = _worker_with_client_port(server, port) if port else None
        if worker is None:
            return [("kill mid-save: the save reached the lock", False, f"port {port}")]
        worker.kill()
        thread.join(REQUEST_TIMEOUT)
    finally:
        locker.rollback()
        locker.close()
        watcher.close()
    time.sleep(1)  # the killed request's database session ends
    project = Project.objects.filter(title=payload["title"]).first()
    whole = project is None or (
        _project_state(project) == _posted_state(payload) and project.history.count() == 1
    )
    detail = "absent" if project is None else f"{_project_state(project)}"
    return [
        ("kill mid-save: the request was cut off", answers != [302], f"{answers}"),
        ("kill mid-save: the project is whole or absent", whole, detail),
        ("kill mid-save: the master replaced the worker", _wait_for_workers(server), ""),
    ]


def same_title_at_once(base: str, server, session_key: str, choices: dict):
    """Two editors create projects with the same title at the same moment."""
    from projects.models import Project

    title = f"Samma titel {secrets.token_hex(4)}"
    first, second = _editor_session(base, session_key), _editor_session(base, session_key)
    locker = _pg()
    answers = []
    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE projects_project IN SHARE ROW EXCLUSIVE MODE")
        threads = []
        for session, token in (first, second):
            payload = {**project_payload(98, 2, choices, token), "title": title}
            threads.append(
                _post_in_thread(session, base + "/arbete/projekt/nytt/", payload, answers)
            )
        watcher = _pg()
        watcher.autocommit = True
        # Both are past the form's checks (the slug is free) and wait to insert.
        _backends_waiting_on_lock(watcher, count=2)
        watcher.close()
    finally:
        locker.rollback()
        locker.close()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT)
    created = Project.objects.filter(title=title).count()
    acknowledged = answers.count(302)
    return [
        (
            "same title at once: no server error",
            all(a in (200, 302) for a in answers),
            f"{answers}",
        ),
        (
            "same title at once: every acknowledged create saved",
            created == acknowledged,
            f"{created} saved",
        ),
    ]


# --- the report -------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(run: Run, killed_at: float, seconds: float, results) -> bool:
    print()
    print(
        f"Load with writes: {READERS} readers, {EDITORS} editors, {seconds:.1f} s, "
        "gunicorn 2 sync workers, PostgreSQL on loopback, one worker SIGKILLed half-way"
    )
    print()
    header = (
        f"{'requests':<14}{'total':>8}{'ok':>8}{'errors':>8}{'killed':>8}{'p50 ms':>9}{'p99 ms':>9}"
    )
    print(header)
    print("-" * len(header))
    classes = collections.defaultdict(list)
    for outcome in run.outcomes:
        classes[outcome.kind].append(outcome)
    all_errors = []
    for kind in ("read", "create-form", "create", "update-form", "update"):
        outcomes = classes.get(kind, [])
        ok = [o for o in outcomes if o.ok]
        killed = [o for o in outcomes if cut_by_kill(o, killed_at)]
        errors = [o for o in outcomes if not o.ok and not cut_by_kill(o, killed_at)]
        all_errors += errors
        latencies = [o.seconds * 1000 for o in ok]
        print(
            f"{kind:<14}{len(outcomes):>8}{len(ok):>8}{len(errors):>8}{len(killed):>8}"
            f"{percentile(latencies, 0.5):>9.0f}{percentile(latencies, 0.99):>9.0f}"
        )
    total = len(run.outcomes)
    print(f"{'all':<14}{total:>8}   ({total / seconds:.0f} requests/s)")
    creates = [s for s in run.saves if s.kind == "create"]
    updates = [s for s in run.saves if s.kind == "update"]
    print()
    print(
        f"records created: {sum(s.acknowledged for s in creates)} acknowledged, "
        f"{sum(not s.acknowledged for s in creates)} with the answer lost"
    )
    print(
        f"records updated: {sum(s.acknowledged for s in updates)} acknowledged, "
        f"{sum(not s.acknowledged for s in updates)} with the answer lost"
    )
    if all_errors:
        print()
        print("errors other than the killed requests:")
        for error, count in collections.Counter(
            f"{o.kind} {o.url}: {o.error}" for o in all_errors
        ).most_common(10):
            print(f"  {count} x {error}")
    judged, wrong, sight_errors = agreement(run, killed_at)
    print()
    print(
        f"caches agree: {len(run.toggles)} committed toggles of /projekt/{TOGGLED_SLUG}/, "
        f"{len(run.sights)} answers, {judged} asked after a commit and received before the "
        f"next toggle, {len(wrong)} of them wrong, {len(sight_errors)} errors"
    )
    for index, toggle, sight in wrong[:10]:
        state = "published" if toggle.published else "hidden"
        print(
            f"  WRONG after toggle {index} ({state}): asked "
            f"{sight.started - toggle.committed:.3f} s after the commit, showed "
            f"{'published' if sight.shown else 'hidden'}"
        )
    results = [
        *results,
        ("caches agree: every answer after a commit shows it", not wrong, f"{len(wrong)} wrong"),
        (
            "caches agree: the toggled page answered",
            not sight_errors and judged > 0,
            f"{len(sight_errors)} errors, {judged} judged",
        ),
    ]
    print()
    print("verification:")
    passed = not all_errors
    for name, ok, detail in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}" + ("" if ok else f": {detail}"))
        passed = passed and ok
    print()
    print("RESULT: " + ("PASS" if passed else "FAIL"))
    return passed


def main() -> int:
    # Stopped with SIGTERM (a timeout, CI), still stop gunicorn on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="load-writes-"))
    env = production_env(str(work / "static"))
    log(f"recreating database {DB_NAME}" + (f" from {DB_TEMPLATE}" if DB_TEMPLATE else ""))
    recreate_database()
    if DB_TEMPLATE:
        log("load_municipality, collectstatic (migrated: a copy of the template)")
    else:
        log("migrate, load_municipality, collectstatic")
        manage(env, "migrate", "--noinput")
    manage(env, "load_municipality")
    manage(env, "collectstatic", "--noinput")
    set_up_django(env)
    slugs = create_published_projects()
    editors = create_editors(EDITORS)
    choices = form_choices()
    from django.db import connections

    connections.close_all()
    urls = [
        "/",
        "/orter/",
        "/projekt/",
        f"/projekt/{slugs[0]}/",
        f"/en/projects/{slugs[1]}/",
        "/strategi/",
        "/api/v1/projects/",
        "/api/v1/places/",
        "/feeds/projects.atom",
    ]
    port = free_port()
    server = start_gunicorn(env, port)
    try:
        counts_before = database_counts()
        connections.close_all()
        log(f"gunicorn on port {port}; loading for {SECONDS:.0f} s")
        run, killed_at, seconds = run_load(
            f"http://127.0.0.1:{port}", urls, editors, choices, server
        )
        workers = psutil.Process(server.pid).children()
        log(f"gunicorn has {len(workers)} workers after the run; checking the database")
        results = verify(run, killed_at, counts_before)
        results.append(
            ("the master replaced the killed worker", len(workers) == 2, f"{len(workers)}")
        )
        log("targeted: a worker killed in the middle of a save; two creates racing")
        results += kill_mid_save(f"http://127.0.0.1:{port}", server, editors[0][1], choices)
        results += same_title_at_once(f"http://127.0.0.1:{port}", server, editors[1][1], choices)
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    return 0 if report(run, killed_at, seconds, results) else 1


if __name__ == "__main__":
    sys.exit(main())
