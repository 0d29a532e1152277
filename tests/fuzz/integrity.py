"""What every fuzzed answer must satisfy: no server error, nothing half-saved, a clear message.

Issue #6 (reliability): "no answer is a 500 and nothing is half-saved."
"""

import functools
import hashlib
import re
import traceback
import weakref
from contextlib import contextmanager

import lxml.html
from django.apps import apps
from django.contrib import messages
from django.contrib.messages import get_messages
from django.db import connection, transaction

# A sign-in writes a session row by design, and nothing else here does; sessions are not
# records of the international work. axes counts failed sign-ins, also by design.
NOT_COUNTED_APPS = {"sessions", "axes"}

ERROR_XPATH = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' errorlist ')]//li"
    " | //p[contains(@class, 'errornote')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' invalid-feedback ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' alert-danger ')]"
    " | //table[@id='preview']//li"  # an import's errors, row by row
)
# Words that occur in Django's and this project's English messages and never in Swedish ones:
# an error that contains one was not translated.
ENGLISH = re.compile(
    r"\b(the|this|that|must|enter|ensure|field|valid|value|please|select|required|cannot|"
    r"should|has|have|with|which|choice|characters)\b",
    re.IGNORECASE,
)


def counted_models():
    """Every concrete table, historical tables and many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in NOT_COUNTED_APPS
    ]


# The PostgreSQL connections (DB-API) that hold the snapshot's statement prepared, with the
# names of the statements each holds (``snapshot``).
_PREPARED: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()

# Per PostgreSQL connection (DB-API): the last snapshot taken, with the state it was taken in
# (``_writes_so_far``).
_LAST: "weakref.WeakKeyDictionary[object, tuple[tuple, dict]]" = weakref.WeakKeyDictionary()


@functools.cache
def _snapshot_sql(models: tuple) -> str:
    quote = connection.ops.quote_name
    parts = []
    for model in models:
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({pk}) FROM {table})")
    return "SELECT " + ", ".join(parts)


def _writes_so_far(models) -> tuple:
    """Where the connection's transaction stands: when it started (``now()``), the savepoints
    it is inside, and how many rows it has inserted, updated or deleted in the counted tables
    so far, by PostgreSQL's own counters for the transaction (``pg_stat_get_xact_tuples_*``).
    The counters only grow: a savepoint rolled back keeps what it counted, and leaving it
    changes the savepoints. So while the answer is the same, no row of those tables has
    changed, and counting them again would find what was found before."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT now(), COALESCE(SUM(pg_stat_get_xact_tuples_inserted(t)"
            " + pg_stat_get_xact_tuples_updated(t) + pg_stat_get_xact_tuples_deleted(t)), 0)"
            " FROM unnest(%s::regclass[]) AS t",
            [tables],
        )
        started, written = cursor.fetchone()
    return started, written, tuple(connection.savepoint_ids)


def _unchanged_since(counted: tuple, now: tuple) -> bool:
    """Whether no row can have changed between two readings of ``_writes_so_far``: the same
    transaction, no row written, and every savepoint it was inside at the count still open
    (one rolled back since would have undone rows the count saw; one entered since changes
    nothing by itself)."""
    (started, written, savepoints), (started_now, written_now, savepoints_now) = counted, now
    return (
        started == started_now
        and written == written_now
        and savepoints_now[: len(savepoints)] == savepoints
    )


def _counted(models) -> dict:
    """Row count and highest primary key of each of ``models``' tables, in one query.

    On PostgreSQL the statement is prepared once per connection and executed after that:
    planning its 200-odd subqueries took 10 to 14 ms, executing them 2 to 3 ms (#15). A
    prepared statement outlives the transactions it is used in (a rollback does not take it
    back), and is planned again by PostgreSQL when a table it reads changes."""
    sql = _snapshot_sql(models)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            name = "fuzz_snapshot_" + hashlib.sha256(sql.encode()).hexdigest()[:16]
            prepared = _PREPARED.setdefault(connection.connection, set())
            if name not in prepared:
                cursor.execute(f"PREPARE {name} AS {sql}")
                prepared.add(name)
            cursor.execute(f"EXECUTE {name}")
        else:
            cursor.execute(sql)
        row = cursor.fetchone()
    return {model: (row[2 * i], row[2 * i + 1]) for i, model in enumerate(models)}


