"""Load a municipality's own data from a TOML file (see data/vimmerby.toml).

Here, in the top layer, because the file fills the records of every domain app below it.

The file holds what the municipality knows, not code: its bodies, the places abroad and its
relationships with them (S1-S4), their status history (S2), the strategy and its objectives
(S16), and the funding catalogue: funders, their programmes and their explicit and yearly
calls (S6, docs/funding.md). Loading is idempotent: each record is found by its natural key
and saved, through the model and so through its validation, only when something differs, so
a second run writes no history. Everything happens in one transaction;
bad data raises LoadError naming the entry, and nothing is changed.
"""

import datetime
import re
import tomllib
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation

from accounts import roles
from governance.models import Body, Decision, PublicContact
from partners.models import Agreement, Chain, Place, Relationship, RelationshipStatus
from partners.services import record_status_change
from projects.models import Call, Funder, Programme, RecurringCall
from strategy.models import Objective, Strategy

DEFAULT_FILE = Path(settings.BASE_DIR) / "data" / "vimmerby.toml"
YEARLY_DAY = re.compile(r"^(?P<month>\d{2})-(?P<day>\d{2})$")
CITATION = re.compile(r"^(?P<body>\S+) (?P<date>\d{4}-\d{2}-\d{2}) § (?P<paragraph>\d+)$")


class LoadError(Exception):
    """The data cannot be loaded; the message names the entry and says why."""


class _Problem(Exception):
    """A problem inside one entry; `in_entry` adds which entry it was."""


class _Later(Exception):
    """The entry refers to one further down the file; load it on the next pass."""


# --- The shape of the file ----------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """The keys one kind of entry may have, and the ones that name it in messages."""

    key: tuple[str, ...]
    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    children: dict = field(default_factory=dict)

    def allowed(self) -> frozenset[str]:
        return self.required | self.optional | frozenset(self.children)

    def name(self, entry: dict) -> str:
        return " ".join(str(entry.get(k, "?")) for k in self.key)


def entry_spec(key: str, required: str, optional: str = "", children=None) -> Spec:
    """A Spec from space-separated key names, which keeps SCHEMA readable."""
    return Spec(
        key=tuple(key.split()),
        required=frozenset(required.split()),
        optional=frozenset(optional.split()),
        children=children or {},
    )


_PUBLIC = "published public_text_sv public_text_en internal_note"
SCHEMA = {
    "bodies": entry_spec(
        "short_name",
        "short_name slug kind name_sv",
        "name_en parent case_number_prefix shared_with active_from active_to",
    ),
    "places": entry_spec(
        "slug",
        "slug name country kind",
        "local_name latitude longitude administered_by successor merged_on wikidata_id " + _PUBLIC,
    ),
    "contacts": entry_spec("key", "key function_sv email", "function_en body phone address order"),
    "chains": entry_spec("name_sv", "name_sv", "name_en description_sv description_en"),
    "decisions": entry_spec(
        "body meeting_date paragraph",
        "body meeting_date paragraph title_sv outcome",
        "title_en case_number text minutes_approved_on notice_posted_on",
    ),
    "strategies": entry_spec(
        "adopted_by",
        "adopted_by title_sv",
        "title_en summary_sv summary_en",
        {
            "objectives": entry_spec(
                "number", "number text_sv", "text_en short_name_sv short_name_en"
            )
        },
    ),
    "relationships": entry_spec(
        "place kind",
        "place kind",
        "initial_status chain started_on start_precision start_note_sv start_note_en ended_on "
        "channel channel_organisation theme_sv theme_en period_ends_on established_by ended_by "
        + _PUBLIC,
        {
            "status_changes": entry_spec("on to", "on to reason_sv", "reason_en decision"),
            "agreements": entry_spec(
                "title_sv",
                "title_sv",
                "title_en signed_on signed_precision valid_from valid_until theme_sv theme_en "
                "document_is_internal decision",
            ),
        },
    ),
    "funders": entry_spec(
        "name",
        "name kind",
        "name_en short_name url",
        {
            "programmes": entry_spec(
                "slug",
                "slug name_sv",
                "name_en description_sv description_en url eligible_groups eligible_countries "
                "covers_our_area for_municipalities for_schools for_associations for_individuals "
                "activity_kinds min_partner_countries min_eu_members min_participants min_age "
                "max_age grant_min grant_max grant_currency cofinancing_share "
                "applications_all_year sources last_verified_on is_active",
                {
                    "calls": entry_spec("deadline", "deadline", "opens_on note"),
                    "yearly_calls": entry_spec(
                        "every_year_on", "every_year_on", "first_year last_year note_sv note_en"
                    ),
                },
            )
        },
    ),
}


