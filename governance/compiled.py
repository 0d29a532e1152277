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
"""

import copy
import operator
import weakref

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import get_language

_KEPT: dict = {}
_KEPT_MAX = 256


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
        # for each connection (``_running``).
        kept = _KEPT[key] = (found[0], _running(*found[1:])) if found else False
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


def _running(compiler, sql, params):
    """The query's ``get_compiler``: a copy of the compiled compiler (its columns, their
    models and converters as the ORM set them up) on this thread's connection, giving the
    kept statement instead of compiling again.

    The columns' converters, and whether a column is composite, are found once for each
    connection too: the ORM asks every column's field and the backend for them on each run,
    some 60 columns for a list with its related records, a fifth of a kept list's Python
    where it has few rows (the dashboard's deadlines, #15). Asked for other columns than the
    statement's, the compiler answers as the ORM does."""
    columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
    known = weakref.WeakKeyDictionary()  # connection -> (converters, composite)

    def get_compiler(using=None, connection=None, elide_empty=True):
        running = copy.copy(compiler)
        running.connection = connection or connections[using or compiler.using]
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
