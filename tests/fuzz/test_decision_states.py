"""No state without its decision, whatever the admin's forms are sent (#11, S7, S8, S11, S12).

Hypothesis drives the admin's relationship (add, change with a status-change row), project
(change) and application (add) forms over kind x status x decision (none, KF's approval,
another body's approval, KF's rejection). After every accepted POST:

- no relationship is an active twin town without KF's approving decision, and no place has
  two active twin towns;
- no project that needs a political decision is approved, ongoing or completed without its
  responsible body's approving decision;
- every application of a project is addressed to the project's responsible body, and a
  project has at most one application under way;
- no decision changed.

Records stored in such a state before the rule (the loader's twin towns of earlier years,
approved work of earlier years) stay as they were and are not counted against the rule. A
refused POST changes nothing and says why in Swedish (``assert_sound``). Examples are few and
fixed (``FUZZ``), so the suite stays fast and deterministic.
"""

import datetime

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.models import Decision, Outcome
from partners.models import Relationship, RelationshipKind, RelationshipStatus
from projects import predicates
from projects.models import Application, ApplicationKind, Project, ProjectKind, ProjectStatus
from tests import factories
from tests.fuzz.integrity import assert_sound, rolled_back, snapshot
from tests.fuzz.submit import FUZZ

pytestmark = pytest.mark.django_db

DECISIONS = ("none", "kf_approved", "other_body", "kf_rejected")
EXAMPLES = 20


