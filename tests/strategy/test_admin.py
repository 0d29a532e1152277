"""The strategy in the admin (strategy/admin.py): objectives and revisions added inline are
held to the same rules as records added on their own page (S16, S21)."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from strategy.models import Objective, Revision
from tests import factories


def _english(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


def _rows(prefix, *rows, initial=0):
    """Management data and fields of an inline formset posted with ``rows``."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _strategy_data(strategy, *, objectives=(), revisions=()):
    return {
        "title_sv": strategy.title,
        "adopted_by": strategy.adopted_by.pk,
        **_rows("objectives", *objectives),
        **_rows("revisions", *revisions),
    }


def test_objectives_added_to_a_strategy(client, coordinator):
    """S16: the objectives are records of the strategy."""
    strategy = factories.StrategyFactory()
    client.force_login(coordinator)
    objective = {"number": "1", "text_sv": "Ökad kunskap om omvärlden."}

    response = client.post(
        _english("network_strategy_change", strategy.pk),
        _strategy_data(strategy, objectives=[objective]),
    )

    assert response.status_code == 302
    assert Objective.objects.get().strategy == strategy


def test_revision_decided_before_the_adoption_is_refused(client, coordinator, kf):
    """S21: a revision follows the adoption."""
    strategy = factories.StrategyFactory()
    too_early = factories.DecisionFactory(body=kf, meeting_date=datetime.date(2015, 1, 1))
    client.force_login(coordinator)
    revision = {"decision": too_early.pk, "summary_sv": "Reviderad."}

    response = client.post(
        _english("network_strategy_change", strategy.pk),
        _strategy_data(strategy, revisions=[revision]),
    )

    assert response.status_code == 200
    message = "A revision cannot be decided before the strategy was adopted."
    assert escape(message) in response.content.decode()
    assert Revision.objects.count() == 0
