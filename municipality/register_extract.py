"""The register extract (registerutdrag, GDPR art. 15): everything held about one person.

Generic on purpose: the extract follows every relation that points at ``Person`` (foreign
keys, many-to-many, one-to-one, and the history tables' rows, whose foreign keys are hidden
with ``related_name="+"``), so a model added later in any app is included without this
module importing it. Another person's data stays out: a field that points at another person
or login account, many-to-many lists on related records, and who made each history change.
"""

import datetime
import decimal
import json

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from governance.models import Person

# The extract's short labels carry the context "register extract", so that they never clash
# with another "created"; it is written out in each call so that makemessages finds them.
# Never part of an extract, whatever the model: a password hash is no one's to read.
SECRET_FIELDS = frozenset({"password"})


def register_extract(person: Person) -> dict:
    """Everything the system holds about ``person``, with labels in the active language."""
    return _capitalised(
        {
            pgettext("register extract", "register extract"): _(
                "Personal data held about %(person)s"
            )
            % {"person": person},
            _("created at"): timezone.localtime().isoformat(timespec="seconds"),
            _("person"): _row(person, person),
            pgettext("register extract", "history of the person"): [
                _history_row(row, person) for row in _own_history(person)
            ],
            pgettext("register extract", "related records"): _related_records(person),
            _("login account"): _account(person.user) if person.user_id else None,
        }
    )


def register_extract_for_email(email: str) -> dict:
    """Everyone and everything holding ``email``: people (now or in their history) with their
    whole extract, and rows of any model with an e-mail field, such as contacts abroad."""
    email = email.strip()
    if not email:
        raise ValueError("An empty e-mail address would match everyone without one.")
    history = Person.history.model
    people = Person.objects.filter(
        Q(email__iexact=email) | Q(pk__in=history.objects.filter(email__iexact=email).values("id"))
    ).order_by("pk")
    return _capitalised(
        {
            pgettext("register extract", "register extract"): _(
                "Personal data held under the e-mail address %(email)s"
            )
            % {"email": email},
            _("created at"): timezone.localtime().isoformat(timespec="seconds"),
            _("people"): [register_extract(person) for person in people],
            pgettext("register extract", "other records"): _records_with_email(
                email, skip=(Person, history)
            ),
        }
    )


def extract_filename(person_id, day: datetime.date) -> str:
    """``registerutdrag-<person id>-<date>.json``; without a person, the date only."""
    parts = ["registerutdrag", *([str(person_id)] if person_id else []), day.isoformat()]
    return "-".join(parts) + ".json"


def extract_file(extract: dict) -> bytes:
    """The extract as a UTF-8 JSON file, readable by a person and by a program."""
    text = json.dumps(extract, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return (text + "\n").encode()


# --- Collecting ---------------------------------------------------------------------------


def _own_history(person):
    history = getattr(person, "history", None)
    return history.order_by("history_date", "history_id") if history is not None else []


def _reverse_relations(model):
    """Every relation pointing at ``model``, hidden ones included (history tables, "+")."""
    for field in model._meta.get_fields(include_hidden=True):
        if not (field.auto_created and field.is_relation and not field.concrete):
            continue
        if field.related_model._meta.auto_created:
            continue  # the through table of a many-to-many; its relation is listed itself
        yield field


def _related_records(person) -> dict:
    records = {}
    for relation in _reverse_relations(Person):
        model = relation.related_model
        rows = model._base_manager.filter(**{relation.field.name: person}).order_by("pk")
        if rows:
            records[_relation_label(relation)] = [_any_row(row, person) for row in rows]
    return records


def _relation_label(relation) -> str:
    return f"{_model_label(relation.related_model)} ({relation.field.verbose_name})"


def _model_label(model) -> str:
    if _is_history(model):
        records = model.instance_type._meta.verbose_name_plural
        return capfirst(_("history of %(records)s") % {"records": records})
    return _plural(model)


def _records_with_email(email, *, skip) -> dict:
    user_model = get_user_model()
    records = {}
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.EmailField)]
        if model in skip or not names:
            continue
        query = Q()
        for name in names:
            query |= Q(**{f"{name}__iexact": email})
        rows = model._base_manager.filter(query).order_by("pk")
        if rows:
            serialise = _account if model is user_model else (lambda row: _any_row(row, None))
            records[_model_label(model)] = [serialise(row) for row in rows]
    return records


