"""The decision page judges the decision's own rules before the confirmation (#12, #11).

The confirmation step shows what will be recorded; a decision that the model would refuse
(dated after today, its minutes or notice after today, a case number of another format) is
refused on the first POST, with the message on its field, and nothing is recorded.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from governance.models import Decision, Outcome
from projects.models import ApplicationStatus, ProjectStatus
from projects.services import applications, funding
from tests import factories
from tests.admin_forms import shows

TODAY = datetime.datetime(2026, 4, 15, 12, 0, tzinfo=datetime.UTC)

FIRST_STEP = {
    "outcome": Outcome.APPROVED,
    "meeting_date": "2026-04-14",
    "paragraph": "12",
    "case_number": "BUN 2026/4",
    "motivation": "Utbytet stärker elevernas språk.",
}


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def submitted(bun):
    project = factories.ProjectFactory(responsible_body=bun, status=ProjectStatus.PLANNED)
    check = factories.FundingCheckFactory(project=project)
    funding.complete_funding_check(project, by=check.checked_by, on=datetime.date(2026, 2, 2))
    application = factories.ApplicationFactory(project=project, addressed_to=bun)
    return applications.submit(application, on=datetime.date(2026, 2, 3))


def _decide(client, application, data):
    return client.post(reverse("staff:application-decide", args=[application.pk]), data)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"meeting_date": "2026-04-16"}, "Ett beslut kan inte dateras senare än i dag."),
        (
            {"minutes_approved_on": "2026-04-16"},
            "Protokollet kan inte justeras senare än i dag; ange den dag det justerades.",
        ),
    ],
)
def test_a_decision_the_model_refuses_is_refused_before_the_confirmation(
    client, bun_member, submitted, changes, message
):
    client.force_login(bun_member)

    response = _decide(client, submitted, {**FIRST_STEP, **changes})

    assert response.status_code == 200
    assert not response.context.get("confirming")
    assert shows(response, message)
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert Decision.objects.count() == 0


def test_a_sound_decision_goes_on_to_the_confirmation_and_records_nothing_yet(
    client, bun_member, submitted
):
    client.force_login(bun_member)

    response = _decide(client, submitted, FIRST_STEP)

    assert response.status_code == 200
    assert response.context["confirming"] is True
    assert Decision.objects.count() == 0
