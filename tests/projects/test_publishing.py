"""The steps of publishing moderation (projects/publishing.py) and the proposal's rules
(projects/models/publishing.py), on every path: a service call, a model save, a raw write."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from projects import publishing
from projects.models import Project, ProposalStatus, TextProposal
from tests import factories
from tests.staff import conftest as staff

bun_administration = staff.bun_administration
coordinator = staff.coordinator
frozen_today = staff.frozen_today
sodra = staff.sodra
sodra_contributor = staff.sodra_contributor
sodra_exchange = staff.sodra_exchange

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(sodra_exchange):
    sodra_exchange.published = True
    sodra_exchange.save()
    return sodra_exchange


def propose(project, user, **texts):
    for name, value in texts.items():
        setattr(project, name, value)
    return publishing.save_project(project, by=user)


def test_a_contributor_cannot_publish_through_the_service(published, sodra_contributor):
    proposal = propose(published, sodra_contributor, title_sv="Ny")

    with pytest.raises(PermissionDenied) as refusal:
        publishing.publish(proposal, by=sodra_contributor)

    assert str(refusal.value) == "Endast den internationella samordnaren publicerar offentlig text."
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WAITING
    assert Project.objects.get(pk=published.pk).title_sv == "Brevväxling med Kauhava"


def test_a_handled_change_is_not_published_twice(published, sodra_contributor, coordinator):
    proposal = propose(published, sodra_contributor, title_sv="Ny")
    publishing.send_back(proposal, by=coordinator, reason="Nej.")

    with pytest.raises(ValidationError) as refusal:
        publishing.publish(proposal, by=coordinator)

    assert refusal.value.messages == ["Den här ändringen väntar inte längre på publicering."]
    assert Project.objects.get(pk=published.pk).title_sv == "Brevväxling med Kauhava"


def test_internal_fields_save_at_once_without_a_proposal(published, sodra_contributor):
    published.internal_notes = "Ny anteckning"
    published.own_cost = 5000

    assert publishing.save_project(published, by=sodra_contributor) is None

    published.refresh_from_db()
    assert (published.internal_notes, published.own_cost) == ("Ny anteckning", 5000)
    assert not TextProposal.objects.exists()


def test_a_proposal_holds_only_public_text(published, sodra_contributor):
    with pytest.raises(ValidationError) as refusal:
        TextProposal.objects.create(
            project=published, changes={"internal_notes": "x"}, proposed_by=sodra_contributor.person
        )
    assert refusal.value.message_dict["changes"] == [
        "Endast de offentliga texterna väntar på publicering, inte: internal_notes."
    ]
    assert not TextProposal.objects.exists()


def test_the_database_keeps_one_waiting_change_per_project(published):
    TextProposal.objects.create(project=published, changes={"title_sv": "A"})
    with pytest.raises(IntegrityError), transaction.atomic():
        TextProposal.objects.bulk_create(
            [TextProposal(project=published, changes={"title_sv": "B"})]
        )
    assert TextProposal.objects.count() == 1


def test_the_database_refuses_a_return_without_reason(published):
    with pytest.raises(IntegrityError), transaction.atomic():
        TextProposal.objects.bulk_create(
            [TextProposal(project=published, changes={"title_sv": "B"}, status="returned")]
        )
    assert not TextProposal.objects.exists()


def test_proposals_keep_their_history(published, sodra_contributor, coordinator):
    proposal = propose(published, sodra_contributor, summary_sv="Ny sammanfattning")
    publishing.publish(proposal, by=coordinator)

    statuses = list(proposal.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == [ProposalStatus.WAITING, ProposalStatus.PUBLISHED]
    assert Project.objects.get(pk=published.pk).summary_sv == "Ny sammanfattning"


def test_a_new_project_saves_directly(sodra_contributor, bun, sodra):
    project = Project(
        title_sv="Nytt", slug="nytt", kind="school_exchange", responsible_body=bun, unit=sodra
    )
    assert publishing.save_project(project, by=sodra_contributor) is None
    assert Project.objects.get(slug="nytt").title_sv == "Nytt"
    assert factories.ProjectFactory(published=True).text_proposals.count() == 0