def snapshot() -> dict:
    """Row count and highest primary key of every counted table.

    Every fuzzed request takes two: before and after. On PostgreSQL the tables are counted
    again only when a row of them may have changed since the connection's last count (written,
    or a savepoint left: ``_writes_so_far``), and the last count is given otherwise: most
    fuzzed requests are refused and write nothing, and every example starts from the rows the
    one before it was rolled back to (#15). That holds for requests on the test's own
    connection, as the test client's are: nothing else writes during these tests."""
    models = tuple(counted_models())
    if connection.vendor != "postgresql":
        return _counted(models)
    state = _writes_so_far(models)
    last = _LAST.get(connection.connection)
    if last is not None and _unchanged_since(last[0], state):
        return dict(last[1])
    taken = _counted(models)
    _LAST[connection.connection] = (state, taken)  # counting wrote nothing
    return dict(taken)


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(
        f"{model._meta.db_table}: {before[model][0]} -> {after[model][0]}"
        for model in before
        if before[model][0] != after[model][0]
    )


def saved_records(before: dict, after: dict, also=()):
    """The live records a request created or changed (new rows, or new history rows)."""
    records = list(also)
    for model, (_count, top) in before.items():
        if after[model][1] == top or model._meta.auto_created:
            continue
        new = model._default_manager.filter(pk__gt=top or 0)
        original = getattr(model, "instance_type", None)
        if original is not None:  # a django-simple-history table: the rows it describes
            ids = new.values_list(original._meta.pk.attname, flat=True)
            records.extend(original._default_manager.filter(pk__in=list(ids)))
        elif not model.__name__.startswith("Historical"):
            records.extend(new)
    return records


@contextmanager
def rolled_back():
    """One example's requests, undone afterwards, so every example starts from the same rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def error_texts(response) -> list[str]:
    if not response.content or "html" not in response.get("Content-Type", ""):
        return []
    document = lxml.html.fromstring(response.content.decode(errors="replace"))
    return [e.text_content().strip() for e in document.xpath(ERROR_XPATH)]


def untranslated(texts: list[str], sent: dict) -> list[str]:
    """Error texts in English; the values the user sent (echoed in messages) are ignored."""
    echoed = sorted(
        (str(v) for values in sent.values() for v in (values or []) if v),
        key=len,
        reverse=True,
    )
    found = []
    for text in texts:
        rest = text
        for value in echoed:
            rest = rest.replace(value.strip(), " ")
        if ENGLISH.search(rest):
            found.append(text)
    return found


def refusals(response) -> list[str]:
    """The error messages a redirect carries (the admin and action buttons refuse so)."""
    request = getattr(response, "wsgi_request", None)
    if request is None or not hasattr(request, "_messages"):
        return []
    return [str(m) for m in get_messages(request) if m.level >= messages.ERROR]


def server_error(response) -> str:
    """The traceback of a 500, for the failure message."""
    info = getattr(response, "exc_info", None)
    if info:
        return "".join(traceback.format_exception(*info))[-4000:]
    return response.content.decode(errors="replace")[:2000]


def full_clean_failures(records) -> list[str]:
    failures = []
    for record in records:
        record.refresh_from_db()
        try:
            record.full_clean()
        except Exception as error:  # ValidationError, or a clean() that crashes
            failures.append(f"{record._meta.label} {record.pk}: {error!r}")
    return failures


def assert_sound(
    response, *, url, sent, before, after, edited=(), errors_expected=True, refuse_only=False
):
    """No 500; a refusal changes no row and says why in Swedish; a success saved valid rows."""
    assert response.status_code != 500, f"{url} with {sent!r}:\n{server_error(response)}"
    redirected = response.status_code in (301, 302, 303)
    assert not (redirected and refuse_only), f"{url} accepted {sent!r}"
    refused = refusals(response) if redirected else []
    if redirected and not refused:
        failures = full_clean_failures(saved_records(before, after, edited))
        assert failures == [], f"{url} saved invalid records from {sent!r}: {failures}"
        return
    assert changed_tables(before, after) == [], f"{url} half-saved {sent!r}"
    texts = refused or error_texts(response)
    if response.status_code == 200 and errors_expected:
        assert texts, f"{url} answered 200 to {sent!r} without saying what is wrong"
    english = untranslated(texts, sent)
    assert english == [], f"{url}: messages not in Swedish for {sent!r}: {english}"