def _admin(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _management(*prefixes, total=0):
    data = {}
    for prefix in prefixes:
        data[f"{prefix}-TOTAL_FORMS"] = str(total)
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


@pytest.fixture
def world(db, kf, ks, bun):
    """The bodies' decisions, a twin town established by KF and one of earlier years."""
    decisions = {
        "kf_approved": factories.DecisionFactory(body=kf, meeting_date=datetime.date(2026, 3, 2)),
        "other_body": factories.DecisionFactory(body=ks, meeting_date=datetime.date(2026, 3, 3)),
        "kf_rejected": factories.DecisionFactory(
            body=kf, outcome=Outcome.REJECTED, meeting_date=datetime.date(2026, 3, 4)
        ),
    }
    established = factories.RelationshipFactory(
        established_by=factories.DecisionFactory(body=kf, meeting_date=datetime.date(2016, 6, 27))
    )
    earlier_years = factories.RelationshipFactory()  # as the loader records it: no decision
    return {
        "decisions": decisions,
        "bodies": {"KF": kf, "KS": ks, "BUN": bun},
        "twin_town_place": established.place,
        "earlier_years": earlier_years,
    }


def _decision_pk(world, choice):
    return "" if choice == "none" else str(world["decisions"][choice].pk)


def _decisions():
    return list(Decision.objects.order_by("pk").values())


def _misaddressed():
    """Applications of a project not addressed to its responsible body; a new twin town goes
    to KF whatever project it names (S7)."""
    return {
        a.pk
        for a in Application.objects.exclude(project=None).select_related("project")
        if a.addressed_to_id != a.project.responsible_body_id and not a.proposes_twin_town
    }


def _grandfathered():
    """What was stored against the rules before the request (earlier years, before #11)."""
    return (
        set(Relationship.objects.active_twin_towns_without_decision().values_list("pk", flat=True)),
        set(Project.objects.approved_without_decision().values_list("pk", flat=True)),
        _misaddressed(),
    )


def _assert_no_state_without_its_decision(grandfathered):
    twin_towns, approved, misaddressed = grandfathered
    active = Relationship.objects.filter(
        kind=RelationshipKind.TWIN_TOWN, status=RelationshipStatus.ACTIVE
    ).select_related("established_by__body")
    for relationship in active:
        assert relationship.has_establishing_decision or relationship.pk in twin_towns, (
            f"{relationship} is an active twin town without KF's decision"
        )
    places = [r.place_id for r in active]
    assert len(places) == len(set(places)), "a place has two active twin towns"
    for project in Project.objects.all():
        assert not predicates.lacks_approving_decision(project) or project.pk in approved, (
            f"{project} claims an approval it lacks"
        )
    assert _misaddressed() <= misaddressed, "an application is addressed to another body"
    pending = Application.objects.filter(status__in=predicates.PENDING_APPLICATION_STATUSES)
    projects = [a.project_id for a in pending.exclude(project=None)]
    assert len(projects) == len(set(projects)), "a project has two applications under way"


def _send(client, url, data, setup_edited=()):
    """One POST, judged for soundness and for the decision rules, then rolled back."""
    data = {name: [str(value)] for name, value in data.items()}  # as the fuzz helpers send
    with rolled_back():
        grandfathered, decisions = _grandfathered(), _decisions()
        before = snapshot()
        response = client.post(url, data)
        after = snapshot()
        assert_sound(response, url=url, sent=data, before=before, after=after, edited=setup_edited)
        _assert_no_state_without_its_decision(grandfathered)
        assert _decisions() == decisions, "a decision changed"


# --- Relationships ------------------------------------------------------------------------------


@settings(FUZZ, max_examples=EXAMPLES)
@given(
    kind=st.sampled_from(RelationshipKind.values),
    status=st.sampled_from(RelationshipStatus.values),
    decision=st.sampled_from(DECISIONS),
    at_a_twin_town=st.booleans(),
)
def _relationship_add(client, world, kind, status, decision, at_a_twin_town):
    with rolled_back():
        _add_relationship(client, world, kind, status, decision, at_a_twin_town)


def _add_relationship(client, world, kind, status, decision, at_a_twin_town):
    place = world["twin_town_place"] if at_a_twin_town else factories.PlaceFactory()
    data = {
        "place": place.pk,
        "kind": kind,
        "status": status,
        "started_on": "2026-03-10",
        "start_precision": "day",
        "ended_on": "2026-04-01" if status == RelationshipStatus.ENDED else "",
        "channel": "direct",
        "theme_sv": "Skola",
        "established_by": _decision_pk(world, decision),
        **_management("agreements", "peers"),
    }
    _send(client, _admin(Relationship, "add"), data)


def test_relationship_add_form_never_makes_a_twin_town_without_its_decision(
    client, coordinator, world
):
    client.force_login(coordinator)
    _relationship_add(client, world)


def _existing_relationship(world, which):
    if which == "earlier_years":
        return world["earlier_years"]
    if which == "partnership":
        return factories.RelationshipFactory(kind=RelationshipKind.PARTNERSHIP, theme="Skola")
    return factories.RelationshipFactory(status=RelationshipStatus.PROPOSED)


@settings(FUZZ, max_examples=EXAMPLES)
@given(
    which=st.sampled_from(["earlier_years", "partnership", "proposed"]),
    kind=st.sampled_from(RelationshipKind.values),
    decision=st.sampled_from(DECISIONS),
    to_status=st.sampled_from(["", *RelationshipStatus.values]),
    change_decision=st.sampled_from(DECISIONS),
)
def _relationship_change(client, world, which, kind, decision, to_status, change_decision):
    with rolled_back():
        _change_relationship(client, world, which, kind, decision, to_status, change_decision)


def _change_relationship(client, world, which, kind, decision, to_status, change_decision):
    relationship = _existing_relationship(world, which)
    data = {
        "place": relationship.place_id,
        "kind": kind,
        "started_on": "1994-01-01",
        "start_precision": "year",
        "channel": "direct",
        "theme_sv": "Skola",
        "established_by": _decision_pk(world, decision),
        **_management("agreements", "peers"),
        **_management("status_changes", total=1 if to_status else 0),
    }
    if to_status:
        data.update(
            {
                "status_changes-0-changed_on": "2026-05-01",
                "status_changes-0-to_status": to_status,
                "status_changes-0-reason_sv": "Ändrat.",
                "status_changes-0-decision": _decision_pk(world, change_decision),
            }
        )
    _send(client, _admin(Relationship, "change", relationship.pk), data, [relationship])


def test_relationship_change_form_never_makes_a_twin_town_without_its_decision(
    client, coordinator, world
):
    client.force_login(coordinator)
    _relationship_change(client, world)


# --- Projects ----------------------------------------------------------------------------------


def _project(world, decision):
    """BUN's partnership, its funding check completed (S6), with the decision asked for."""
    bun = world["bodies"]["BUN"]
    project = factories.ProjectFactory(
        responsible_body=bun,
        status=ProjectStatus.PLANNED,
        funding_check_closed_on=datetime.date(2026, 2, 2),
        funding_check_closed_by=factories.PersonFactory(),
    )
    if decision == "kf_approved":  # read here as: approved by its own body, BUN
        factories.DecidedApplicationFactory(project=project)
    elif decision == "kf_rejected":
        rejected = factories.DecisionFactory(body=bun, outcome=Outcome.REJECTED)
        factories.DecidedApplicationFactory(project=project, decision=rejected)
    elif decision == "other_body":
        # KS's approval, written around the model as a record from before #11 could be.
        application = factories.DecidedApplicationFactory(project=project)
        Application.objects.filter(pk=application.pk).update(
            decision=world["decisions"]["other_body"], addressed_to=world["bodies"]["KS"]
        )
    return project


@settings(FUZZ, max_examples=EXAMPLES)
@given(
    decision=st.sampled_from(DECISIONS),
    kind=st.sampled_from(ProjectKind.values),
    status=st.sampled_from(ProjectStatus.values),
    needs_decision=st.booleans(),
    earlier_years=st.booleans(),
)
def _project_change(client, world, decision, kind, status, needs_decision, earlier_years):
    with rolled_back():
        _change_project(client, world, decision, kind, status, needs_decision, earlier_years)


def _change_project(client, world, decision, kind, status, needs_decision, earlier_years):
    project = _project(world, decision)
    if earlier_years:  # approved before the rule, without its decision
        Project.objects.filter(pk=project.pk).update(status=ProjectStatus.APPROVED)
    data = {
        "title_sv": project.title,
        "slug": project.slug,
        "kind": kind,
        "status": status,
        "responsible_body": project.responsible_body_id,
        "own_cost": "0",
        "starts_on": "2026-01-01",
        **({"needs_decision": "on"} if needs_decision else {}),
        **_management("funding_checks", "participant_counts", "costs"),
    }
    _send(client, _admin(Project, "change", project.pk), data, [project])


def test_project_change_form_never_approves_work_without_its_bodys_decision(
    client, coordinator, world
):
    client.force_login(coordinator)
    _project_change(client, world)


# --- Applications ------------------------------------------------------------------------------


@settings(FUZZ, max_examples=EXAMPLES)
@given(
    kind=st.sampled_from(ApplicationKind.values),
    body=st.sampled_from(["KF", "KS", "BUN"]),
    with_project=st.booleans(),
    under_way=st.booleans(),
    at_a_twin_town=st.booleans(),
)
def _application_add(client, world, kind, body, with_project, under_way, at_a_twin_town):
    with rolled_back():
        _add_application(client, world, kind, body, with_project, under_way, at_a_twin_town)


def _add_application(client, world, kind, body, with_project, under_way, at_a_twin_town):
    project = _project(world, "none")
    if under_way:
        factories.ApplicationFactory(project=project)
    place = world["twin_town_place"] if at_a_twin_town else factories.PlaceFactory()
    data = {
        "kind": kind,
        "title": "Ansökan",
        "summary": "Ett förslag.",
        "project": project.pk if with_project else "",
        "proposed_place": place.pk,
        "why_not_partnership": "Kontakter över alla områden.",
        "addressed_to": world["bodies"][body].pk,
    }
    _send(client, _admin(Application, "add"), data)


def test_application_add_form_addresses_the_projects_body_one_at_a_time(client, coordinator, world):
    client.force_login(coordinator)
    _application_add(client, world)
