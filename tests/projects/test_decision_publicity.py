"""The stored public mark of decisions (#15, S19): ``projects.decision_publicity``.

Whether a decision is public is one rule (``decision_publicity.rule``); the public pages,
feeds and API read the mark it keeps (``governance.DecisionPublicity``). Many combinations of
published and unpublished work are built with factories, and after each kind of change (the
services that publish, unpublish, record and correct, the admin's publish action, the
spreadsheet import, saves in the admin's way and in bulk) the mark must equal the rule, and
the rule the one the public list used before the mark (seven ``IN`` subqueries, below).
"""

import base64
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from governance import services as governance_services
from governance.models import Decision, DecisionPublicity
from partners.models import Agreement, Relationship, RelationshipKind, StatusChange
from projects import decision_publicity, publishing
from projects.models import Application, ApplicationStatus, Project
from projects.services import applications
from strategy.models import Revision, Strategy
from tests import factories
from tests.staff import conftest as staff

# The staff tests' fixtures, reused (as tests/projects/test_services_integrity.py does); the
# tests run on the staff tests' fixed day (2026-04-15).
approved = staff.approved
bun_administration = staff.bun_administration
bun_project = staff.bun_project
contributor = staff.contributor
frozen_today = staff.frozen_today
submitted = staff.submitted

pytestmark = pytest.mark.django_db


def rule_as_before():
    """``website.queries.public_decisions()`` as it was before the mark (#15), kept here as
    the reference the mark and the rule must both equal."""
    relationships = Relationship.objects.published()
    projects = Project.objects.published()
    return Decision.objects.filter(
        Q(pk__in=relationships.values("established_by"))
        | Q(pk__in=relationships.values("ended_by"))
        | Q(pk__in=StatusChange.objects.filter(relationship__in=relationships).values("decision"))
        | Q(pk__in=Agreement.objects.filter(relationship__in=relationships).values("decision"))
        | Q(pk__in=Application.objects.filter(project__in=projects).values("decision"))
        | Q(pk__in=Strategy.objects.values("adopted_by"))
        | Q(pk__in=Revision.objects.values("decision"))
    )


def marked() -> set:
    return set(DecisionPublicity.objects.values_list("decision_id", flat=True))


def assert_mark_is_the_rule() -> set:
    """The mark, the rule and the rule as it was agree on every decision; the public set."""
    expected = set(rule_as_before().values_list("pk", flat=True))
    assert set(decision_publicity.rule().values_list("pk", flat=True)) == expected
    assert marked() == expected
    assert not decision_publicity.disagreements()
    for decision in Decision.objects.all():
        assert decision_publicity.is_public(decision) == (decision.pk in expected)
    return expected


def _decision(body, n):
    return factories.DecisionFactory(body=body, meeting_date=datetime.date(2020, 1, n), paragraph=n)


@pytest.fixture
def many(kf, ks, bun):
    """Every combination the rule distinguishes: relationships published or not, of places
    published or not, each established and ended by a decision, with a status change and an
    agreement by decisions of their own; decided applications of published and unpublished
    projects; the strategy and a revision; and a decision nothing names."""
    n = iter(range(1, 29))
    built = {"relationships": [], "projects": [], "places": []}
    for place_published in (True, False):
        place = factories.PlaceFactory(published=place_published)
        built["places"].append(place)
        for published in (True, False):
            relationship = factories.RelationshipFactory(
                place=place,
                kind=RelationshipKind.PARTNERSHIP,
                theme="Skola",
                published=published,
                established_by=_decision(kf, next(n)),
                ended_by=_decision(kf, next(n)),
            )
            factories.StatusChangeFactory(
                relationship=relationship, decision=_decision(ks, next(n))
            )
            factories.AgreementFactory(relationship=relationship, decision=_decision(ks, next(n)))
            built["relationships"].append(relationship)
    for published in (True, False):
        project = factories.ProjectFactory(published=published, responsible_body=bun)
        factories.DecidedApplicationFactory(project=project, decision=_decision(bun, next(n)))
        built["projects"].append(project)
    strategy = factories.StrategyFactory(adopted_by=_decision(kf, next(n)))
    factories.RevisionFactory(strategy=strategy, decision=_decision(kf, next(n)))
    built["alone"] = _decision(ks, next(n))
    return built


