"""`make bench`: build each data set, load gunicorn with wrk, print one table of figures.

For every size in BENCH_SIZES (default "1000 100000") this drops and recreates its own
PostgreSQL database (``<BENCH_DB_PREFIX>_<size>``, by default ``vimmerby_bench_1k`` ...; no
other database is touched), migrates it,
loads the municipality's facts and the synthetic projects (bench.build), counts each page's
queries in-process (bench.queries), starts gunicorn with two workers in production settings,
loads each page with wrk from loopback, reads each worker's peak memory, and measures the
peak memory of one yearly report and its PDF (bench.report_memory). It then prints the table,
the targets met or missed, and writes var/bench/results.json.

Environment: BENCH_SIZES, BENCH_DURATION (wrk seconds per page, default 15, split into
BENCH_ROUNDS rounds, default 3, each after a baseline run of the same length),
BENCH_CONNECTIONS (default 8), BENCH_PORT (default 8765), BENCH_DATABASE_URL_BASE (default
postgres://postgres@127.0.0.1:5432; the database name is appended), BENCH_DB_PREFIX (default
vimmerby_bench; the databases' names start with it), BENCH_REUSE (1: keep a data set built by
an earlier run, migrated to the code's schema, with a new session; the default builds anew).
Nothing here fails on
timing: a missed target is printed as MISS and the exit status stays 0 (CONVENTIONS.md).
"""

import concurrent.futures
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

from bench import pages as bench_pages

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
WRK = "/usr/bin/wrk"
DEFAULT_BASE = "postgres://postgres@127.0.0.1:5432"
DEFAULT_PREFIX = "vimmerby_bench"
WORKER_LIMIT_BYTES = 150 * 1024 * 1024
PUBLIC_RATIO_TARGET = 0.6
LIST_GROWTH_TARGET = 1.5
REPORT_GROWTH_TOLERANCE = 1.10
# Issue #15, every page uncached at the largest size, in-process: x the bare view, or ms.
UNCACHED_RATIO_TARGETS = {"public": 0.1, "api": 0.1, "staff": 0.04}
REPORT_PAGE_TARGET_MS = 300
UNCACHED_CACHE_URL = "dummycache://"
UNCACHED_PAGE_SECONDS = 5.0
UNCACHED_MIN_REPEAT = 5
# Issue #14: a search costs what a list page costs. The searches' speed over the filtered
# project list's, measured the same way in the same run: at least this share of it.
SEARCH_VS_LIST_TARGET = 0.8


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the environment every step runs in ---------------------------------------------------


def database_url(size: int) -> str:
    base = os.environ.get("BENCH_DATABASE_URL_BASE", DEFAULT_BASE).rstrip("/")
    return f"{base}/{database_name(size)}"


def database_prefix() -> str:
    """BENCH_DB_PREFIX: two people bench at once on one server under different prefixes."""
    prefix = os.environ.get("BENCH_DB_PREFIX", DEFAULT_PREFIX).strip()
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", prefix):
        raise SystemExit(f"BENCH_DB_PREFIX must be lower-case letters, digits and _: {prefix!r}")
    return prefix


def database_name(size: int) -> str:
    return f"{database_prefix()}_{size_label(size)}"


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def production_env(size: int, secret_key: str) -> dict:
    """Production-like settings, as the README's Production section runs gunicorn."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url(size),
        DEBUG="off",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="off",
        SESSION_COOKIE_SECURE="off",
        CSRF_COOKIE_SECURE="off",
        STAFF_OTP_REQUIRED="off",
        STATIC_ROOT=str(OUT_DIR / "static"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def run(args, env, *, capture=False) -> str:
    result = subprocess.run(
        args, cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE if capture else None
    )
    return result.stdout if capture else ""


def run_json(args, env) -> dict:
    """A step's figures: the JSON on the last line it prints (anything before is chatter)."""
    return json.loads(run(args, env, capture=True).strip().splitlines()[-1])


def manage(env, *args, capture=False) -> str:
    return run([PYTHON, "manage.py", *args], env, capture=capture)


# --- prerequisites ------------------------------------------------------------------------


