"""Memberships, meetings, funding checks and strategies are kept: never deleted (#11).

They derive from ``governance.records.PublicRecord`` like decisions and agreements: their
instances and querysets refuse ``delete()``, the admin offers no delete (no button, no
"delete selected", the delete page answers 403) and the coordinator's role has no delete
permission on them.
"""

import pytest
from django.urls import reverse

from accounts.roles import _permissions, wanted_permissions
from governance.access import COORDINATOR_GROUP
from governance.models import Meeting, Membership
from governance.records import PublicRecordDeleteError
from projects.models import CaseDocument, FundingCheck
from strategy.models import Strategy
from tests import factories
from tests.admin_forms import admin_url

KEPT = {
    Membership: factories.MembershipFactory,
    Meeting: factories.MeetingFactory,
    FundingCheck: factories.FundingCheckFactory,
    Strategy: factories.StrategyFactory,
    CaseDocument: factories.CaseDocumentFactory,  # #12: withdrawn, never deleted
}
SWEDISH_NAMES = {
    Membership: "uppdrag",
    Meeting: "sammanträde",
    FundingCheck: "finansieringskontroll",
    Strategy: "strategi",
    CaseDocument: "ärendedokument",
}

by_name = pytest.mark.parametrize("model", KEPT, ids=lambda model: model.__name__)


def _state(model):
    return (model.objects.count(), model.history.count())


@pytest.mark.django_db
@by_name
def test_instance_delete_is_refused_in_swedish(model):
    record = KEPT[model]()
    before = _state(model)

    with pytest.raises(PublicRecordDeleteError) as refused:
        record.delete()

    assert str(refused.value) == (
        f"{SWEDISH_NAMES[model]} är en allmän handling och kan inte raderas. "
        "Avsluta, återkalla eller arkivera posten i stället."
    )
    assert _state(model) == before


@pytest.mark.django_db
@by_name
def test_queryset_delete_is_refused(model):
    KEPT[model]()
    before = _state(model)

    with pytest.raises(PublicRecordDeleteError) as refused:
        model.objects.all().delete()

    assert "är en allmän handling och kan inte raderas" in str(refused.value)
    assert _state(model) == before


@pytest.mark.django_db
@by_name
@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_delete_page_refuses_coordinator(client, coordinator, model, method):
    record = KEPT[model]()
    before = _state(model)
    client.force_login(coordinator)

    response = getattr(client, method)(admin_url(model, "delete", record.pk), {"post": "yes"})

    assert response.status_code == 403
    assert _state(model) == before


@pytest.mark.django_db
@by_name
def test_admin_change_page_and_list_offer_no_delete(client, coordinator, model):
    record = KEPT[model]()
    client.force_login(coordinator)

    change = client.get(admin_url(model, "change", record.pk))
    changelist = client.get(admin_url(model, "changelist"))

    assert change.context["has_delete_permission"] is False
    assert admin_url(model, "delete", record.pk) not in change.content.decode()
    actions = changelist.context["cl"].model_admin.get_actions(changelist.wsgi_request)
    assert "delete_selected" not in actions


@pytest.mark.django_db
@by_name
def test_admin_forged_delete_selected_deletes_nothing(client, coordinator, model):
    record = KEPT[model]()
    before = _state(model)
    client.force_login(coordinator)
    data = {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}

    response = client.post(admin_url(model, "changelist"), data, follow=True)

    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(SWEDISH_NAMES[model].capitalize() + " är en allmän handling")
    assert _state(model) == before


@pytest.mark.django_db
def test_project_page_offers_no_delete_of_its_funding_checks(client, coordinator):
    check = factories.FundingCheckFactory()
    client.force_login(coordinator)

    response = client.get(reverse("admin:projects_project_change", args=[check.project.pk]))

    can_delete = {
        inline.formset.prefix: inline.formset.can_delete
        for inline in response.context["inline_admin_formsets"]
    }
    assert can_delete["funding_checks"] is False


@pytest.mark.django_db
def test_coordinator_role_has_no_delete_on_kept_records():
    codenames = {p.codename for p in wanted_permissions(_permissions())[COORDINATOR_GROUP]}

    for model in KEPT:
        assert f"delete_{model._meta.model_name}" not in codenames
        assert f"change_{model._meta.model_name}" in codenames
