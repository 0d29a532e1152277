"""Check constraints in ``full_clean()`` (#15): ``ValidatedModel`` evaluates a model's check
constraints together, in one query over the fields their conditions name, not one query (and
a savepoint) per constraint over every field of the record. The same constraints refuse the
same records, with their own messages."""

import datetime
import random
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from governance import records
from governance.records import ValidatedModel, _checks_failed, _names_in
from tests import factories


def _check_constraints():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                yield model, constraint


def test_every_check_constraint_names_fields_of_its_model_as_django_reads_them():
    """A field the condition reads but the record's map left out would skip the check
    (Django ignores a check it cannot evaluate): the names are Django's own reading."""
    checked = 0
    for model, constraint in _check_constraints():
        django_reads = {ref[0] for ref in model._get_expr_references(constraint.condition)}
        fields = {field.name for field in model._meta.local_concrete_fields} | {"pk"}
        assert _names_in(constraint.condition) == django_reads, constraint.name
        assert django_reads and django_reads <= fields, constraint.name
        checked += issubclass(model, ValidatedModel)
    assert checked > 40


def test_a_check_constraint_still_refuses_with_its_message(db):
    membership = factories.MembershipFactory(starts_on=datetime.date(2023, 1, 1))
    stored = membership.ends_on
    membership.ends_on = datetime.date(2022, 12, 31)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        membership.save()

    assert error.value.messages == ["The end date cannot be before the start date."]
    membership.refresh_from_db()
    assert membership.ends_on == stored != datetime.date(2022, 12, 31)


def test_a_record_that_meets_its_check_constraints_is_saved(db):
    membership = factories.MembershipFactory(starts_on=datetime.date(2023, 1, 1))
    membership.ends_on = datetime.date(2023, 1, 1)
    membership.save()

    membership.refresh_from_db()
    assert membership.ends_on == datetime.date(2023, 1, 1)


def _candidates(field) -> list:
    """Values of a field's type that meet and break conditions: bounds, empties, NULL."""
    if field.choices:
        choices = field.flatchoices or field.choices  # a country field has its own choices
        return [None, "", *(value for value, _label in choices)]
    kind = field.get_internal_type()
    if kind == "DateField":
        return [
            None,
            datetime.date(2019, 12, 31),
            datetime.date(2020, 1, 1),
            datetime.date(2021, 6, 30),
        ]
    if kind == "DateTimeField":
        return [
            None,
            timezone.make_aware(datetime.datetime(2020, 1, 1, 9)),
            timezone.make_aware(datetime.datetime(2021, 6, 30, 18)),
        ]
    if kind == "DecimalField":
        return [None, Decimal("-1"), Decimal("0"), Decimal("1.50"), Decimal("250000")]
    if kind in {"ForeignKey", "OneToOneField"}:
        return [None, None, 1, 2]  # a link is often left empty: "exactly one of" conditions
    if kind in {
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "BigIntegerField",
        "AutoField",
        "BigAutoField",
    }:
        return [None, -1, 0, 1, 2, 1999, 2020]
    if kind == "BooleanField":
        return [None, True, False]
    if kind in {"CharField", "TextField", "SlugField", "EmailField", "URLField"}:
        return [None, "", " ", "a", "ABC-1", "https://example.org/"]
    return [None]


def _violated_one_by_one(model, instance) -> set[str]:
    """Django's own reading: each check constraint asked alone (``CheckConstraint.validate``)."""
    violated = set()
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                constraint.validate(model, instance, exclude=set(), using="default")
            except ValidationError:
                violated.add(constraint.name)
    return violated


def test_one_query_refuses_what_each_constraint_alone_refuses(db):
    """Every model with check constraints, 25 records of values that meet and break them
    (bounds, empties, NULL, every choice): the constraints violated are the same as Django's
    one query per constraint, and some are violated, some met, of every constraint."""
    chance = random.Random(15)
    seen_violated, seen_met = set(), set()
    for model in {model for model, _constraint in _check_constraints()}:
        checks = [c for c in model._meta.constraints if isinstance(c, models.CheckConstraint)]
        fields = model._meta.local_concrete_fields
        for _ in range(25):
            instance = model(
                **{field.attname: chance.choice(_candidates(field)) for field in fields}
            )
            failed = _checks_failed(model, instance, checks, set(), "default")
            assert failed is not None, model
            ours = {constraint.name for constraint in failed}
            assert ours == _violated_one_by_one(model, instance), model
            seen_violated |= ours
            seen_met |= {c.name for c in checks} - ours
    everything = {constraint.name for _model, constraint in _check_constraints()}
    assert len(seen_violated) > len(everything) / 2
    assert seen_met == everything