def ensure_wrk():
    if Path(WRK).exists():
        return
    log("wrk is missing: installing Debian's package")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    if subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"]).returncode != 0:
        # A fresh container may have no package lists yet.
        subprocess.run([*sudo, "apt-get", "update"], check=True)
        subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=True)


def ensure_postgres(env):
    """Start the local cluster if it is down (a fresh container does not start it)."""
    probe = [PYTHON, "-c", "import django; django.setup(); from django.db import connection; "
             "connection.ensure_connection()"]  # fmt: skip
    admin_env = dict(env, DATABASE_URL=admin_url())
    if subprocess.run(probe, cwd=ROOT, env=admin_env, capture_output=True).returncode == 0:
        return
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").exists() else []
    if not versions:
        raise SystemExit("PostgreSQL is not reachable and no local cluster is installed.")
    log(f"starting PostgreSQL {versions[-1]}")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], check=True
    )


def admin_url() -> str:
    base = os.environ.get("BENCH_DATABASE_URL_BASE", DEFAULT_BASE).rstrip("/")
    return f"{base}/postgres"


def recreate_database(size: int):
    """Drop and create this size's database only (BENCH_DB_PREFIX); no other is touched."""
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(admin_url())
    connection.autocommit = True
    name = sql.Identifier(database_name(size))
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    connection.close()


def database_exists(size: int) -> bool:
    import psycopg2

    connection = psycopg2.connect(admin_url())
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(size)])
        found = cursor.fetchone() is not None
    connection.close()
    return found


def summary_path(size: int) -> Path:
    """What bench.build printed for this size's database, kept for BENCH_REUSE."""
    return OUT_DIR / f"{database_name(size)}.json"


def reusable(size: int) -> bool:
    reuse = os.environ.get("BENCH_REUSE") == "1"
    return reuse and summary_path(size).exists() and database_exists(size)


def postgres_version() -> str:
    import psycopg2

    connection = psycopg2.connect(admin_url())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return version


# --- gunicorn and wrk ---------------------------------------------------------------------


