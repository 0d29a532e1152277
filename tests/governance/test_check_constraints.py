"""Check constraints in ``full_clean()`` (#15): ``ValidatedModel`` evaluates each over the
fields its condition names, not every field of the record. The same constraints refuse the
same records, with their own messages."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from governance.records import ValidatedModel, _names_in
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