def check_shape(data: dict, schema: dict = SCHEMA) -> None:
    """Refuse unknown sections, unknown keys and missing keys before touching the database."""
    for section, entries in data.items():
        if section not in schema:
            raise LoadError(f"Unknown section [{section}]; the file may have: {', '.join(schema)}.")
        _check_entries(section, schema[section], entries)


def _check_entries(section: str, spec: Spec, entries) -> None:
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise LoadError(f"[[{section}]] must be a list of tables, written [[{section}]].")
    for index, entry in enumerate(entries, start=1):
        where = entry_label(section, index, spec.name(entry))
        unknown = sorted(set(entry) - spec.allowed())
        if unknown:
            raise LoadError(
                f"{where}: unknown key(s) {', '.join(unknown)}; "
                f"allowed: {', '.join(sorted(spec.allowed()))}."
            )
        missing = sorted(spec.required - set(entry))
        if missing:
            raise LoadError(f"{where}: missing required key(s) {', '.join(missing)}.")
        for child, child_spec in spec.children.items():
            _check_entries(f"{where} {child}", child_spec, entry.get(child, []))


def entry_label(section: str, index: int, name: str) -> str:
    return f'{section} entry {index} ("{name}")'


def read_file(path: Path, schema: dict = SCHEMA) -> dict:
    """The file's data, once its shape matches ``schema`` (the municipality's by default)."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise LoadError("the file does not exist.") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LoadError(f"not valid TOML: {exc}.") from exc
    check_shape(data, schema)
    return data


# --- Saving only what differs -------------------------------------------------------------


CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Tally:
    """How many records of each model were created, updated or left as they were."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, model, outcome: str) -> None:
        label = model._meta.label
        self.counts.setdefault(label, Counter())[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(c[CREATED] or c[UPDATED] for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{label}: {c[CREATED]} created, {c[UPDATED]} updated, {c[UNCHANGED]} unchanged"
            for label, c in sorted(self.counts.items())
        ]


def _decimal_if_float(model_field, value):
    if isinstance(model_field, models.DecimalField) and isinstance(value, float):
        # Through str: 63.101 stays 63.101, where the float's binary expansion would carry
        # more decimals than the field allows.
        return Decimal(str(value))
    return value


def _coerce(model_field, value):
    """The value as the model field holds it, so that comparing it is meaningful."""
    return model_field.to_python(_decimal_if_float(model_field, value))


def _same(obj, name: str, value) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) == (value.pk if value is not None else None)
    current = getattr(obj, name)
    if isinstance(value, list):  # a multiple choice such as eligible countries
        return sorted(str(getattr(c, "code", c)) for c in current or []) == sorted(value)
    value = _coerce(model_field, value)
    if current in (None, "") and value in (None, ""):
        return True
    return current == value


def _save(obj, reason: str) -> None:
    obj._change_reason = reason  # django-simple-history records why the row changed
    obj.save()


def sync(tally: Tally, obj, values: dict, reason: str):
    """Set the values that differ and save, only if any did."""
    changed = {name: value for name, value in values.items() if not _same(obj, name, value)}
    for name, value in changed.items():
        setattr(obj, name, value)
    if changed:
        _save(obj, reason)
    tally.add(type(obj), UPDATED if changed else UNCHANGED)
    return obj


def find(model, lookup: dict):
    found = list(model._default_manager.filter(**lookup)[:2])
    if len(found) > 1:
        raise _Problem(f"more than one {model.__name__} matches {lookup}; make them distinct.")
    return found[0] if found else None