class Server:
    """gunicorn with two workers on loopback, started and stopped by its own process id."""

    def __init__(self, env, port):
        self.env, self.port = env, port
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self):
        log_file = open(OUT_DIR / "gunicorn.log", "a")  # noqa: SIM115  closed in __exit__
        self.log_file = log_file
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "vimmerby_intl.wsgi",
                "--pythonpath",
                str(ROOT),
                "--env",
                "DJANGO_SETTINGS_MODULE=bench.settings",
                "--workers",
                "2",
                "--timeout",  # as docs/operations.md runs it in production
                "120",
                "--bind",
                f"127.0.0.1:{self.port}",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdout=log_file,
            stderr=log_file,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {OUT_DIR / 'gunicorn.log'}")
            try:
                urllib.request.urlopen(f"{self.url}/bench/baseline/", timeout=30).close()
                if len(self.workers()) == 2:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 120 seconds")

    def workers(self):
        return psutil.Process(self.process.pid).children()

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login page, say) is an answer to report, not to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def check_page(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=600) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200: nothing is measured")


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output: str) -> dict:
    """Requests per second and the 50th and 99th percentile latency from ``wrk --latency``."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"(\d+) requests in", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    if not (rate and p50 and p99 and total):
        raise SystemExit(f"could not read wrk's output:\n{output}")
    return {
        "requests": int(total.group(1)),
        "rps": float(rate.group(1)),
        "p50_ms": _milliseconds(p50.group(1)),
        "p99_ms": _milliseconds(p99.group(1)),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
    }


def load(url, cookie, duration, connections) -> dict:
    args = [WRK, "--latency", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*args, url], check=True, capture_output=True, text=True).stdout
    figures = parse_wrk(output)
    if figures["non_2xx"]:
        raise SystemExit(f"{url}: {figures['non_2xx']} answers were not 2xx or 3xx")
    return figures


def measure_pages(server, pages, cookie, settings, size) -> dict:
    """wrk on each page in rounds, each round right after a baseline run of its own.

    The machine may be shared, and its load drifts within seconds; alternating short runs of
    the baseline and the page, and taking the median of the rounds, makes every ratio
    compare two runs under the same load. The baseline row shows the median of all its runs.
    """
    baseline_path = pages[0].path
    rounds = settings["rounds"]
    seconds = max(1, round(settings["duration"] / rounds))
    results, baselines = {}, []
    if len(pages) == 1:  # BENCH_PAGES chose no page that wrk loads: the baseline's rounds alone
        log(f"{size} projects: wrk {rounds} x ({baseline_path}), {seconds} s each")
        for _round in range(rounds):
            drain(server.url + baseline_path)
            baselines.append(load(server.url + baseline_path, "", seconds, settings["connections"]))
    for key, _label, path, needs_login, _group, _wrk in pages[1:]:
        log(f"{size} projects: wrk {rounds} x ({baseline_path}, {path}), {seconds} s each")
        runs = []
        for _round in range(rounds):
            drain(server.url + baseline_path)
            base = load(server.url + baseline_path, "", seconds, settings["connections"])
            page = load(
                server.url + path, cookie if needs_login else "", seconds, settings["connections"]
            )
            page["ratio"] = page["rps"] / base["rps"] if base["rps"] else 0.0
            page["p50_vs_baseline"] = page["p50_ms"] / base["p50_ms"] if base["p50_ms"] else 0.0
            baselines.append(base)
            runs.append(page)
        results[key] = {
            **_medians(runs),
            "requests": sum(r["requests"] for r in runs),
            "runs": runs,
        }
    baseline = {
        **_medians(baselines),
        "ratio": 1.0,
        "requests": sum(r["requests"] for r in baselines),
    }
    results = {pages[0][0]: {**baseline, "runs": baselines}, **results}
    return results


def _request_ms(url, cookie) -> float:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    with urllib.request.build_opener(_NoRedirect).open(request, timeout=600) as response:
        response.read()
        status = response.status
    milliseconds = (time.perf_counter() - started) * 1000
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200")
    return milliseconds


def _median_ms(url, cookie, repeat) -> tuple[float, int]:
    """The median of up to ``repeat`` requests one after the other; a slow page stops after
    UNCACHED_PAGE_SECONDS, once it has UNCACHED_MIN_REPEAT answers."""
    times, started = [], time.perf_counter()
    while len(times) < repeat:
        times.append(_request_ms(url, cookie))
        if (
            len(times) >= UNCACHED_MIN_REPEAT
            and time.perf_counter() - started > UNCACHED_PAGE_SECONDS
        ):
            break
    return statistics.median(times), len(times)


def measure_uncached(server, pages, cookie, repeat) -> dict:
    """Each page's median time uncached, one request at a time, right after the bare view's
    median measured the same way (the machine's load drifts); x bare is their ratio."""
    results = {}
    for page in pages:
        url, page_cookie = server.url + page.path, cookie if page.signed_in else ""
        for _worker in range(2):
            _request_ms(url, page_cookie)  # each worker's first request (templates, imports)
        base_ms, _n = _median_ms(server.url + pages[0].path, "", repeat)
        page_ms, count = _median_ms(url, page_cookie, repeat)
        results[page.key] = {
            "ms": round(page_ms, 2),
            "requests": count,
            "baseline_ms": round(base_ms, 2),
            "ratio": round(base_ms / page_ms, 4),
        }
    return results


def drain(url, workers=2, limit=300):
    """Wait until every worker is free again: wrk stops sending, but the requests it left
    queued (a slow report takes seconds each) are still served, and a baseline run started
    behind them would measure the queue, not the baseline."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda _n: urllib.request.urlopen(url, timeout=limit).close(), range(2)))
        if time.monotonic() - started < 0.5:
            return
    raise SystemExit(f"gunicorn was still busy after {limit} s")


def _medians(runs: list[dict]) -> dict:
    names = ("rps", "p50_ms", "p99_ms", "ratio", "p50_vs_baseline")
    return {
        name: round(statistics.median(r[name] for r in runs), 3)
        for name in names
        if all(name in r for r in runs)
    }


# --- one size -----------------------------------------------------------------------------


def bench_size(size: int, secret_key: str, settings: dict) -> dict:
    env = production_env(size, secret_key)
    started = time.perf_counter()
    if reusable(size):
        # The data set of an earlier run, migrated to this code's schema; the figures of its
        # build are that run's. A new session: the old one may have expired.
        log(f"{size} projects: reusing {database_name(size)} (BENCH_REUSE=1), migrating it")
        manage(env, "migrate", "--noinput", "-v0")
        data = json.loads(summary_path(size).read_text())
        build_seconds = data.pop("build_seconds")
        data["session_key"] = run_json([PYTHON, "-m", "bench.build", "0", "--session"], env)[
            "session_key"
        ]
    else:
        log(f"{size} projects: recreating {database_name(size)}")
        recreate_database(size)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_municipality", "-v0", capture=True)
        log(f"{size} projects: building the data set")
        data = run_json([PYTHON, "-m", "bench.build", str(size)], env)
        build_seconds = round(time.perf_counter() - started, 1)
        summary_path(size).write_text(json.dumps({**data, "build_seconds": build_seconds}))
    year, slug, session = data["report_year"], data["sample_project_slug"], data["session_key"]
    application = data["sample_application_pk"]
    cookie = f"sessionid={session}"
    log(f"{size} projects: built in {build_seconds} s; in-process, cached and uncached")
    queries = run_json(
        [PYTHON, "-m", "bench.queries", str(year), slug, str(application), session], env
    )
    pages = bench_pages.pages(year, slug, application)
    with Server(env, settings["port"]) as server:
        for page in pages:
            check_page(server.url + page.path, cookie if page.signed_in else "")
        loaded = measure_pages(server, [p for p in pages if p.wrk], cookie, settings, size)
        results = {page.key: {**loaded.get(page.key, {}), "wrk": page.wrk} for page in pages}
        for key, figures in results.items():
            figures["queries"] = queries[key]
        workers = [
            {"pid": worker.pid, "peak_rss_bytes": peak_rss(worker.pid)}
            for worker in server.workers()
        ]
    # The same pages again from a gunicorn whose cache is Django's DummyCache: every request
    # misses every cache (whole page, fragments, content version), as after a change.
    log(f"{size} projects: every page uncached (gunicorn with CACHE_URL={UNCACHED_CACHE_URL})")
    uncached_env = dict(env, CACHE_URL=UNCACHED_CACHE_URL)
    with Server(uncached_env, settings["port"]) as server:
        uncached = measure_uncached(server, pages, cookie, settings["repeat"])
    for key, figures in uncached.items():
        results[key]["uncached"] = figures
    report = None
    if "report" in results:
        log(f"{size} projects: yearly report {year} and its PDF in a process of its own")
        report = run_json([PYTHON, "-m", "bench.report_memory", str(year)], env)
    return {
        "size": size,
        "database": database_name(size),
        "data": data,
        "build_seconds": build_seconds,
        "pages": results,
        "workers": workers,
        "report_memory": report,
        "seconds": round(time.perf_counter() - started, 1),
    }


def peak_rss(pid: int) -> int:
    from bench.procmem import peak_rss_bytes

    return peak_rss_bytes(pid)


# --- the table ----------------------------------------------------------------------------


def mb(value: int) -> str:
    return f"{value / 1024 / 1024:.0f} MB"


def table(runs: list[dict], labels: dict) -> str:
    heads = [size_label(r["size"]) for r in runs]
    columns = ["req/s", "x base", "p50 ms", "p99 ms", "queries"]
    header = f"{'page':<26}" + "".join(
        f"| {h + ' ' + c:>{max(12, len(h) + len(c) + 1)}} " for h in heads for c in columns
    )
    lines = ["wrk against gunicorn (cached public pages; signed-in pages are never cached)"]
    lines += [header, "-" * len(header)]
    for key, label in labels.items():
        if not runs[0]["pages"][key]["wrk"]:
            continue
        cells = []
        for r in runs:
            f = r["pages"][key]
            q = f["queries"]
            queries = str(q["cold"]) if q["cold"] == q["warm"] else f"{q['cold']}/{q['warm']}w"
            values = [
                f"{f['rps']:.0f}",
                f"{f['ratio']:.2f}",
                f"{f['p50_ms']:.1f}",
                f"{f['p99_ms']:.1f}",
                queries,
            ]
            if not f.get("requests", 1):
                # No answer came back within a round (a slow page in a short run): no figure.
                values[:4] = ["-"] * 4
            for h, c, v in zip([size_label(r["size"])] * 5, columns, values, strict=True):
                cells.append(f"| {v:>{max(12, len(h) + len(c) + 1)}} ")
        lines.append(f"{label:<26}" + "".join(cells))
    if any(not page.get("requests", 1) for r in runs for page in r["pages"].values()):
        lines.append("- : no answer came back within a round; a longer BENCH_DURATION measures it")
    lines.append("")
    lines += in_process_table(runs, labels)
    lines.append("")
    lines += search_table(runs, labels)
    lines.append("")
    for r in runs:
        workers = ", ".join(mb(w["peak_rss_bytes"]) for w in r["workers"])
        report = r["report_memory"]
        if report is None:  # BENCH_PAGES left the report out
            lines.append(f"{size_label(r['size']):>5}: gunicorn workers' peak RSS: {workers}")
            continue
        lines.append(
            f"{size_label(r['size']):>5}: gunicorn workers' peak RSS after the load: {workers}; "
            f"report {report['year']} ({report['projects']} projects, "
            f"{r['data']['years_on_record']} years on record) + PDF: "
            f"peak {mb(report['peak_bytes'])}"
            f" ({mb(report['peak_bytes'] - report['startup_peak_bytes'])} above start-up), "
            f"{report['seconds']} s"
        )
    return "\n".join(lines)


def in_process_table(runs: list[dict], labels: dict) -> list[str]:
    """Every page uncached: gunicorn's median ms with a DummyCache and its ratio to the bare
    view's; in-process medians uncached (cache cleared before each request) and cached; the
    queries cold/warm."""
    columns = ["uncached ms", "x bare", "in-proc unc", "in-proc cached", "queries"]
    heads = [size_label(r["size"]) for r in runs]
    width = 11
    header = f"{'page, medians':<28}" + "".join(
        f"| {h + ' ' + c:>{width + len(h)}} " for h in heads for c in columns
    )
    lines = [header, "-" * len(header)]
    for key, label in labels.items():
        cells = []
        for r, h in zip(runs, heads, strict=True):
            q = r["pages"][key]["queries"]
            queries = str(q["cold"]) if q["cold"] == q["warm"] else f"{q['cold']}/{q['warm']}w"
            u = r["pages"][key]["uncached"]
            values = [
                f"{u['ms']:.1f}",
                f"{u['ratio']:.3f}",
                f"{q['uncached_ms']:.1f}",
                f"{q['cached_ms']:.1f}",
                queries,
            ]
            cells += [f"| {v:>{width + len(h)}} " for v in values]
        lines.append(f"{label:<28}" + "".join(cells))
    repeats = sorted({r["pages"][k]["uncached"]["requests"] for r in runs for k in labels})
    lines.append(
        f"  uncached ms: gunicorn with CACHE_URL={UNCACHED_CACHE_URL}, {repeats[0]} to "
        f"{repeats[-1]} requests per page one at a time; x bare: the bare view's median (just "
        "before) over the page's; in-proc: Django's test client, the cache cleared before each"
    )
    return lines


def search_vs_list(run: dict) -> dict[str, dict[str, float]]:
    """Each search page against the filtered project list of the same run (#14): cached, the
    ratio of their ratios to the baseline runs just before each (wrk req/s); uncached, the
    list's median time over the search's, through gunicorn and in-process. 1.0 is a search
    that costs what the list costs; 0.5 one that costs twice as much."""
    pages, compared = run["pages"], {}
    if "project_list" not in pages:  # BENCH_PAGES left it out
        return {}
    listing = pages["project_list"]
    for key in (key for key in bench_pages.SEARCH_PAGES if key in pages):
        search = pages[key]
        figures = {}
        if listing.get("ratio") and search.get("ratio") is not None:
            figures["cached"] = search["ratio"] / listing["ratio"]
        figures["uncached"] = listing["uncached"]["ms"] / search["uncached"]["ms"]
        figures["in_process"] = listing["queries"]["uncached_ms"] / search["queries"]["uncached_ms"]
        compared[key] = figures
    return compared


def search_table(runs: list[dict], labels: dict) -> list[str]:
    """The searches against the list page, at every size (#14)."""
    columns = [("cached", "cached x list"), ("uncached", "uncached x list")]
    columns += [("in_process", "in-proc unc x list")]
    heads = [size_label(r["size"]) for r in runs]
    header = f"{'search against the list page':<28}" + "".join(
        f"| {h + ' ' + c:>{len(h) + len(c) + 1}} " for h in heads for _k, c in columns
    )
    lines = [header, "-" * len(header)]
    compared = [search_vs_list(r) for r in runs]
    for key in compared[0]:
        cells = []
        for figures, h in zip(compared, heads, strict=True):
            for name, title in columns:
                value = figures[key].get(name)
                text = "-" if value is None else f"{value:.2f}"
                cells.append(f"| {text:>{len(h) + len(title) + 1}} ")
        lines.append(f"{labels[key]:<28}" + "".join(cells))
    lines.append(
        "  x list: the filtered project list's cost over the search's, measured the same way in "
        "the same run (1.00: the same cost; 0.50: the search costs twice as much)"
    )
    return lines


def search_targets(run: dict) -> list[tuple[str, bool, str]]:
    """Issue #14: at this size a search costs what the list page costs, cached and uncached."""
    verdicts = []
    for key, figures in search_vs_list(run).items():
        for name in ("cached", "uncached"):
            if name not in figures:
                continue
            verdicts.append(
                (
                    f"{size_label(run['size'])} {key} {name}: at least "
                    f"{SEARCH_VS_LIST_TARGET}x the list page",
                    figures[name] >= SEARCH_VS_LIST_TARGET,
                    f"{figures[name]:.2f}x",
                )
            )
    return verdicts


def uncached_targets(run: dict) -> list[tuple[str, bool, str]]:
    """Issue #15: every page uncached, in-process, at the given size."""
    verdicts = []
    for page in bench_pages.pages(0, ""):
        figures = run["pages"][page.key]["uncached"]
        label = f"{size_label(run['size'])} {page.key} uncached"
        if page.group in UNCACHED_RATIO_TARGETS:
            target = UNCACHED_RATIO_TARGETS[page.group]
            verdicts.append(
                (
                    f"{label}: at least {target}x the bare view",
                    figures["ratio"] >= target,
                    f"{figures['ratio']:.3f}x ({figures['ms']:.1f} ms, bare view "
                    f"{figures['baseline_ms']:.1f} ms)",
                )
            )
        elif page.group == "report":
            verdicts.append(
                (
                    f"{label}: at most {REPORT_PAGE_TARGET_MS} ms",
                    figures["ms"] <= REPORT_PAGE_TARGET_MS,
                    f"{figures['ms']:.1f} ms",
                )
            )
    return verdicts


def targets(runs: list[dict]) -> list[tuple[str, bool, str]]:
    """Each target of the issue, met or missed, with the figures that decide it."""
    verdicts = []
    for r in runs:
        # The cached target is wrk's: a page wrk does not load (the rarer searches) has none.
        loaded = (key for key in bench_pages.PUBLIC_PAGES if r["pages"].get(key, {}).get("wrk"))
        for key in loaded:
            ratio = r["pages"][key]["ratio"]
            verdicts.append(
                (
                    f"{size_label(r['size'])} {key}: at least {PUBLIC_RATIO_TARGET}x the baseline",
                    ratio >= PUBLIC_RATIO_TARGET,
                    f"{ratio:.2f}x",
                )
            )
        for worker in r["workers"]:
            verdicts.append(
                (
                    f"{size_label(r['size'])} worker {worker['pid']}: under 150 MB after the load",
                    worker["peak_rss_bytes"] < WORKER_LIMIT_BYTES,
                    mb(worker["peak_rss_bytes"]),
                )
            )
    verdicts += uncached_targets(runs[-1])
    for r in runs:
        verdicts += search_targets(r)
    if len(runs) >= 2:
        small, large = runs[0], runs[-1]
        names = f"{size_label(small['size'])} and {size_label(large['size'])}"
        for key, figures in small["pages"].items():
            a, b = figures["queries"], large["pages"][key]["queries"]
            verdicts.append(
                (
                    f"{key}: the same query count at {names}",
                    (a["cold"], a["warm"]) == (b["cold"], b["warm"]),
                    f"cold {a['cold']} / {b['cold']}, warm {a['warm']} / {b['warm']}",
                )
            )
    if len(runs) >= 2 and "project_list" in runs[0]["pages"]:
        small, large = runs[0], runs[-1]
        t_small, t_large = (r["pages"]["project_list"] for r in (small, large))
        growth = t_large["p50_vs_baseline"] / t_small["p50_vs_baseline"]
        verdicts.append(
            (
                f"project list at {size_label(large['size'])}: at most "
                f"{LIST_GROWTH_TARGET}x its time at {size_label(small['size'])} (p50, each "
                "relative to the baseline run just before it)",
                growth <= LIST_GROWTH_TARGET,
                f"{t_large['p50_vs_baseline']:.2f} / {t_small['p50_vs_baseline']:.2f} of the "
                f"baseline's p50 = {growth:.2f}x (raw p50 {t_large['p50_ms']:.1f} ms / "
                f"{t_small['p50_ms']:.1f} ms)",
            )
        )
    if len(runs) >= 2 and runs[0]["report_memory"] is not None:
        small, large = runs[0], runs[-1]
        m_small = small["report_memory"]["peak_bytes"]
        m_large = large["report_memory"]["peak_bytes"]
        verdicts.append(
            (
                f"report memory not growing with years on record "
                f"({small['data']['years_on_record']} vs {large['data']['years_on_record']} "
                f"years; at most +{round((REPORT_GROWTH_TOLERANCE - 1) * 100)}%)",
                m_large <= REPORT_GROWTH_TOLERANCE * m_small,
                f"{mb(m_small)} -> {mb(m_large)}",
            )
        )
    return verdicts


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_bytes": psutil.virtual_memory().total,
        "postgresql": postgres_version(),
        "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def main():
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1000 100000").split()]
    settings = {
        "duration": int(os.environ.get("BENCH_DURATION", "15")),
        "connections": int(os.environ.get("BENCH_CONNECTIONS", "8")),
        "port": int(os.environ.get("BENCH_PORT", "8765")),
        "rounds": int(os.environ.get("BENCH_ROUNDS", "3")),
        "repeat": max(UNCACHED_MIN_REPEAT, int(os.environ.get("BENCH_REPEAT", "15"))),
    }
    started = time.perf_counter()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    ensure_wrk()
    secret_key = secrets.token_urlsafe(50)
    env = production_env(sizes[0], secret_key)
    ensure_postgres(env)
    about = machine()
    log("collecting static files (DEBUG off serves them from the manifest)")
    shutil.rmtree(OUT_DIR / "static", ignore_errors=True)
    manage(env, "collectstatic", "--noinput", "-v0")
    runs = []
    for size in sizes:
        runs.append(bench_size(size, secret_key, settings))
        # Kept as they come: a later step that fails loses no figure measured before it.
        (OUT_DIR / "runs.json").write_text(json.dumps(runs, indent=2, default=str))
    labels = {page.key: page.label for page in bench_pages.pages(0, "")}
    verdicts = targets(runs)
    about["load_average_at_end"] = os.getloadavg()
    total = round(time.perf_counter() - started, 1)
    print()
    print(
        f"Machine: {about['nproc']} CPUs, {about['cpu']}, {mb(about['ram_bytes'])} RAM, "
        f"PostgreSQL {about['postgresql']}, {about['date']}; wrk {settings['duration']} s per "
        f"page, 2 threads, {settings['connections']} connections; gunicorn 2 workers"
    )
    print(table(runs, labels))
    print("\nTargets")
    for name, ok, figures in verdicts:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {figures}")
    print(f"\nTotal {total} s. Figures in {OUT_DIR / 'results.json'}.")
    results = {
        "machine": about,
        "settings": settings,
        "runs": runs,
        "targets": [{"target": n, "met": ok, "figures": f} for n, ok, f in verdicts],
        "seconds": total,
    }
    (OUT_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
