"""``governance.compiled`` finds a kept statement's converters once per connection (#15): the
rows are the ORM's, converted values and related records alike, run after run, and the fields
are not asked for their converters again."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import DecimalField, Value
from django.db.models.expressions import Col

from governance import compiled
from projects.models import FundingCheck
from tests import factories

pytestmark = pytest.mark.django_db


def _checks(marker):
    return (
        FundingCheck.objects.filter(amount_applied__isnull=False)
        .select_related("project", "programme__funder")
        .annotate(marker=Value(Decimal(marker), output_field=DecimalField(decimal_places=2)))
        .order_by("pk")
    )


def test_kept_rows_are_the_orms_run_after_run(monkeypatch):
    factories.FundingCheckFactory(amount_applied=Decimal("1200.50"))
    factories.FundingCheckFactory(amount_applied=Decimal("80"))
    orm = list(_checks("1.25"))

    def fields(rows):
        return [
            (r.pk, r.amount_applied, r.checked_on, r.marker, r.project.title, str(r.programme))
            for r in rows
        ]

    first = compiled.rows("test-converters", _checks, "1.25")
    asked = []
    original = Col.get_db_converters
    monkeypatch.setattr(
        Col, "get_db_converters", lambda self, c: asked.append(self) or original(self, c)
    )
    again = compiled.rows("test-converters", _checks, "1.25")
    assert fields(first) == fields(again) == fields(orm)
    assert isinstance(again[0].amount_applied, Decimal) and isinstance(again[0].marker, Decimal)
    assert isinstance(again[0].checked_on, datetime.date)
    assert asked == []  # found once, with the first run
    assert list(_checks("1.25").values_list("pk", flat=True)) == [r.pk for r in again]
