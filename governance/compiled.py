"""A page's fixed queries built and compiled by the ORM once per process (#15).

Building a queryset and compiling it to SQL is Python work that gives the same SQL and the
same parameters every time for the same arguments: on the start page it was some 1.5 ms of
CPU beside the queries' own 0.1 ms each (the Nordic meeting's subquery alone 0.8 ms).
:func:`rows` keeps, for each name, language and arguments, the queryset and its compiled
statement, and runs that statement with the ORM's own iteration (model instances, values,
``select_related`` and ``prefetch_related`` as before): only building and compiling are
skipped. The result is a list, so nothing can filter the kept queryset further.

A queryset kept here must depend on nothing but its arguments and the language: no clock,
no setting read while it is built (pass the day as an argument). Bounded.

On PostgreSQL a statement of :func:`rows` (its parameters its own, fixed by its arguments)
is also prepared on each connection that runs it: ``PREPARE`` once with its parameters
written in, then ``EXECUTE`` by name, so PostgreSQL parses, analyses and plans it once per
connection instead of at every request (``_prepared``; the dashboard's 19 statements spent
some 4 ms a request planning, #15). Only where connections are kept (``CONN_MAX_AGE`` not 0)
and ``PREPARED_STATEMENTS`` is on: behind PgBouncer in transaction mode a prepared statement
is on another server connection than the next request's.

A statement run with other integers each time (a page's ids, ``website.api_rows``) is
prepared with those as its parameters (``prepared_varying``): PostgreSQL then plans it once
for all pages, after its first runs (the project API's seven related reads spent 1.1 ms of
their 2.9 ms parsing and planning, #15).
"""

import copy
import operator
import re
import weakref

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import get_language

_KEPT: dict = {}
_KEPT_MAX = 256
# The statements prepared on each open connection (its DB-API connection: a new one starts
# with none): the kept statement's token (``_running``) -> name. At most ``_PREPARED_MAX``
# on one connection (a plan takes the server's memory); past it they are deallocated and
# prepared again as they are used.
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PREPARED_MAX = 128
_PREFIX = "intl_kept_"


def rows(name: str, make, *args) -> list:
    """``list(make(*args))``, the queryset built and compiled once per process for each
    ``name`` (one name, one ``make``), language and ``args`` (hashable)."""
    key = (DEFAULT_DB_ALIAS, name, get_language(), args)
    kept = _KEPT.get(key)
    if kept is None:
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        found = _compiled(make(*args))
        # The statement's ``get_compiler`` kept with it, and with it what it found once
        # for each connection (``_running``), prepared where that pays (``_prepared``).
        kept = _KEPT[key] = (found[0], _running(*found[1:], prepare=True)) if found else False
    if kept is False:  # nothing to keep (no rows possible): the ORM runs it each time
        return list(make(*args))
    queryset, get_compiler = kept
    clone = queryset._chain()
    clone.query.get_compiler = get_compiler
    return list(clone)


def compile_once(key, make, store: dict | None = None, most: int = _KEPT_MAX) -> tuple | None:
    """``make()``'s queryset built and compiled once per process for ``key`` (which must
    name everything its SQL depends on): (queryset, compiler, sql, params) for
    :func:`run`, or None when it can have no rows. For a statement run with other
    parameters each time (stand-ins in the place of a search's text or a page's ids), or
    with its own. ``store``: a dict of the caller's own, emptied at ``most`` statements,
    for keys of many values (the project list's filters and pages), so that they never
    push the other pages' statements out of this module's."""
    store = _KEPT if store is None else store
    kept = store.get(key)
    if kept is None:
        if len(store) >= most:
            store.clear()
        kept = store[key] = _compiled(make()) or False
    return kept or None


def run(kept: tuple, params) -> list:
    """The rows of a statement kept by :func:`compile_once`, run with ``params`` in the
    place of its own, through the ORM's own iteration (model instances, annotations)."""
    queryset, compiler, sql, _params = kept
    clone = queryset._chain()
    clone.query.get_compiler = _running(compiler, sql, tuple(params))
    return list(clone)