def upsert(tally: Tally, model, lookup: dict, values: dict, reason: str, on_create=None, make=None):
    """Find the record by its natural key and update it, or create it (with ``make``, the
    model's own constructor unless another is named)."""
    obj = find(model, lookup)
    if obj is not None:
        return sync(tally, obj, values, reason)
    obj = (make or model)(**lookup, **values, **(on_create or {}))
    _save(obj, reason)
    tally.add(model, CREATED)
    return obj


@contextmanager
def in_entry(where: str):
    """Turn a problem inside one entry into a LoadError that names the entry."""
    try:
        yield
    except ValidationError as exc:
        raise LoadError(f"{where}: {describe(exc)}") from exc
    except _Problem as exc:
        raise LoadError(f"{where}: {exc}") from exc
    except (TypeError, ValueError) as exc:  # e.g. a text where the database expects a number
        raise LoadError(f"{where}: a value has the wrong type ({exc}).") from exc


def describe(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    parts = []
    for name, errors in exc.message_dict.items():
        text = " ".join(errors)
        parts.append(text if name == "__all__" else f"{name}: {text}")
    return "; ".join(parts)


# --- The sections -------------------------------------------------------------------------


class MunicipalityLoader:
    """Loads the sections of one file in the order their references need."""

    def __init__(self, data: dict, reason: str):
        self.data = data
        self.reason = reason
        self.tally = Tally()

    def run(self) -> Tally:
        self._in_passes("bodies", self._body)
        self._in_passes("places", self._place)
        self._each("contacts", self._contact)
        self._each("chains", self._chain)
        self._each("decisions", self._decision)
        self._each("strategies", self._strategy)
        self._each("relationships", self._relationship)
        self._each("funders", self._funder)
        try:
            roles.ensure_groups(self.tally)
        except roles.MissingPermission as exc:
            raise LoadError(str(exc)) from exc
        return self.tally

    def _each(self, section: str, load_one) -> None:
        spec = SCHEMA[section]
        for index, entry in enumerate(self.data.get(section, []), start=1):
            where = entry_label(section, index, spec.name(entry))
            with in_entry(where):
                load_one(entry, where)

    def _in_passes(self, section: str, load_one) -> None:
        """Load entries that refer to each other (a parent, a successor) in any order."""
        spec = SCHEMA[section]
        pending = list(enumerate(self.data.get(section, []), start=1))
        while pending:
            later = []
            for index, entry in pending:
                where = entry_label(section, index, spec.name(entry))
                try:
                    with in_entry(where):
                        load_one(entry, where)
                except _Later:
                    later.append((index, entry))
            if len(later) == len(pending):
                index, entry = later[0]
                raise LoadError(
                    f"{entry_label(section, index, spec.name(entry))}: its references go round in "
                    "a circle and none of them can be loaded first."
                )
            pending = later

    def _values(self, entry: dict, model, skip: set[str]) -> dict:
        """The entry's plain keys, which are the model's field names."""
        return {
            k: _decimal_if_float(model._meta.get_field(k), v)
            for k, v in entry.items()
            if k not in skip and is_field(model, k)
        }

    def _ref(self, model, key: str, value, section: str = ""):
        """The record an entry refers to by natural key; later if it is further down the file."""
        obj = model._default_manager.filter(**{key: value}).first()
        if obj is not None:
            return obj
        if section and any(e.get(key) == value for e in self.data.get(section, [])):
            raise _Later
        raise _Problem(
            f'there is no {model.__name__} with {key} "{value}" in the file or database.'
        )

    def _decision_ref(self, citation: str) -> Decision:
        match = CITATION.match(str(citation))
        if not match:
            raise _Problem(f'"{citation}" is not a decision citation like "KF 2016-06-27 § 172".')
        lookup = {
            "body__short_name": match["body"],
            "meeting_date": match["date"],
            "paragraph": int(match["paragraph"]),
        }
        decision = Decision.objects.filter(**lookup).first()
        if decision is None:
            raise _Problem(f'there is no decision "{citation}" in the file or database.')
        return decision

    def _body(self, entry: dict, where: str) -> None:
        values = self._values(entry, Body, {"short_name", "parent"})
        if "parent" in entry:
            values["parent"] = self._ref(Body, "short_name", entry["parent"], "bodies")
        upsert(self.tally, Body, {"short_name": entry["short_name"]}, values, self.reason)

    def _place(self, entry: dict, where: str) -> None:
        values = self._values(entry, Place, {"slug", "administered_by", "successor"})
        for key in ("administered_by", "successor"):
            if key in entry:
                values[key] = self._ref(Place, "slug", entry[key], "places")
        upsert(self.tally, Place, {"slug": entry["slug"]}, values, self.reason)

    def _contact(self, entry: dict, where: str) -> None:
        """The public contact (#14): a function with its e-mail and phone, no person's name."""
        values = self._values(entry, PublicContact, {"key", "body"})
        if "body" in entry:
            values["body"] = self._ref(Body, "short_name", entry["body"], "bodies")
        upsert(self.tally, PublicContact, {"key": entry["key"]}, values, self.reason)

    def _chain(self, entry: dict, where: str) -> None:
        values = self._values(entry, Chain, {"name_sv"})
        upsert(self.tally, Chain, {"name_sv": entry["name_sv"]}, values, self.reason)

    def _decision(self, entry: dict, where: str) -> None:
        lookup = {
            "body": self._ref(Body, "short_name", entry["body"]),
            "meeting_date": _date(entry["meeting_date"], "meeting_date"),
            "paragraph": entry["paragraph"],
        }
        values = self._values(entry, Decision, set(lookup))
        upsert(self.tally, Decision, lookup, values, self.reason)

    def _strategy(self, entry: dict, where: str) -> None:
        adopted_by = self._decision_ref(entry["adopted_by"])
        values = self._values(entry, Strategy, {"adopted_by", "objectives"})
        strategy = upsert(self.tally, Strategy, {"adopted_by": adopted_by}, values, self.reason)
        spec = SCHEMA["strategies"].children["objectives"]
        for index, objective in enumerate(entry.get("objectives", []), start=1):
            with in_entry(f"{where} {entry_label('objectives', index, spec.name(objective))}"):
                lookup = {"strategy": strategy, "number": objective["number"]}
                values = self._values(objective, Objective, {"number"})
                upsert(self.tally, Objective, lookup, values, self.reason)

    def _relationship(self, entry: dict, where: str) -> None:
        place = self._ref(Place, "slug", entry["place"])
        values = self._values(entry, Relationship, {"place", "kind", "chain"})
        if "chain" in entry:
            values["chain"] = self._ref(Chain, "name_sv", entry["chain"])
        for key in ("established_by", "ended_by"):
            if key in entry:
                values[key] = self._decision_ref(entry[key])
        # The status is set when the relationship begins and then changes only through the
        # dated status changes below, never by overwriting it (S2).
        initial = {"status": entry.get("initial_status", RelationshipStatus.ACTIVE)}
        lookup = {"place": place, "kind": entry["kind"]}
        # The file holds relationships as they stood in earlier years: a twin town from
        # decades ago is active without KF's decision on record (S7). Only this loader
        # records such a one; the dashboard lists it until the decision is attached.
        relationship = upsert(
            self.tally,
            Relationship,
            lookup,
            values,
            self.reason,
            initial,
            make=Relationship.from_earlier_years,
        )
        children = SCHEMA["relationships"].children
        for index, change in enumerate(entry.get("status_changes", []), start=1):
            name = children["status_changes"].name(change)
            with in_entry(f"{where} {entry_label('status_changes', index, name)}"):
                self._status_change(relationship, change)
        for index, agreement in enumerate(entry.get("agreements", []), start=1):
            name = children["agreements"].name(agreement)
            with in_entry(f"{where} {entry_label('agreements', index, name)}"):
                self._agreement(relationship, agreement)

    def _status_change(self, relationship: Relationship, entry: dict) -> None:
        on = _date(entry["on"], "on")
        decision = self._decision_ref(entry["decision"]) if "decision" in entry else None
        existing = relationship.status_changes.filter(changed_on=on, to_status=entry["to"]).first()
        if existing is not None:
            values = {"reason_sv": entry["reason_sv"], "reason_en": entry.get("reason_en", "")}
            if "decision" in entry:
                values["decision"] = decision
            sync(self.tally, existing, values, self.reason)
            return
        if entry["to"] not in RelationshipStatus.values:
            raise _Problem(f'"{entry["to"]}" is not a status: {", ".join(RelationshipStatus)}.')
        record_status_change(
            relationship,
            to_status=entry["to"],
            on=on,
            reason=entry["reason_sv"],
            reason_en=entry.get("reason_en", ""),
            decision=decision,
        )
        self.tally.add(relationship.status_changes.model, CREATED)

    def _agreement(self, relationship: Relationship, entry: dict) -> None:
        values = self._values(entry, Agreement, {"title_sv", "decision"})
        if "decision" in entry:
            values["decision"] = self._decision_ref(entry["decision"])
        lookup = {"relationship": relationship, "title_sv": entry["title_sv"]}
        upsert(self.tally, Agreement, lookup, values, self.reason)

    def _funder(self, entry: dict, where: str) -> None:
        values = self._values(entry, Funder, {"name", "programmes"})
        funder = upsert(self.tally, Funder, {"name": entry["name"]}, values, self.reason)
        spec = SCHEMA["funders"].children["programmes"]
        for index, programme in enumerate(entry.get("programmes", []), start=1):
            here = f"{where} {entry_label('programmes', index, spec.name(programme))}"
            with in_entry(here):
                values = self._values(programme, Programme, {"slug", "calls", "yearly_calls"})
                values["funder"] = funder
                record = upsert(
                    self.tally, Programme, {"slug": programme["slug"]}, values, self.reason
                )
            for child, load_one in (("calls", self._call), ("yearly_calls", self._yearly_call)):
                for number, call in enumerate(programme.get(child, []), start=1):
                    name = spec.children[child].name(call)
                    with in_entry(f"{here} {entry_label(child, number, name)}"):
                        load_one(record, call)

    def _call(self, programme: Programme, entry: dict) -> None:
        """An explicit call: its deadline is a date or a date and time, with its year."""
        deadline = entry["deadline"]
        if isinstance(deadline, datetime.datetime):
            if timezone.is_naive(deadline):
                deadline = timezone.make_aware(deadline)
        elif isinstance(deadline, datetime.date):
            deadline = timezone.make_aware(
                datetime.datetime.combine(deadline, datetime.time(23, 59))
            )
        else:
            raise _Problem(
                f"deadline must be a date with its year, like 2027-02-01, not {deadline!r}; "
                'a deadline every year is a yearly call: every_year_on = "02-01".'
            )
        values = {"year": deadline.year, "note": entry.get("note", "")}
        if "opens_on" in entry:
            values["opens_on"] = _date(entry["opens_on"], "opens_on")
        lookup = {"programme": programme, "deadline": deadline}
        upsert(self.tally, Call, lookup, values, self.reason)

    def _yearly_call(self, programme: Programme, entry: dict) -> None:
        """A call that comes back every year on the same day: every_year_on = "MM-DD"."""
        match = YEARLY_DAY.match(str(entry["every_year_on"]))
        if not match:
            raise _Problem(
                f'every_year_on must be a month and day like "02-01", not '
                f"{entry['every_year_on']!r}."
            )
        lookup = {"programme": programme, "month": int(match["month"]), "day": int(match["day"])}
        values = self._values(entry, RecurringCall, {"every_year_on"})
        upsert(self.tally, RecurringCall, lookup, values, self.reason)


def is_field(model, name: str) -> bool:
    """A plain column of the model; references and nested lists are resolved by the loaders."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return model_field.concrete and not model_field.is_relation


def _date(value, key: str) -> datetime.date:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    raise _Problem(f"{key} must be a date written like 2007-01-01, not {value!r}.")


# --- Entry point --------------------------------------------------------------------------


def load_file(path: Path, *, dry_run: bool = False) -> Tally:
    """Load one municipality file in a single transaction; roll back everything on error."""
    data = read_file(path)
    reason = f"load_municipality {Path(path).name}"[:100]
    # The default language, so that texts set without a language suffix are the Swedish ones.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        tally = MunicipalityLoader(data, reason).run()
        if dry_run:
            transaction.set_rollback(True)
    return tally