def test_the_mark_is_the_rule_for_every_combination(many):
    public = assert_mark_is_the_rule()

    # 2 relationships of the published place, published: 4 decisions each; 1 project; strategy
    # and revision.
    assert len(public) == 4 + 1 + 2
    assert many["alone"].pk not in public


def test_a_relationship_published_and_unpublished_carries_its_decisions(many):
    hidden = many["relationships"][1]  # a published place's unpublished relationship
    hidden.published = True
    hidden.save()
    assert hidden.established_by_id in assert_mark_is_the_rule()

    hidden.published = False
    hidden.save()
    assert hidden.established_by_id not in assert_mark_is_the_rule()


def test_a_place_unpublished_takes_its_relationships_decisions(many):
    place = many["places"][0]
    place.published = False
    place.save()

    assert len(assert_mark_is_the_rule()) == 1 + 2

    place.published = True
    place.save()
    assert len(assert_mark_is_the_rule()) == 7


def test_a_decision_named_later_and_changed_keeps_the_mark(many, kf):
    relationship = many["relationships"][0]
    first = relationship.status_changes.get()
    later = _decision(kf, 29)
    factories.StatusChangeFactory(relationship=relationship, decision=later)
    assert later.pk in assert_mark_is_the_rule()

    # An agreement of a hidden relationship names a decision: not public; moved, it is.
    other = _decision(kf, 30)
    agreement = factories.AgreementFactory(relationship=many["relationships"][1], decision=other)
    assert other.pk not in assert_mark_is_the_rule()
    agreement.relationship = relationship
    agreement.save()
    assert other.pk in assert_mark_is_the_rule()
    assert first.decision_id in marked()


def test_the_strategy_and_its_revisions_are_public_as_soon_as_recorded(kf):
    adopting = _decision(kf, 1)
    assert adopting.pk not in assert_mark_is_the_rule()

    strategy = factories.StrategyFactory(adopted_by=adopting)
    revision = factories.RevisionFactory(strategy=strategy, decision=_decision(kf, 2))

    assert assert_mark_is_the_rule() == {adopting.pk, revision.decision_id}


def test_publishing_and_unpublishing_work_carry_its_decision(approved, coordinator):
    project = Project.objects.get(pk=approved.project_id)
    project.summary_sv = "Elever skriver brev och besöker varandra."
    project.save()
    assert approved.decision_id not in assert_mark_is_the_rule()  # recorded, not yet public

    publishing.publish_project(project, by=coordinator)
    assert approved.decision_id in assert_mark_is_the_rule()

    publishing.unpublish_project(project, by=coordinator, reason="Fel text.")
    assert approved.decision_id not in assert_mark_is_the_rule()


def test_a_decision_recorded_on_published_work_is_public_at_once(submitted, bun_member):
    Project.objects.filter(pk=submitted.project_id).update(published=True)  # no signal
    call_command("rebuild_decision_marks", verbosity=0)

    decision = applications.decide(
        submitted,
        by=bun_member,
        outcome="approved",
        meeting_date=datetime.date(2026, 3, 10),
        paragraph=12,
        case_number="BUN 2026/4",
    )

    assert decision.pk in assert_mark_is_the_rule()


