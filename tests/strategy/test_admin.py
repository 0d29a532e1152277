"""The strategy in the admin (strategy/admin.py): objectives and revisions added inline are
held to the same rules as records added on their own page (S16, S21)."""

import datetime

from django.utils.html import escape

from strategy.models import Objective, Revision
from tests import factories
from tests.admin_forms import english_admin_url, inline_rows


def _strategy_data(strategy, *, objectives=(), revisions=()):
    return {
        "title_sv": strategy.title,
        "adopted_by": strategy.adopted_by.pk,
        **inline_rows("objectives", *objectives),
        **inline_rows("revisions", *revisions),
    }


def test_objectives_added_to_a_strategy(client, coordinator):
    """S16: the objectives are records of the strategy."""
    strategy = factories.StrategyFactory()
    client.force_login(coordinator)
    objective = {"number": "1", "text_sv": "Ökad kunskap om omvärlden."}

    response = client.post(
        english_admin_url("network_strategy_change", strategy.pk),
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
        english_admin_url("network_strategy_change", strategy.pk),
        _strategy_data(strategy, revisions=[revision]),
    )

    assert response.status_code == 200
    message = "A revision cannot be decided before the strategy was adopted."
    assert escape(message) in response.content.decode()
    assert Revision.objects.count() == 0
