"""`manage.py load_demo`: example accounts and work, never in production, idempotent."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from governance import access, terms
from governance.models import BodyKind, Meeting, Membership, Person, Role
from partners.models import Visit
from projects.models import Application, FundingOutcome, Project, ProjectStatus
from tests.municipality.helpers import history_counts, record_counts, run

pytestmark = pytest.mark.django_db
USERNAMES = ("samordnare", "ks-ledamot", "bun-ledamot", "skola")


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.DEMO_DATA_ALLOWED = True


@pytest.fixture
def demo(vimmerby):
    return run("load_demo")


def test_refused_where_demo_data_is_not_allowed(vimmerby, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="never loaded in production"):
        run("load_demo")
    assert not get_user_model().objects.exists()
    assert not Project.objects.exists()


def test_refused_before_the_municipality_data_is_loaded(db):
    with pytest.raises(CommandError, match="Run `manage.py load_vimmerby` first"):
        run("load_demo")
    assert not get_user_model().objects.exists()


def test_a_second_run_changes_nothing(demo):
    records, history = record_counts(), history_counts()
    assert "Nothing changed" in run("load_demo")
    assert record_counts() == records
    assert history_counts() == history


def test_the_examples_it_creates(demo):
    counts = record_counts()
    expected = {
        "auth.User": 4,
        "governance.Person": 4,
        "governance.Membership": 5,
        "governance.Meeting": 1,
        "projects.Project": 3,
        "projects.Application": 1,
        "projects.FundingCheck": 4,
        "partners.Visit": 1,
    }
    assert {label: counts[label] for label in expected} == expected


@pytest.mark.parametrize("username", USERNAMES)
def test_each_demo_account_logs_in_with_demo(demo, client, username):
    # Through the sign-in page, as a person would (and as django-axes needs: with a request).
    response = client.post(reverse("projects:login"), {"username": username, "password": "demo"})

    user = get_user_model().objects.get(username=username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_everything_is_marked_as_an_example(demo):
    assert all(Person.objects.values_list("is_example", flat=True))
    for model in (Project, Meeting, Application, Visit):
        assert not model.objects.filter(is_example=False).exists()
    assert all(t.startswith("Exempel:") for t in Project.objects.values_list("title_sv", flat=True))
    assert all(t.startswith("Example:") for t in Project.objects.values_list("title_en", flat=True))
    assert Application.objects.get().title.startswith("Exempel:")
    assert Project.objects.published().count() == 3


def test_roles_follow_from_groups_and_memberships_of_this_term(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert access.is_coordinator(users["samordnare"]) and users["samordnare"].is_staff
    assert [b.short_name for b in access.deciding_bodies_of(users["ks-ledamot"])] == ["KS"]
    assert [b.short_name for b in access.deciding_bodies_of(users["bun-ledamot"])] == ["BUN"]
    assert access.is_contributor(users["skola"])
    assert [b.short_name for b in access.work_bodies_of(users["skola"])] == ["BUN"]
    term = terms.term_for(timezone.localdate(), council=False)
    assert set(Membership.objects.values_list("starts_on", flat=True)) == {term.starts_on}
    lead = Membership.objects.get(body__kind=BodyKind.INTERNATIONAL_NETWORK)
    assert (lead.role, lead.represents.short_name) == (Role.COORDINATOR, "KSF")


def test_approved_work_has_its_completed_funding_check(demo):
    """S6: ongoing work only after the check is completed; ICLD granted for Mukono."""
    mukono = Project.objects.get(places__slug="mukono")
    assert (mukono.status, mukono.responsible_body.short_name) == (ProjectStatus.ONGOING, "KS")
    assert mukono.funding_check_complete
    check = mukono.funding_checks.get()
    assert (check.programme.funder.short_name, check.outcome) == ("ICLD", FundingOutcome.GRANTED)
    exchange = Project.objects.get(kind="school_exchange")
    assert (exchange.responsible_body.short_name, exchange.school) == ("BUN", "Exempelskolan")
    assert exchange.participant_counts.get(level="pupil").count == 24
    joniskis = Project.objects.get(places__slug="joniskis")
    assert (joniskis.status, joniskis.funding_check_complete) == (ProjectStatus.PLANNED, False)


def test_an_application_waits_for_ks_without_consultation(demo):
    """S8, S9: addressed to KS, submitted, no network view yet, so the warning shows."""
    application = Application.objects.awaiting_decision().get()
    assert application.addressed_to.short_name == "KS"
    assert application.lacks_consultation
    assert application.submitted_on == timezone.localdate()


def test_a_network_meeting_this_year_and_a_visit_without_the_chair(demo):
    """S17: a network meeting this year; S14: a twin-town visit without the chair is flagged."""
    meeting = Meeting.objects.get()
    assert meeting.body.kind == BodyKind.INTERNATIONAL_NETWORK
    assert meeting.date.year == timezone.localdate().year
    (visit,) = Visit.objects.twin_town_visits_without_chair()
    assert visit.place.slug == "kauhava"
    assert visit.starts_on >= datetime.date(timezone.localdate().year, 1, 1)