def _compiled(queryset):
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    return queryset, compiler, sql, tuple(params)


def _running(compiler, sql, params, prepare=False):
    """The query's ``get_compiler`` for ``sql`` run with ``params`` (see :class:`Runner`)."""
    return Runner(compiler, sql, prepare=prepare).get_compiler(params)


class Runner:
    """A compiled statement's ``get_compiler``s: copies of the compiled compiler (its
    columns, their models and converters as the ORM set them up) on this thread's
    connection, giving the kept statement instead of compiling again.

    The columns' converters, and whether a column is composite, are found once for each
    connection too: the ORM asks every column's field and the backend for them on each run,
    some 60 columns for a list with its related records, a fifth of a kept list's Python
    where it has few rows (the dashboard's deadlines, #15). Asked for other columns than the
    statement's, the compiler answers as the ORM does.

    ``prepare``: the statement, always run with the same parameters, is prepared on each
    kept connection (``_prepared``). ``varying``: the positions of the parameters that are
    a record's integer key, other at each run; the statement is prepared with them as its
    parameters (``prepared_varying``)."""

    def __init__(self, compiler, sql, prepare=False, varying=None):
        self.compiler = compiler
        self.sql = sql
        self.prepare = prepare
        self.varying = varying
        self.columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        self.known = weakref.WeakKeyDictionary()  # connection -> (converters, composite)
        self.token = object()  # this statement (with these parameters unless varying)

    def get_compiler(self, params):
        """The ``get_compiler`` of a query to run the statement with ``params``."""
        compiler, sql, columns, known, token = (
            self.compiler,
            self.sql,
            self.columns,
            self.known,
            self.token,
        )
        varying, prepare = self.varying, self.prepare

        def get_compiler(using=None, connection=None, elide_empty=True):
            running = copy.copy(compiler)
            running.connection = connection or connections[using or compiler.using]
            if varying is not None:
                running.as_sql = lambda *args, **kwargs: prepared_varying(
                    running.connection, token, sql, params, varying
                )
            elif prepare:
                running.as_sql = lambda *args, **kwargs: _prepared(
                    running.connection, token, sql, params
                )
            else:
                running.as_sql = lambda *args, **kwargs: (sql, params)
            kept = known.get(running.connection)
            if kept is None:
                kept = known[running.connection] = (
                    running.get_converters(columns),
                    running.has_composite_fields(columns),
                )
            converters, composite = kept

            def get_converters(expressions):
                if _same(expressions, columns):
                    return converters
                return type(running).get_converters(running, expressions)

            def has_composite_fields(expressions):
                if _same(expressions, columns):
                    return composite
                return type(running).has_composite_fields(running, expressions)

            running.get_converters = get_converters
            running.has_composite_fields = has_composite_fields
            return running

        return get_compiler


def prepared(connection, token, sql: str, params) -> tuple:
    """(SQL, parameters) to run ``sql`` with its own fixed ``params`` on ``connection``,
    prepared once per kept connection as :func:`rows`' statements are. ``token``: an
    object standing for this statement with these parameters for the process's life (kept
    with the statement by the caller); another statement must never get the same token."""
    return _prepared(connection, token, sql, tuple(params))


# A placeholder of a compiled statement, or an escaped percent sign.
_PLACEHOLDER = re.compile(r"%%|%s")


def prepared_varying(connection, token, sql: str, params, varying: tuple[int, ...]) -> tuple:
    """(SQL, parameters) to run ``sql`` with ``params`` on ``connection``, where the
    parameters at the positions ``varying`` are integers that change from one run to the
    next (a page's ids) and the others are the statement's own, fixed for ``token`` (see
    :func:`prepared`). Prepared once per kept connection with the varying ones as its
    parameters (``bigint``, ``$1``... in their order) and the others written in, then run
    as ``EXECUTE name(...)`` with this run's values; the statement itself where preparing
    does not pay or cannot be done, or when a varying value is not an integer."""
    params = tuple(params)
    if not _preparing(connection) or any(type(params[i]) is not int for i in varying):
        return sql, params
    chosen = frozenset(varying)

    def definition(cursor) -> str:
        position, number = -1, 0

        def placed(match) -> str:
            nonlocal position, number
            if match.group() == "%%":
                return "%"
            position += 1
            if position in chosen:
                number += 1
                return f"${number}"
            return cursor.mogrify("%s", (params[position],)).decode()

        body = _PLACEHOLDER.sub(placed, sql)
        return f" ({', '.join(['bigint'] * len(varying))}) AS {body}"

    name = _statement_name(connection, token, definition)
    values = [params[i] for i in varying]
    statement = f"EXECUTE {name}({', '.join(['%s'] * len(values))})"
    if connection.queries_logged:  # as ``_prepared``; its placeholders are no parameters here
        statement += f" /* {_commented(sql).replace('%', '%%')} */"
    return statement, values


