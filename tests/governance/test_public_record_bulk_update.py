"""A public record is changed one at a time, through its rules and its history, never in bulk."""

import pytest
from django.apps import apps

from governance.records import PublicRecord, PublicRecordUpdateError
from tests import factories

PUBLIC_RECORDS = sorted(
    (
        model
        for model in apps.get_models()
        if issubclass(model, PublicRecord) and not model._meta.abstract
    ),
    key=lambda model: model._meta.label,
)


def test_every_public_record_is_found():
    labels = {model._meta.label for model in PUBLIC_RECORDS}

    assert {"governance.Decision", "partners.Agreement", "governance.Meeting"} <= labels


@pytest.mark.parametrize("model", PUBLIC_RECORDS, ids=lambda model: model._meta.label)
def test_no_public_record_can_be_updated_in_bulk(db, model):
    with pytest.raises(PublicRecordUpdateError):
        model.objects.all().update(pk=0)

    with pytest.raises(PublicRecordUpdateError):
        model.objects.filter(pk__in=[1, 2]).update(pk=0)


def test_a_refused_bulk_update_says_why_in_swedish_and_changes_nothing(db):
    decision = factories.DecisionFactory(text="Beslutet som fattades.")

    with pytest.raises(PublicRecordUpdateError) as error:
        type(decision).objects.filter(pk=decision.pk).update(text="Ändrat i efterhand.")

    assert "kan inte ändras i klump" in str(error.value)
    decision.refresh_from_db()
    assert decision.text == "Beslutet som fattades."
    assert decision.history.count() == 1
