"""Several small lists of one record read in one query, compiled once per process (#15).

A page that shows one record with a handful of short lists (a project's places, bodies,
decisions ...) read each list with a query of its own: the ORM built and compiled each
(``prefetch_related``, ``setup_joins``, ``as_sql``) on every request, which cost several
times the queries themselves, and each query is a round trip. Here the lists are the parts
of one UNION ALL: each part is the domain's own queryset (its conditions as the manager
writes them) narrowed to the record, its rows tagged with the part's number and their place
in the part's order (``ROW_NUMBER() OVER (ORDER BY ...)``, the database's own collation, as
the queries' ORDER BY). Each part's columns go in slots of their kind (numbers, texts,
dates ...), typed ``NULL`` where a part has fewer, so that PostgreSQL and SQLite agree on
every column of the union.

The statement is built and compiled once per process, database and language (the parts'
querysets may order by the page's language column), with a marker in place of the record's
key; each request runs it with the key in the marker's places and makes the rows into model
instances with ``from_db`` (as the ORM does), the columns converted by each part's own
converters. A field path ``place__name`` makes the related record as ``select_related``
does.
"""

from dataclasses import dataclass

from django.db import connections, router
from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    F,
    IntegerField,
    JSONField,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.utils.translation import get_language

from governance import compiled
from governance.compiled import converted

# The record's key while the statement is compiled: no record has it (keys are positive).
MARKER = -704_512_771

# The kind of a column's slot by its field's internal type, and the type of a slot's NULL.
_KINDS = {
    "AutoField": "int",
    "BigAutoField": "int",
    "SmallAutoField": "int",
    "IntegerField": "int",
    "BigIntegerField": "int",
    "SmallIntegerField": "int",
    "PositiveIntegerField": "int",
    "PositiveBigIntegerField": "int",
    "PositiveSmallIntegerField": "int",
    "CharField": "text",
    "TextField": "text",
    "SlugField": "text",
    "FileField": "text",
    "BooleanField": "bool",
    "DateField": "date",
    "DateTimeField": "datetime",
    "DecimalField": "decimal",
    "JSONField": "json",
}
_NULLS = {
    "int": IntegerField,
    "text": TextField,
    "bool": BooleanField,
    "date": DateField,
    "datetime": DateTimeField,
    "json": JSONField,
    # Of no precision of its own (PostgreSQL's ``numeric``): a union's column takes the parts'.
    "decimal": lambda: DecimalField(max_digits=65, decimal_places=30),
}


@dataclass(frozen=True)
class Part:
    """One list: ``queryset`` is the domain's queryset narrowed to the record's key, its
    rows are made with ``fields`` (paths; ``pk`` for the key) in ``order`` (the order's
    field names, ``-`` for descending; the key last, so that equal values keep one order)."""

    queryset: object
    fields: tuple[str, ...]
    order: tuple[str, ...]


@dataclass
class _Maker:
    """How one model's instances are made from a part's row: its concrete fields' attnames
    (in the model's order, as ``from_db`` wants them) at their row positions, and its related
    records' makers."""

    model: type
    attnames: list
    positions: list
    related: dict

    def make(self, alias, row):
        instance = self.model.from_db(alias, self.attnames, [row[p] for p in self.positions])
        for field, maker in self.related.items():
            field.set_cached_value(instance, maker.make(alias, row))
        return instance


def _field(model, name):
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _maker(model, paths: dict) -> _Maker:
    """``paths``: field path under ``model`` -> row position."""
    own, nested = {}, {}
    for path, position in paths.items():
        name, _sep, rest = path.partition("__")
        if rest:
            nested.setdefault(name, {})[rest] = position
        else:
            own[_field(model, name).attname] = position
    attnames = [f.attname for f in model._meta.concrete_fields if f.attname in own]
    related = {
        model._meta.get_field(name): _maker(model._meta.get_field(name).related_model, sub)
        for name, sub in nested.items()
    }
    return _Maker(model, attnames, [own[a] for a in attnames], related)


def _final_field(model, path: str):
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    return _field(model, last)


def _kind(field) -> str:
    """A column's slot: a foreign key's is its target's."""
    while field.is_relation:
        field = field.target_field
    return _KINDS[field.get_internal_type()]


@dataclass
class _Compiled:
    sql: str
    params: list
    marked: list  # the positions of the record's key among the parameters
    makers: list  # (maker, converters) by part


_KEPT: dict = {}


