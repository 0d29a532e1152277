"""Notifications of a case's steps (#12): whom each step tells, in the recipient's language,
with a link; sent after the commit, and kept in the outbox when the mail server is down."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from governance.models import Role
from projects.models import OutgoingMail
from projects.services import applications
from tests import factories
from tests.staff.conftest import TODAY, board_member, make_application

pytestmark = pytest.mark.django_db

FAILING = "tests.followup.failing_mail.Backend"


@pytest.fixture(autouse=True)
def frozen_today():
    """Inside BUN's 2023-2026 term, so its members are in office."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def bun_people(bun):
    """A BUN member who reads English and BUN's secretary; an ended member is not told."""
    member = board_member("bun-en", bun, datetime.date(2023, 1, 1))
    member.person.email, member.person.language = "member@example.org", "en"
    member.person.save()
    secretary = board_member("bun-sekr", bun, datetime.date(2023, 1, 1), role=Role.SECRETARY)
    secretary.person.email = "sekreterare@example.org"
    secretary.person.save()
    ended = board_member("bun-old", bun, datetime.date(2019, 1, 1), datetime.date(2022, 12, 31))
    ended.person.email = "old@example.org"
    ended.person.save()
    return member, secretary


@pytest.fixture
def checked_project(bun, coordinator):
    from projects.services import funding

    project = factories.ProjectFactory(title="Utbyte", responsible_body=bun)
    factories.FundingCheckFactory(project=project, checked_by=coordinator.person)
    funding.complete_funding_check(project, by=coordinator.person, on=datetime.date(2026, 2, 2))
    project.refresh_from_db()
    return project


@pytest.fixture
def applicant(bun):
    person = factories.PersonFactory(email="skola@example.org")
    return person


def test_a_case_in_the_queue_tells_members_and_secretary_in_their_language(
    bun_people, checked_project, applicant, django_capture_on_commit_callbacks
):
    draft = make_application(checked_project, applicant, title="Utbyte 2027")

    with django_capture_on_commit_callbacks(execute=True):
        applications.submit(draft, on=datetime.date(2026, 2, 1))

    got = {m.to[0]: m for m in mail.outbox}
    assert sorted(got) == ["member@example.org", "sekreterare@example.org"]
    assert got["member@example.org"].subject == "New case for BUN: Utbyte 2027"
    assert "/en/work/applications/" in got["member@example.org"].body
    assert got["sekreterare@example.org"].subject == "Nytt ärende för BUN: Utbyte 2027"
    assert f"/arbete/ansokningar/{draft.pk}/" in got["sekreterare@example.org"].body
    # Sent without the network's view: the members read it in the mail too.
    assert "has not been consulted" in got["member@example.org"].body


def test_a_new_draft_tells_the_coordinator(
    coordinator, checked_project, applicant, django_capture_on_commit_callbacks
):
    coordinator.email = "samordnare@example.org"
    coordinator.save()
    draft = factories.ApplicationFactory.build(
        project=checked_project, addressed_to=checked_project.responsible_body, title="Nytt"
    )

    with django_capture_on_commit_callbacks(execute=True):
        applications.save_draft(draft, by=applicant)

    (message,) = mail.outbox
    assert message.to == ["samordnare@example.org"]
    assert message.subject == "Ett utkast väntar på samråd: Nytt"


def test_nothing_is_sent_before_the_commit(bun_people, checked_project, applicant):
    draft = make_application(checked_project, applicant)

    applications.submit(draft, on=datetime.date(2026, 2, 1))  # the test's transaction is open

    assert mail.outbox == []
    assert OutgoingMail.objects.count() == 2


def test_a_returned_case_tells_the_applicant(
    coordinator, checked_project, applicant, django_capture_on_commit_callbacks
):
    draft = make_application(checked_project, applicant, title="Utbyte 2027")
    applications.submit(draft, on=datetime.date(2026, 2, 1))

    with django_capture_on_commit_callbacks(execute=True):
        applications.return_to_applicant(draft, by=coordinator, reason="Budget saknas.")

    (message,) = [m for m in mail.outbox if m.to == ["skola@example.org"]]
    assert message.subject == "Återförvisat: Utbyte 2027"
    assert "Budget saknas." in message.body


def test_the_mail_outlives_a_failing_mail_server(
    settings, bun_people, checked_project, applicant, django_capture_on_commit_callbacks
):
    draft = make_application(checked_project, applicant)
    settings.EMAIL_BACKEND = FAILING

    with django_capture_on_commit_callbacks(execute=True):
        applications.submit(draft, on=datetime.date(2026, 2, 1))  # the step itself succeeds

    draft.refresh_from_db()
    assert draft.status == "submitted"
    kept = OutgoingMail.objects.all()
    assert kept.count() == 2
    assert all(m.attempts == 1 and "cannot be reached" in m.last_error for m in kept)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "sekreterare@example.org"]
    assert OutgoingMail.objects.count() == 0
    call_command("send_queued_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2  # never twice


def _closed_port() -> int:
    """A local port nothing listens on: a connection to it is refused at once."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_mail_outlives_an_smtp_server_that_is_down(
    settings, bun_people, checked_project, applicant, django_capture_on_commit_callbacks
):
    """Django's own SMTP backend, its server down: the step is taken, the mail waits in the
    outbox through every run until the server is back, then goes once (#12)."""
    draft = make_application(checked_project, applicant)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        _closed_port(),
        2,
    )
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    with django_capture_on_commit_callbacks(execute=True):
        applications.submit(draft, on=datetime.date(2026, 2, 1))
    call_command("send_queued_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115 the next run

    draft.refresh_from_db()
    assert draft.status == "submitted"
    kept = OutgoingMail.objects.order_by("to")
    assert [(m.to, m.attempts) for m in kept] == [
        ("member@example.org", 2),
        ("sekreterare@example.org", 2),
    ]
    assert all(m.last_error for m in kept)
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    call_command("send_queued_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_queued_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "sekreterare@example.org"]
    assert OutgoingMail.objects.count() == 0
