"""`manage.py load_demo`, what it loads: the examples, read by every test here from one load of
the municipality's data and the demo (tests/database.py, #15); each test's changes are undone
after it. The refusals, the dates and bad files are in test_demo.py."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from governance import access, terms
from governance.models import Body, BodyKind, Meeting, Membership, Person, Role
from partners.models import Visit
from projects import funding_match
from projects.models import Application, FundingOutcome, Project, ProjectStatus
from tests import database
from tests.municipality.helpers import history_counts, record_counts, run

pytestmark = pytest.mark.django_db
USERNAMES = (
    "samordnare",
    "ks-ledamot",
    "bun-ledamot",
    "kf-ledamot",
    "kf-sekreterare",
    "skola",
    "skola2",
)
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# The examples are loaded, and read, on a pinned day (in a term of office, not at its edge).
DAY = datetime.datetime(2027, 3, 1, 12, tzinfo=STOCKHOLM)
FAST_PASSWORDS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.DEMO_DATA_ALLOWED = True


def _load():
    run("load_municipality")
    # The accounts' passwords hashed as the tests then read them (conftest.fast_passwords).
    with (
        override_settings(DEMO_DATA_ALLOWED=True, PASSWORD_HASHERS=FAST_PASSWORDS),
        time_machine.travel(DAY, tick=False),
    ):
        return run("load_demo")


@pytest.fixture(scope="module")
def _demo_rows(django_db_setup, django_db_blocker):
    """Vimmerby's data and the demo, loaded once for the module's tests."""
    with database.rows_for_several_tests(django_db_blocker, _load) as output:
        yield output


@pytest.fixture
def demo(_demo_rows, db):
    """The demo loaded (what the command said), read on the day it was loaded."""
    with time_machine.travel(DAY, tick=False):
        yield _demo_rows


def test_a_second_run_changes_nothing(demo):
    records, history = record_counts(), history_counts()
    assert "Nothing changed" in run("load_demo")
    assert record_counts() == records
    assert history_counts() == history


def test_the_examples_it_creates(demo):
    counts = record_counts()
    expected = {
        "auth.User": 7,
        "governance.Person": 7,
        "governance.Membership": 8,
        "governance.Meeting": 1,
        "projects.Project": 4,
        "projects.Application": 2,
        "governance.Decision": 2,  # the strategy's (data/vimmerby.toml) and KS's approval
        "projects.FundingCheck": 6,  # Mukono's: ICLD's two programmes may fit (#13)
        "partners.Visit": 1,
    }
    assert {label: counts[label] for label in expected} == expected


@pytest.mark.parametrize("username", USERNAMES)
def test_each_demo_account_logs_in_with_demo(demo, client, username):
    # Through the sign-in page, as a person would (and as django-axes needs: with a request).
    response = client.post(reverse("accounts:login"), {"username": username, "password": "demo"})

    user = get_user_model().objects.get(username=username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_everything_is_marked_as_an_example(demo):
    assert all(Person.objects.values_list("is_example", flat=True))
    for model in (Project, Meeting, Application, Visit):
        assert not model.objects.filter(is_example=False).exists()
    assert all(t.startswith("Exempel:") for t in Project.objects.values_list("title_sv", flat=True))
    assert all(t.startswith("Example:") for t in Project.objects.values_list("title_en", flat=True))
    assert all(a.title.startswith("Exempel:") for a in Application.objects.all())
    assert Project.objects.published().count() == 3  # the fourth waits for KS's decision (#12)


def test_roles_follow_from_groups_and_memberships_of_this_term(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    assert access.is_coordinator(users["samordnare"]) and users["samordnare"].is_staff
    assert [b.short_name for b in access.deciding_bodies_of(users["ks-ledamot"])] == ["KS"]
    assert [b.short_name for b in access.deciding_bodies_of(users["bun-ledamot"])] == ["BUN"]
    assert access.is_contributor(users["skola"])
    assert [b.short_name for b in access.work_bodies_of(users["skola"])] == ["BUN"]
    assert [b.short_name for b in access.deciding_bodies_of(users["kf-ledamot"])] == ["KF"]
    assert access.may_record_decision(users["kf-sekreterare"], Body.objects.get(short_name="KF"))
    term = terms.term_for(timezone.localdate(), council=False)
    council_term = terms.term_for(timezone.localdate(), council=True)
    starts = set(
        Membership.objects.exclude(body__short_name="KF").values_list("starts_on", flat=True)
    )
    assert starts == {term.starts_on}
    kf = set(Membership.objects.filter(body__short_name="KF").values_list("starts_on", flat=True))
    assert kf == {council_term.starts_on}
    lead = Membership.objects.get(body__kind=BodyKind.INTERNATIONAL_NETWORK)
    assert (lead.role, lead.represents.short_name) == (Role.COORDINATOR, "KSF")


def test_approved_work_has_its_completed_funding_check(demo):
    """S6: ongoing work only after the check is completed; ICLD granted for Mukono."""
    mukono = Project.objects.get(places__slug="mukono")
    assert (mukono.status, mukono.responsible_body.short_name) == (ProjectStatus.ONGOING, "KS")
    assert mukono.funding_check_complete
    check = mukono.funding_checks.get(outcome=FundingOutcome.GRANTED)
    assert check.programme.funder.short_name == "ICLD"
    # Every programme that may fit has an outcome, "not relevant" with its reason (#13).
    assert not funding_match.lacking_outcome(mukono)
    exchange = Project.objects.get(kind="school_exchange", unit__short_name="SODRA")
    assert (exchange.responsible_body.short_name, exchange.school) == ("BUN", "Södra skolan")
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


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_public_pages_of_the_demo_name_no_clause(client, demo, language):
    """The demo's published texts read as plain words too (#14): no strategy clause id such as
    "(S3)" on the start page, the project list or a published project's page."""
    from django.utils.translation import override

    from tests.municipality.test_public_text_of_data import CLAUSE_ID

    with override(language):
        urls = [reverse("website:home"), reverse("website:project-list")] + [
            reverse("website:project-detail", args=[slug])
            for slug in Project.objects.filter(published=True).values_list("slug", flat=True)
        ]
    assert len(urls) > 2
    for url in urls:
        text = re.sub(r"<[^>]+>", " ", client.get(url).content.decode())
        assert not CLAUSE_ID.search(text), (url, CLAUSE_ID.findall(text))
