"""Recording a decision (projects.services.applications.decide) is all or nothing, and happens
once (S8): run on real transactions, apart from tests/projects/test_services.py."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from governance.models import Decision
from partners.models import Relationship
from projects.models import ApplicationStatus, ProjectStatus
from projects.services import applications
from tests.staff import conftest as staff

# The staff tests' fixtures, reused, not copied (tests/fuzz/conftest.py does the same); with
# frozen_today the tests run on the staff tests' fixed day (2026-04-15).
bun_administration = staff.bun_administration
bun_project = staff.bun_project
contributor = staff.contributor
frozen_today = staff.frozen_today
submitted = staff.submitted

ARGS = {
    "outcome": "approved",
    "meeting_date": datetime.date(2026, 3, 10),
    "case_number": "BUN 2026/4",
}


@pytest.mark.django_db(transaction=True)
def test_failure_half_way_through_a_decision_leaves_nothing_half_written(
    monkeypatch, submitted, bun_member
):
    """The Decision and the application are saved before approval is carried out; a failure
    there must take both back."""

    def broken(app, decision):
        assert Decision.objects.filter(pk=decision.pk).exists()  # really half-way
        raise RuntimeError("disk full")

    monkeypatch.setattr(applications, "_carry_out_approval", broken)

    with pytest.raises(RuntimeError):
        applications.decide(submitted, by=bun_member, paragraph=12, **ARGS)

    submitted.refresh_from_db()
    assert Decision.objects.count() == 0
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.decision_id is None
    assert submitted.project.status == ProjectStatus.PLANNED
    assert Relationship.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_members_recording_at_once_produce_one_decision(submitted, bun_member, bun):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database file, so it cannot show a row-lock race.")
    from tests.staff.conftest import board_member

    other = board_member("bun-sekreterare", bun, datetime.date(2023, 1, 1), role="secretary")
    barrier = threading.Barrier(2)
    outcomes = []

    def record(user, paragraph):
        try:
            barrier.wait()
            applications.decide(submitted, by=user, paragraph=paragraph, **ARGS)
            outcomes.append("decided")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=record, args=(bun_member, 12)),
        threading.Thread(target=record, args=(other, 13)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["decided", "refused"]
    assert Decision.objects.count() == 1
    submitted.refresh_from_db()
    assert submitted.decision == Decision.objects.get()