def _account(user) -> dict:
    """The login account: who, when, which groups, what it did; never the password hash."""
    account = {
        _label(user, name): _value(user, user._meta.get_field(name), None)
        for name in ("username", "email", "first_name", "last_name", "is_active")
        + ("is_staff", "date_joined", "last_login")
    }
    account[_label(user, "groups")] = sorted(user.groups.values_list("name", flat=True))
    account[pgettext("register extract", "changes recorded by the account")] = _changes_by(user)
    entries = LogEntry.objects.filter(user=user).order_by("action_time", "pk")
    account[_plural(LogEntry)] = [_log_entry(entry) for entry in entries]
    if apps.is_installed("axes"):
        account.update(_sign_in_records(user.username))
    return account


def _changes_by(user) -> list:
    """Which records the account changed and when; not their contents (other people's)."""
    changes = []
    for model in filter(_is_history, apps.get_models()):
        record = capfirst(str(model.instance_type._meta.verbose_name))
        pk_name = model.instance_type._meta.pk.attname
        for row in model._base_manager.filter(history_user=user):
            changes.append((row.history_date, record, getattr(row, pk_name), row.history_type))
    return [
        {
            pgettext("register extract", "record"): record,
            "ID": pk,
            pgettext("register extract", "changed at"): timezone.localtime(when).isoformat(),
            pgettext("register extract", "type of change"): _change_type(kind),
        }
        for when, record, pk, kind in sorted(changes, key=lambda change: change[:3])
    ]


def _log_entry(entry) -> dict:
    """What the account did in the admin and when; not the record's text (others' data)."""
    names = ("action_time", "content_type", "object_id", "action_flag")
    return {_label(entry, n): _value(entry, entry._meta.get_field(n), None) for n in names}


def _sign_in_records(username) -> dict:
    """django-axes' sign-in attempts and sign-ins under the account's username."""
    records = {}
    for model in apps.get_app_config("axes").get_models():
        if "username" not in {f.name for f in model._meta.concrete_fields}:
            continue
        rows = model._base_manager.filter(username=username).order_by("pk")
        records[_plural(model)] = [_row(row, None) for row in rows]
    return records


# --- Serialising --------------------------------------------------------------------------


def _any_row(obj, person) -> dict:
    return _history_row(obj, person) if _is_history(type(obj)) else _row(obj, person)


def _history_row(row, person) -> dict:
    """A history row: the record as it was, and when and how it changed; not who changed it."""
    data = _row(row, person)
    data[pgettext("register extract", "changed at")] = timezone.localtime(
        row.history_date
    ).isoformat()
    data[pgettext("register extract", "type of change")] = _change_type(row.history_type)
    data[pgettext("register extract", "reason for change")] = row.history_change_reason or ""
    return data


def _row(obj, person, user=None) -> dict:
    """The record's own columns, labelled; links to other people or accounts left out."""
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.name.startswith("history_"):
            continue  # history columns are labelled by _history_row, without who changed
        if not _belongs_to_subject(obj, field, person, user):
            continue
        row[_label(obj, field.name)] = _value(obj, field, person)
    return row


def _belongs_to_subject(obj, field, person, user) -> bool:
    """A column pointing at a person or an account is shown only if it is the subject's."""
    if not field.is_relation:
        return True
    target = field.related_model
    value = getattr(obj, field.attname)
    if target is Person:
        return person is not None and value == person.pk
    if target is get_user_model():
        own = user.pk if user is not None else getattr(person, "user_id", None)
        return value is not None and value == own
    return True


def _value(obj, field, person):
    value = getattr(obj, field.attname)
    if value is None:
        return None
    if field.is_relation:
        try:
            return str(getattr(obj, field.name))
        except ObjectDoesNotExist:  # a history row may point at a record since removed
            return value
    if field.choices:
        return str(obj._get_FIELD_display(field))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | decimal.Decimal):
        return str(value)
    if isinstance(value, int | float | bool | str | list | dict):
        return value
    return str(value)


def _capitalised(data):
    """Every label with a capital first letter, as the field labels have, at every depth."""
    if isinstance(data, dict):
        return {capfirst(key): _capitalised(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_capitalised(item) for item in data]
    return data


def _label(obj, name) -> str:
    return capfirst(str(obj._meta.get_field(name).verbose_name))


def _plural(model) -> str:
    return capfirst(str(model._meta.verbose_name_plural))


def _is_history(model) -> bool:
    return hasattr(model, "instance_type") and hasattr(model, "history_object")


def _change_type(code) -> str:
    names = {
        "+": pgettext("register extract", "created"),
        "~": pgettext("register extract", "changed"),
        "-": pgettext("register extract", "deleted"),
    }
    return names.get(code, code)
