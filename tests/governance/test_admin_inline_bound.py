"""The rows of a record's admin page are bounded (#15, hardening): those it has and at most
``NEW_ROWS_AT_MOST`` more. A form that says it holds two billion rows is refused with Django's
own message before the rows are built (it kept a worker for seconds rendering 2,000 of them),
and a record with more rows than the bound is still saved as before."""

import pytest
from django.contrib.admin.options import InlineModelAdmin

from governance.admin import NEW_ROWS_AT_MOST, BoundedInlineFormSet
from strategy.models import Objective, Strategy
from tests import admin_records, factories
from tests.admin_forms import admin_url, shows
from tests.fuzz.page_forms import read_form, values_of

pytestmark = pytest.mark.django_db

PREFIX = "objectives"
# The project's own apps, whose admins define inlines.
PROJECT_APPS = {
    *("accounts", "followup", "governance", "municipality", "partners"),
    *("projects", "staff", "strategy", "website"),
}


def page_as_shown(client, url):
    """The change form's fields as the page offers them (what a browser would send)."""
    response = client.get(url)
    assert response.status_code == 200
    return values_of(read_form(response.content, "strategy_form"))


def objectives_formset(response):
    formsets = [f.formset for f in response.context["inline_admin_formsets"]]
    return next(f for f in formsets if f.prefix == PREFIX)


def test_a_page_offers_the_rows_it_has_and_the_bound_more(client, coordinator):
    client.force_login(coordinator)
    strategy = admin_records.make(Strategy)
    factories.ObjectiveFactory.create_batch(3, strategy=strategy)

    sent = page_as_shown(client, admin_url(Strategy, "change", strategy.pk))

    assert sent[f"{PREFIX}-MAX_NUM_FORMS"] == [str(3 + NEW_ROWS_AT_MOST)]
    assert sent[f"{PREFIX}-TOTAL_FORMS"] == ["4"]  # three rows and one empty


def test_a_row_count_past_the_bound_is_refused_in_swedish_and_nothing_is_saved(client, coordinator):
    client.force_login(coordinator)
    strategy = admin_records.make(Strategy)
    url = admin_url(Strategy, "change", strategy.pk)
    sent = page_as_shown(client, url)
    sent[f"{PREFIX}-TOTAL_FORMS"] = ["2147483647"]
    sent["title_sv"] = ["Ändrad titel"]

    response = client.post(url, sent)

    assert response.status_code == 200
    assert shows(response, f"Skicka som mest {NEW_ROWS_AT_MOST} formulär.")
    # Rows built for the page shown again: the bound, not Django's 2,000.
    assert objectives_formset(response).total_form_count() == NEW_ROWS_AT_MOST
    strategy.refresh_from_db()
    assert strategy.title_sv != "Ändrad titel"
    assert not Objective.objects.filter(strategy=strategy).exists()


def test_a_record_with_more_rows_than_the_bound_is_saved_as_before(client, coordinator):
    client.force_login(coordinator)
    strategy = admin_records.make(Strategy)
    factories.ObjectiveFactory.create_batch(NEW_ROWS_AT_MOST + 2, strategy=strategy)
    url = admin_url(Strategy, "change", strategy.pk)
    sent = page_as_shown(client, url)
    assert sent[f"{PREFIX}-TOTAL_FORMS"] == [str(NEW_ROWS_AT_MOST + 3)]
    sent["title_sv"] = ["Ändrad titel"]

    response = client.post(url, sent)

    assert response.status_code == 302, response.content.decode()[:3000]
    strategy.refresh_from_db()
    assert strategy.title_sv == "Ändrad titel"
    assert Objective.objects.filter(strategy=strategy).count() == NEW_ROWS_AT_MOST + 2


def test_new_rows_past_the_bound_are_refused_and_none_is_saved(client, coordinator):
    client.force_login(coordinator)
    strategy = admin_records.make(Strategy)
    url = admin_url(Strategy, "change", strategy.pk)
    sent = page_as_shown(client, url)
    sent[f"{PREFIX}-TOTAL_FORMS"] = [str(NEW_ROWS_AT_MOST + 1)]
    for index in range(NEW_ROWS_AT_MOST + 1):
        sent[f"{PREFIX}-{index}-number"] = [str(index + 1)]
        sent[f"{PREFIX}-{index}-short_name_sv"] = [f"Mål {index + 1}"]
        sent[f"{PREFIX}-{index}-text_sv"] = [f"Målet nummer {index + 1}."]

    response = client.post(url, sent)

    assert response.status_code == 200
    assert shows(response, f"Skicka som mest {NEW_ROWS_AT_MOST} formulär.")
    assert not Objective.objects.filter(strategy=strategy).exists()


def _inline_classes(base=InlineModelAdmin):
    for subclass in base.__subclasses__():
        yield subclass
        yield from _inline_classes(subclass)


def test_every_inline_of_the_project_is_bounded():
    """No way round the bound: every inline the project's admin defines (those a page lists
    now and those it adds later, as the strategy's revisions) builds its rows with it."""
    ours = {
        inline
        for inline in _inline_classes()
        if inline.__module__.split(".")[0] in PROJECT_APPS and getattr(inline, "model", None)
    }

    assert len(ours) >= 15
    assert {i.__name__ for i in ours if not issubclass(i.formset, BoundedInlineFormSet)} == set()