def _preparing(connection) -> bool:
    """Whether statements are prepared on ``connection`` (see the module's docstring)."""
    return (
        connection.vendor == "postgresql"
        and getattr(settings, "PREPARED_STATEMENTS", True)
        and connection.settings_dict.get("CONN_MAX_AGE") != 0
    )


def _statement_name(connection, token, definition) -> str:
    """The name of the statement ``token`` prepared on ``connection``, prepared first if
    need be: ``PREPARE name`` followed by ``definition(cursor)`` (its parameters' types,
    ``AS`` and the statement). At most ``_PREPARED_MAX`` on a connection."""
    # As Django does before a cursor: a kept connection that died is replaced first, so the
    # statement is prepared on the connection that will run it.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    names = _PREPARED.get(raw)
    if names is None:
        names = _PREPARED[raw] = {}
    name = names.get(token)
    if name is None:
        with connection.wrap_database_errors, raw.cursor() as cursor:
            if len(names) >= _PREPARED_MAX:
                cursor.execute("; ".join(f"DEALLOCATE {kept}" for kept in names.values()))
                names.clear()
            name = f"{_PREFIX}{len(names)}"
            cursor.execute(f"PREPARE {name}{definition(cursor)}")
        names[token] = name
    return name


def _prepared(connection, token, sql: str, params: tuple) -> tuple:
    """The statement to run for ``sql`` with ``params`` on ``connection``: ``EXECUTE`` of
    the statement prepared on it with these parameters written in (the driver's own
    quoting, ``mogrify``, as a plain run sends them), preparing it first if need be;
    the statement itself where preparing does not pay or cannot be done.

    ``PREPARE`` goes to the DB-API connection directly: it is not one of the page's
    queries, which the tests count; the ``EXECUTE`` is. Where the queries are recorded (DEBUG,
    a test capturing them) the statement follows it as a comment (``_commented``), so that
    what ran can be read; otherwise the name alone is sent (the comment's text is some
    millisecond of the dashboard's). PostgreSQL's own log gives the ``PREPARE`` with an
    ``EXECUTE``'s duration. A prepared statement outlives a
    rollback; PostgreSQL plans it again when a table it reads changes."""
    if not _preparing(connection):
        return sql, params
    name = _statement_name(
        connection, token, lambda cursor: f" AS {cursor.mogrify(sql, params).decode()}"
    )
    if connection.queries_logged:  # DEBUG, or a test capturing the queries
        return f"EXECUTE {name} /* {_commented(sql)} */", None
    return f"EXECUTE {name}", None


def _commented(sql: str) -> str:
    """The statement as a comment after its ``EXECUTE``, for the query log and the tests that
    read which statement ran: PostgreSQL's lexer skips it. Without a comment's opening or closing
    (PostgreSQL's comments nest)."""
    return sql.replace("/*", "/ *").replace("*/", "* /")


def _same(expressions, columns) -> bool:
    """The statement's own columns, the very expressions (``results_iter`` lists them anew)."""
    return len(expressions) == len(columns) and all(map(operator.is_, expressions, columns))


def converted(row, converters, connection) -> list:
    """A row with the fields' converters applied, as the ORM applies them."""
    row = list(row)
    for position, (functions, expression) in converters:
        value = row[position]
        for function in functions:
            value = function(value, expression, connection)
        row[position] = value
    return row
