"""`manage.py create_coordinator` (#16): the first account, in the coordinator group."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from governance import access
from governance.models import Person
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

ARGS = (
    "--username", "anna",
    "--email", "anna.berg@vimmerby.se",
    "--first-name", "Anna",
    "--last-name", "Berg",
    "--password-stdin",
)  # fmt: skip


def _create(monkeypatch, password="Rätt-långt-lösen-2026", *args):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("create_coordinator", *(args or ARGS), stdout=out)
    return out.getvalue()


def test_the_coordinator_gets_staff_the_group_a_person_and_an_email(monkeypatch):
    out = _create(monkeypatch)

    user = get_user_model().objects.get(username="anna")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("Rätt-långt-lösen-2026")
    assert access.is_coordinator(user)
    assert access.may_keep_records(user)
    assert user.person.email == "anna.berg@vimmerby.se"
    assert access.coordinator_emails() == ["anna.berg@vimmerby.se"]
    assert "Created the coordinator anna" in out


def test_an_existing_person_with_the_email_gets_the_account(monkeypatch):
    person = PersonFactory(first_name="Anna", last_name="Berg", email="anna.berg@vimmerby.se")

    _create(monkeypatch)

    person.refresh_from_db()
    assert person.user.username == "anna"
    assert Person.objects.filter(email="anna.berg@vimmerby.se").count() == 1


def test_an_existing_username_is_refused_and_nothing_changes(monkeypatch):
    UserFactory(username="anna")

    with pytest.raises(CommandError, match="exists already; nothing was changed"):
        _create(monkeypatch)

    assert not Person.objects.filter(email="anna.berg@vimmerby.se").exists()


def test_a_weak_password_is_refused_and_nothing_changes(monkeypatch):
    with pytest.raises(CommandError, match="The password was refused; nothing was changed"):
        _create(monkeypatch, password="123")

    assert not get_user_model().objects.filter(username="anna").exists()


def test_a_bad_email_is_refused(monkeypatch):
    args = list(ARGS)
    args[3] = "not-an-address"

    with pytest.raises(CommandError, match="is not an e-mail address"):
        _create(monkeypatch, "Rätt-långt-lösen-2026", *args)

    assert not get_user_model().objects.exists()


def test_no_password_on_stdin_is_refused(monkeypatch):
    with pytest.raises(CommandError, match="No password on standard input"):
        _create(monkeypatch, password="")
