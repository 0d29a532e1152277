"""The decision list and the API's decisions read the stored public mark (#15, S19): they show
exactly the decisions the rule makes public, the same on both, before and after changes of
what is published (the rule and its upkeep are tested in
tests/projects/test_decision_publicity.py)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from governance.models import DECISION_ORDER, Decision
from projects import publishing
from tests import factories
from tests.projects.test_decision_publicity import rule_as_before

pytestmark = pytest.mark.django_db


def expected_citations() -> list[str]:
    decisions = rule_as_before().select_related("body").order_by(*DECISION_ORDER)
    return [decision.citation for decision in decisions]


def api_citations(client) -> list[str]:
    return [row["citation"] for row in client.get("/api/v1/decisions/").json()["results"]]


def page_citations(client) -> list[str]:
    page = client.get(reverse("website:decision-list"))
    return [decision.citation for decision in page.context["object_list"]]


def assert_both_show_the_rule():
    client = Client()  # a visitor; the page cache is raised by every change
    expected = expected_citations()
    assert api_citations(client) == expected
    assert page_citations(client) == expected
    return expected


def test_the_list_and_the_api_show_the_rules_decisions(world):
    shown = assert_both_show_the_rule()

    assert shown == ["BUN 2025-06-10 § 41", "KF 2016-06-27 § 172", "KF 1994-05-30 § 55"]
    assert world.hidden_decision.citation not in shown


def test_they_follow_publishing_and_unpublishing(world, coordinator, kf):
    agreement_decision = factories.DecisionFactory(
        body=kf, meeting_date=datetime.date(2001, 2, 3), paragraph=7
    )
    factories.AgreementFactory(relationship=world.hidden_relationship, decision=agreement_decision)
    assert agreement_decision.citation not in assert_both_show_the_rule()

    world.hidden_relationship.published = True
    world.hidden_relationship.save()
    assert agreement_decision.citation in assert_both_show_the_rule()

    publishing.unpublish_project(world.project, by=coordinator, reason="Fel text.")
    assert world.project_decision.citation not in assert_both_show_the_rule()

    world.joniskis.published = False
    world.joniskis.save()
    assert assert_both_show_the_rule() == ["KF 2016-06-27 § 172"]


def test_a_decision_page_is_found_only_while_public(client, world, coordinator):
    decision = world.project_decision
    url = reverse(
        "website:decision-detail",
        args=[decision.body.slug, decision.meeting_date.isoformat(), decision.paragraph],
    )
    assert client.get(url).status_code == 200

    publishing.unpublish_project(world.project, by=coordinator, reason="Fel text.")

    assert client.get(url).status_code == 404
    assert Decision.objects.filter(pk=decision.pk).exists()  # never deleted


def test_pages_of_decisions_with_the_same_date_and_paragraph_never_overlap(db):
    """Decisions of several bodies on one day under one paragraph: the id breaks their tie,
    so the API's offset pages and the list's pages hold each decision exactly once (#15)."""
    for index in range(7):
        body = factories.BodyFactory(short_name=f"N{index}", name=f"Nämnd {index}")
        factories.DecidedApplicationFactory(
            project=factories.ProjectFactory(published=True, responsible_body=body),
            addressed_to=body,
            decision__meeting_date=datetime.date(2026, 3, 10),
            decision__paragraph=5,
        )
    expected = expected_citations()
    assert len(expected) == 7 and len(set(expected)) == 7

    client = Client()
    paged = []
    for offset in range(0, 7, 2):
        results = client.get("/api/v1/decisions/", {"limit": 2, "offset": offset}).json()
        paged += [row["citation"] for row in results["results"]]
    assert paged == expected

    shown = list(
        Decision.objects.filter(publicity__isnull=False).values_list("pk", flat=True)
    )  # the default order: the same tiebreak
    assert shown == sorted(shown, reverse=True)
