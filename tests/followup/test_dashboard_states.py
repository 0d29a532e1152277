"""The dashboard's three states and its key figures (#13): met, due soon, deviation, each with
its rule in plain words; ideas are not flagged; the term's days left are information; the
figures of this year against last year lead the page."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from followup.queries import dashboard, key_figures
from followup.queries.dashboard import State
from governance.models import BodyKind
from projects.models import Currency, FundingCheck, FundingOutcome, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _row(key, today):
    return next(row for row in dashboard.rows(today) if row.key == key)


def _on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9)), tick=False)


def test_every_row_states_its_rule_in_plain_words(today):
    rows = dashboard.rows(today)

    assert all(row.rule for row in rows)
    assert all(row.state in State for row in rows)


def test_an_idea_is_not_flagged_for_its_funding_check(bun, today):
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.IDEA, title="Idé")

    row = _row("funding_check", today)

    assert row.state == State.MET
    assert row.items == []


def test_planned_work_without_a_check_is_due_soon_not_a_deviation(bun, today):
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED, title="Plan")

    row = _row("funding_check", today)

    assert row.state == State.DUE_SOON
    assert [item.label for item in row.items] == ["Plan"]
    assert "funding_check" not in [r.key for r in dashboard.deviations(today)]


def test_approved_work_without_a_check_is_a_deviation(bun, today):
    project = factories.ProjectFactory(
        responsible_body=bun, status=ProjectStatus.PLANNED, title="Godkänd"
    )
    # Stored approved before S6 was enforced: the state written as it was.
    type(project).objects.filter(pk=project.pk).update(status=ProjectStatus.ONGOING)

    assert _row("funding_check", today).state == State.DEVIATION


def test_the_terms_days_left_are_information_not_a_deviation(db):
    factories.StrategyFactory()
    early = datetime.date(2027, 1, 10)  # KF's term 2026-2030 has begun: over 1,300 days left

    with _on(early):
        row = _row("revision", early)

    assert row.state == State.MET
    assert "days are left" in row.summary
    assert "revision" not in [r.key for r in dashboard.deviations(early)]


def test_the_revision_is_due_soon_in_the_terms_last_year(db, today):
    factories.StrategyFactory()

    row = _row("revision", today)  # 2026-06-15: 121 days left of 2022-2026

    assert row.state == State.DUE_SOON


def test_network_meetings_are_due_soon_until_october_then_a_deviation(network_body):
    summer, autumn = datetime.date(2026, 6, 15), datetime.date(2026, 10, 1)

    with _on(summer):
        assert _row("network_meetings", summer).state == State.DUE_SOON
    with _on(autumn):
        assert _row("network_meetings", autumn).state == State.DEVIATION


@pytest.mark.parametrize(
    ("last_year", "state"),
    [(2025, State.MET), (2024, State.DUE_SOON), (2023, State.DEVIATION)],
)
def test_a_nordic_meeting_is_due_two_years_after_the_last(db, today, last_year, state):
    factories.NordicMeetingFactory(year=last_year, starts_on=datetime.date(last_year, 6, 1))

    assert _row("nordic_meeting", today).state == state


def test_key_figures_this_year_against_last_year(bun, today):
    this = factories.ProjectFactory(
        responsible_body=bun, status=ProjectStatus.PLANNED, starts_on=datetime.date(2026, 2, 1)
    )
    last = factories.ProjectFactory(
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2025, 2, 1),
        ends_on=datetime.date(2025, 6, 1),
    )
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.IDEA)
    factories.ParticipantCountFactory(project=this, count=20)
    factories.ParticipantCountFactory(project=last, count=8)
    factories.FundingCheckFactory(
        project=this,
        programme=factories.ProgrammeFactory(grant_currency=Currency.EUR),
        outcome=FundingOutcome.GRANTED,
        amount_granted=Decimal("1000"),
        exchange_rate=Decimal("11.25"),
        checked_on=datetime.date(2026, 3, 1),
    )
    factories.FundingCheckFactory(
        project=last,
        outcome=FundingOutcome.GRANTED,
        amount_granted=Decimal("5000"),
        checked_on=datetime.date(2025, 3, 1),
    )
    unknown = factories.FundingCheckFactory(
        project=this,
        programme=factories.ProgrammeFactory(grant_currency=Currency.EUR),
        outcome=FundingOutcome.GRANTED,
        checked_on=datetime.date(2026, 4, 1),
    )
    FundingCheck._base_manager.filter(pk=unknown.pk).update(amount_granted=Decimal("700"))
    factories.ProjectCostFactory(project=this, year=2026, amount=Decimal("3000"))
    factories.ProjectCostFactory(project=last, year=2025, amount=Decimal("4000"))

    figures = {f.key: f for f in key_figures.key_figures(today)}

    assert (figures["projects"].this_year, figures["projects"].last_year) == (1, 1)
    assert (figures["participants"].this_year, figures["participants"].last_year) == (20, 8)
    assert (figures["granted"].this_year, figures["granted"].last_year) == (
        Decimal("11250"),
        Decimal("5000"),
    )
    assert "1 grant(s) in another currency" in figures["granted"].note
    assert (figures["spent"].this_year, figures["spent"].last_year) == (
        Decimal("3000"),
        Decimal("4000"),
    )
    assert figures["spent"].direction == "down"


def test_the_page_leads_with_the_key_figures_and_states_in_words(
    client, coordinator, bun, today, django_assert_max_num_queries
):
    factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED, title="Plan")
    client.force_login(coordinator)

    page = client.get(reverse("followup:dashboard")).content.decode()

    assert page.index('id="key-figures"') < page.index('id="dashboard"')
    assert 'id="granted-this-year"' not in page  # nothing granted this year
    funding = page.split('id="row-funding_check"')[1].split("</tr>")[0]
    assert 'class="row-due_soon"' in page
    assert "Due soon" in funding
    assert '<span aria-hidden="true">◷</span>' in funding
    assert "Ideas need no check yet" in funding


def test_the_key_figures_take_one_query_at_any_size(bun, today, django_assert_num_queries):
    """#15: the four figures of both years in one query, not four."""
    for _ in range(3):
        project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
        factories.ParticipantCountFactory(project=project)
        factories.ProjectCostFactory(project=project, year=2026)
        factories.FundingCheckFactory(project=project, checked_on=datetime.date(2026, 3, 1))

    with django_assert_num_queries(1):
        figures = {f.key: f for f in key_figures.key_figures(today)}

    assert figures["projects"].this_year == 3


