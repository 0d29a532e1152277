"""The period rule "the end is not before the start", written once in governance.records."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.records import check_end_not_before_start, end_not_before_start
from projects.models import Project
from tests import factories

DAY = datetime.date(2026, 3, 1)


def test_check_end_not_before_start_refuses_an_end_before_the_start_on_its_field():
    with pytest.raises(ValidationError) as error:
        check_end_not_before_start(DAY, DAY - datetime.timedelta(days=1), field="ends_on")

    assert error.value.message_dict == {"ends_on": ["Slutdatumet kan inte vara före startdatumet."]}


@pytest.mark.parametrize(
    ("start", "end"),
    [(DAY, DAY), (DAY, DAY + datetime.timedelta(days=1)), (None, DAY), (DAY, None)],
)
def test_check_end_not_before_start_lets_an_equal_later_or_missing_date_pass(start, end):
    assert check_end_not_before_start(start, end, field="ends_on") is None


def test_end_not_before_start_is_named_after_the_model_and_allows_an_empty_end():
    constraint = end_not_before_start(start="starts_on", end="ends_on")

    assert constraint.name == "%(app_label)s_%(class)s_ends_after_start"
    assert str(constraint.violation_error_message) == "Slutdatumet kan inte vara före startdatumet."


def test_end_not_before_start_holds_in_the_database_without_full_clean(db):
    project = factories.ProjectFactory(starts_on=DAY, ends_on=DAY)

    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(ends_on=DAY - datetime.timedelta(days=1))