def test_a_save_asks_its_check_constraints_in_one_query(db):
    membership = factories.MembershipFactory(starts_on=datetime.date(2023, 1, 1))
    membership.ends_on = datetime.date(2024, 1, 1)

    with CaptureQueriesContext(connection) as queries:
        membership.full_clean()

    checks = [q["sql"] for q in queries.captured_queries if '"_check_' in q["sql"]]
    assert len(checks) == 1
    assert checks[0].count("COALESCE") == sum(
        isinstance(c, models.CheckConstraint) for c in type(membership)._meta.constraints
    )


def test_an_excluded_field_skips_the_checks_that_read_it(db):
    membership = factories.MembershipFactory(starts_on=datetime.date(2023, 1, 1))
    membership.ends_on = datetime.date(2022, 12, 31)

    membership.validate_constraints(exclude={"ends_on"})  # not checked, as in Django
    with pytest.raises(ValidationError):
        membership.validate_constraints()


def test_when_the_database_cannot_answer_together_each_is_asked_alone(db, monkeypatch):
    """A database error in the one query: each constraint is then asked alone, as Django
    does (``Q.check``), and a violation is still refused with its message."""

    class Compiler:
        def execute_sql(self, result_type):
            raise DatabaseError("cannot compare")

    class Refused(records.Query):
        def get_compiler(self, *args, **kwargs):
            return Compiler()

    monkeypatch.setattr(records, "Query", Refused)
    membership = factories.MembershipFactory(starts_on=datetime.date(2023, 1, 1))
    membership.ends_on = datetime.date(2022, 12, 31)
    checks = [
        c for c in type(membership)._meta.constraints if isinstance(c, models.CheckConstraint)
    ]

    assert _checks_failed(type(membership), membership, checks, set(), "default") is None
    with translation.override("en"), pytest.raises(ValidationError) as error:
        membership.validate_constraints()
    assert error.value.messages == ["The end date cannot be before the start date."]


# --- Links already in hand (#15) ----------------------------------------------------------


def _lookups_of(model, queries) -> list[str]:
    table = connection.ops.quote_name(model._meta.db_table)
    return [q["sql"] for q in queries.captured_queries if f'AS "a" FROM {table} WHERE' in q["sql"]]


def test_a_link_to_an_object_in_hand_is_not_looked_up_again(db):
    body = factories.BodyFactory()
    membership = factories.MembershipFactory.build(body=body, person=factories.PersonFactory())

    with CaptureQueriesContext(connection) as queries:
        membership.full_clean()

    assert _lookups_of(type(body), queries) == []
    assert not membership._links_in_hand() ^ {"body", "person"}


def test_a_link_by_id_alone_is_looked_up_and_an_unknown_one_refused(db):
    body = factories.BodyFactory()
    person = factories.PersonFactory()
    membership = factories.MembershipFactory.build(body_id=body.pk, person=person)

    with CaptureQueriesContext(connection) as queries:
        membership.full_clean()
    assert len(_lookups_of(type(body), queries)) == 1

    membership = factories.MembershipFactory.build(body_id=body.pk + 1000, person=person)
    with pytest.raises(ValidationError) as error:
        membership.clean_fields()
    assert error.value.message_dict["body"] == [
        f"organ instans med id {body.pk + 1000} är inte ett giltigt val."
    ]


def test_a_link_to_an_unsaved_or_deleted_object_is_looked_up(db):
    person = factories.PersonFactory()
    unsaved = factories.BodyFactory.build()
    unsaved.pk = 10**6
    membership = factories.MembershipFactory.build(body=unsaved, person=person)
    assert "body" not in membership._links_in_hand()
    with pytest.raises(ValidationError) as error:
        membership.clean_fields()
    assert "body" in error.value.message_dict


def test_a_link_with_a_rule_of_what_may_be_linked_is_always_looked_up(db):
    """``limit_choices_to`` (a project's unit must be a workplace): the rule is the database's
    to answer, whatever object is in hand."""
    from projects.models import Project

    field = Project._meta.get_field("unit")
    assert field.get_limit_choices_to()
    body = factories.BodyFactory()  # a board, not a workplace
    project = factories.ProjectFactory.build(responsible_body=body, unit=body)

    assert "unit" not in project._links_in_hand()
    assert "responsible_body" in project._links_in_hand()
    with pytest.raises(ValidationError) as error:
        project.full_clean()
    assert "unit" in error.value.message_dict