def test_a_new_decision_asks_nothing_of_the_marks(bun):
    """A decision whose row its save makes, with a key the database chose, is named by
    nothing yet: its save reads neither mark nor the applications that could carry it (#15)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as saved:
        decision = _decision(bun, 1)

    read = " ".join(query["sql"] for query in saved.captured_queries)
    assert DecisionPublicity._meta.db_table not in read
    assert Application._meta.db_table not in read
    assert decision.pk not in assert_mark_is_the_rule()


def test_a_decision_made_with_a_key_a_row_already_names_is_marked(submitted):
    """A key given by the caller (a repair, rows written in bulk before it) may already be
    named, in the same transaction (foreign keys are checked at the commit): its save asks the
    rule as before, and a decision on published work is public at once (S19)."""
    Project.objects.filter(pk=submitted.project_id).update(published=True)  # no signal
    key = (Decision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    Application.objects.filter(pk=submitted.pk).update(  # no signal
        status=ApplicationStatus.DECIDED, decision_id=key
    )
    body = submitted.addressed_to

    decision = factories.DecisionFactory(pk=key, body=body, outcome="approved")

    assert decision.pk == key
    assert key in assert_mark_is_the_rule()


def test_a_correction_changes_nothing_of_the_mark(many, coordinator):
    decision = many["projects"][0].applications.get().decision

    governance_services.correct_decision(
        decision, by=coordinator, field="paragraph", corrected="27", reason="Felskrivet."
    )

    assert decision.pk in assert_mark_is_the_rule()


def test_refused_steps_change_no_mark(approved, coordinator, contributor):
    project = Project.objects.get(pk=approved.project_id)
    before = marked()

    with pytest.raises(ValidationError):  # no public text yet: publishing is refused
        publishing.publish_project(project, by=coordinator)
    with pytest.raises(ValidationError):  # unpublishing needs a reason
        publishing.unpublish_project(project, by=coordinator, reason=" ")

    assert marked() == before
    assert_mark_is_the_rule()


def test_the_admins_publish_action_marks_the_decision(client, coordinator, approved):
    project = Project.objects.get(pk=approved.project_id)
    project.summary_sv = "Elever skriver brev och besöker varandra."
    project.save()
    client.force_login(coordinator)
    with translation.override("en"):
        url = reverse("admin:projects_project_changelist")

    response = client.post(url, {"action": "publish", "_selected_action": [project.pk]})

    assert response.status_code == 302
    assert approved.decision_id in assert_mark_is_the_rule()


def test_the_spreadsheet_import_publishing_work_marks_its_decision(client, coordinator, approved):
    project = Project.objects.get(pk=approved.project_id)
    project.summary_sv = "Elever skriver brev och besöker varandra."
    project.save()
    client.force_login(coordinator)
    content = "\n".join(
        [
            "slug,title,kind,status,responsible_body,published",
            f"{project.slug},{project.title_sv},{project.kind},{project.status},BUN,1",
        ]
    ).encode()

    response = client.post(
        reverse("followup:import", kwargs={"dataset": "projects"}),
        {"payload": base64.b64encode(content).decode(), "format": "csv"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    assert project.published
    assert approved.decision_id in assert_mark_is_the_rule()


def test_writes_in_bulk_are_followed_by_the_command_which_reports_the_differences(many, capsys):
    # Projects are no public records: a write in bulk passes, and sends no signal.
    Project.objects.filter(pk=many["projects"][1].pk).update(published=True)
    Project.objects.filter(pk=many["projects"][0].pk).update(published=False)
    wrong = decision_publicity.disagreements()
    assert len(wrong.marked) == 1 and len(wrong.unmarked) == 1

    with pytest.raises(CommandError):
        call_command("rebuild_decision_marks", "--check")
    assert len(decision_publicity.disagreements().unmarked) == 1  # --check writes nothing

    call_command("rebuild_decision_marks")
    out = capsys.readouterr().out
    assert "1 decisions were marked public" in out
    assert "1 decisions were unmarked" in out
    assert_mark_is_the_rule()

    call_command("rebuild_decision_marks", "--check")
    assert "agrees with the rule" in capsys.readouterr().out


def test_a_refresh_of_unchanged_decisions_costs_two_queries(many, django_assert_num_queries):
    ids = list(Decision.objects.values_list("pk", flat=True))
    with django_assert_num_queries(2):
        assert not decision_publicity.refresh_public_marks(ids)
    with django_assert_num_queries(0):
        assert not decision_publicity.refresh_public_marks([None])