def test_work_of_both_years_counts_in_each_and_its_participants_too(bun, today):
    """The figures are summed by groups of rows (this year, last year, both): a project under
    way in both years, its participants and last year's grant in a foreign currency without a
    rate count where they belong, and only there (#15)."""
    both = factories.ProjectFactory(
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 9, 1),
    )
    this = factories.ProjectFactory(
        responsible_body=bun, status=ProjectStatus.PLANNED, starts_on=datetime.date(2026, 8, 1)
    )
    cancelled = factories.ProjectFactory(
        responsible_body=bun, status=ProjectStatus.CANCELLED, starts_on=datetime.date(2026, 2, 1)
    )
    factories.ParticipantCountFactory(project=both, count=12)
    factories.ParticipantCountFactory(project=this, count=5)
    factories.ParticipantCountFactory(project=cancelled, count=100)
    unknown = factories.FundingCheckFactory(
        project=both,
        programme=factories.ProgrammeFactory(grant_currency=Currency.EUR),
        outcome=FundingOutcome.GRANTED,
        checked_on=datetime.date(2025, 10, 1),
    )
    FundingCheck._base_manager.filter(pk=unknown.pk).update(amount_granted=Decimal("700"))
    factories.ProjectCostFactory(project=both, year=2025, amount=Decimal("1500.40"))
    factories.ProjectCostFactory(project=both, year=2026, amount=Decimal("250.60"))

    figures = {f.key: f for f in key_figures.key_figures(today)}

    assert (figures["projects"].this_year, figures["projects"].last_year) == (2, 1)
    assert (figures["participants"].this_year, figures["participants"].last_year) == (17, 12)
    assert (figures["granted"].this_year, figures["granted"].last_year) == (0, 0)
    assert figures["granted"].note == ""  # last year's unknown kronor are not this year's
    assert (figures["spent"].this_year, figures["spent"].last_year) == (
        Decimal("251"),
        Decimal("1500"),
    )


def test_states_and_rules_are_in_swedish(client, coordinator, bun, today):
    from django.utils import translation

    factories.BodyFactory(kind=BodyKind.ADMINISTRATION)
    client.force_login(coordinator)

    with translation.override("sv"):
        page = client.get("/uppfoljning/").content.decode()

    assert "Nyckeltal 2026" in page
    assert "Regel:" in page


def test_the_page_sums_this_years_granted_kronor_by_funder_and_body(
    client, coordinator, bun, today
):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    factories.FundingCheckFactory(
        project=project,
        programme=factories.ProgrammeFactory(grant_currency=Currency.EUR, funder__name="Nordplus"),
        outcome=FundingOutcome.GRANTED,
        amount_granted=Decimal("2000"),
        exchange_rate=Decimal("11"),
        checked_on=datetime.date(2026, 3, 1),
    )
    client.force_login(coordinator)

    page = client.get(reverse("followup:dashboard")).content.decode()

    by_funder = page.split('id="granted-by-funder"')[1].split("</table>")[0]
    by_body = page.split('id="granted-by-body"')[1].split("</table>")[0]
    assert "<td>Nordplus</td>" in by_funder
    assert "22,000" in by_funder
    assert bun.name in by_body
    assert "22,000" in by_body