def _compile(alias: str, parts: list[Part]) -> _Compiled:
    kinds = [
        [(path, _kind(_final_field(part.queryset.model, path))) for path in part.fields]
        for part in parts
    ]
    widths: dict[str, int] = {}
    for columns in kinds:
        for kind in {kind for _path, kind in columns}:
            count = sum(1 for _path, k in columns if k == kind)
            widths[kind] = max(widths.get(kind, 0), count)
    combined, makers = [], []
    for index, (part, columns) in enumerate(zip(parts, kinds, strict=True)):
        slots = {kind: [] for kind in widths}
        for path, kind in columns:
            slots[kind].append(path)
        select = {
            "tagged_part": Value(index),
            "tagged_seq": Window(RowNumber(), order_by=list(part.order)),
        }
        positions = {}
        for kind, width in widths.items():
            for slot in range(width):
                name = f"tagged_{kind}{slot}"
                if slot < len(slots[kind]):
                    positions[slots[kind][slot]] = len(select)
                    select[name] = F(slots[kind][slot])
                else:
                    select[name] = Cast(Value(None), _NULLS[kind]())
        queryset = part.queryset
        # Not rewritten by modeltranslation (its values_list reorders the names it rewrites):
        # the parts of a union must agree on their columns' places.
        if hasattr(queryset, "rewrite"):
            queryset = queryset.rewrite(False)
        rows = queryset.order_by().annotate(**select).values_list(*select)
        compiler = rows.query.get_compiler(alias)
        compiler.as_sql()
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = list(compiler.get_converters(fields).items())
        makers.append((_maker(part.queryset.model, positions), converters))
        combined.append(rows)
    union = combined[0].union(*combined[1:], all=True).order_by("tagged_part", "tagged_seq")
    sql, params = union.query.get_compiler(alias).as_sql()
    params = list(params)
    marked = [i for i, value in enumerate(params) if isinstance(value, int) and value == MARKER]
    if not marked:
        raise ValueError("No part is narrowed to the record's key.")
    return _Compiled(sql, params, marked, makers)


def lists(name: str, make_parts, key: int) -> list[list]:
    """The lists of ``make_parts(key)`` (a list of :class:`Part`), each a list of model
    instances in its part's order, read in one query. ``name`` names the parts (one name,
    one ``make_parts``), which depend on nothing but the key and the language. On
    PostgreSQL the statement is prepared once per kept connection with the key as its
    parameter (``compiled.prepared_varying``): planned once for every record, not at each
    request (#15)."""
    cache_key = (name, get_language())
    kept = _KEPT.get(cache_key)
    if kept is None:
        parts = make_parts(MARKER)
        alias = router.db_for_read(parts[0].queryset.model)
        kept = _KEPT[cache_key] = (alias, _compile(alias, parts), object())
    alias, found_sql, token = kept
    params = list(found_sql.params)
    for position in found_sql.marked:
        params[position] = key
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(
            *compiled.prepared_varying(
                connection, token, found_sql.sql, params, tuple(found_sql.marked)
            )
        )
        rows = cursor.fetchall()
    found: list[list] = [[] for _maker in found_sql.makers]
    for row in rows:
        maker, converters = found_sql.makers[row[0]]
        if converters:
            row = converted(row, converters, connection)
        found[row[0]].append(maker.make(alias, row))
    return found


_ROWS: dict = {}


def keyed_rows(name: str, make, key, marker) -> list:
    """``list(make(key))``, the queryset built and compiled once per process and language
    for every key (``governance.compiled`` keeps one per argument): compiled with ``marker``
    (of the key's type, a value no record has) where the key goes, run with ``key`` in the
    marker's places, by the ORM's own iteration (model instances, ``select_related``). An
    integer key is the parameter of a statement prepared once per kept connection on
    PostgreSQL (``compiled.prepared_varying``), a text is written into the statement as
    before."""
    cache_key = (name, get_language())
    kept = _ROWS.get(cache_key)
    if kept is None:
        queryset, compiler, sql, params = compiled._compiled(make(marker))
        marked = tuple(
            i for i, value in enumerate(params) if type(value) is type(marker) and value == marker
        )
        if not marked:
            raise ValueError("The queryset is not narrowed to the key.")
        varying = marked if type(marker) is int else None
        runner = compiled.Runner(compiler, sql, varying=varying)
        kept = _ROWS[cache_key] = (queryset, runner, params, marked)
    queryset, runner, params, marked = kept
    params = list(params)
    for position in marked:
        params[position] = key
    clone = queryset._chain()
    clone.query.get_compiler = runner.get_compiler(tuple(params))
    return list(clone)


def prefetched(instance, name: str, found: list):
    """``found`` as ``instance.<name>.all()``, as ``prefetch_related`` leaves it."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = found
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset
