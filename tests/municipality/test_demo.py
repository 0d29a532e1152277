"""`manage.py load_demo`: example accounts and work from data/demo.toml, never in production,
idempotent."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from governance import access, terms
from governance.models import Body, BodyKind, Meeting, Membership, Outcome, Person, Role
from municipality.demo import when
from partners.models import Relationship, Visit
from projects import funding_match
from projects.models import Application, FundingOutcome, Project, ProjectStatus
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


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.DEMO_DATA_ALLOWED = True


@pytest.fixture
def demo(vimmerby):
    with time_machine.travel(DAY, tick=False):
        yield run("load_demo")


def test_refused_where_demo_data_is_not_allowed(vimmerby, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="never loaded in production"):
        run("load_demo")
    assert not get_user_model().objects.exists()
    assert not Project.objects.exists()


def test_refused_before_the_municipality_data_is_loaded(db):
    with pytest.raises(CommandError, match="Run `manage.py load_municipality` first"):
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
    assert Project.objects.published().count() == 4


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


def test_dates_follow_the_day_of_loading(vimmerby):
    """The file's dates are relative to today: the examples stay current in any year."""
    day = datetime.date(2031, 3, 1)
    noon = datetime.datetime.combine(day, datetime.time(12), zoneinfo.ZoneInfo("Europe/Stockholm"))
    with time_machine.travel(noon, tick=False):
        run("load_demo")

    mukono = Project.objects.get(places__slug="mukono")
    assert (mukono.starts_on, mukono.ends_on) == (
        datetime.date(2030, 8, 1),
        datetime.date(2032, 6, 30),
    )
    assert mukono.funding_check_closed_on == datetime.date(2030, 5, 15)
    assert list(mukono.costs.values_list("year", flat=True)) == [2031]
    assert set(Membership.objects.values_list("starts_on", flat=True)) == {
        datetime.date(2031, 1, 1),
        datetime.date(2030, 10, 15),  # KF's term
    }
    meeting = Meeting.objects.get()
    assert timezone.localtime(meeting.starts_at).isoformat() == "2031-03-12T13:00:00+01:00"
    assert timezone.localtime(meeting.ends_at).isoformat() == "2031-03-12T15:00:00+01:00"
    assert Application.objects.awaiting_decision().get().submitted_on == day
    # In the first year of a term the demo's members were not in office last June: the
    # decision they record is dated on the term's first day (S8).
    decided = Application.objects.get(decision__isnull=False)
    assert decided.decision.meeting_date == datetime.date(2031, 1, 1)


def test_later_in_a_term_the_approval_is_dated_as_the_file_says(vimmerby):
    noon = datetime.datetime(2029, 3, 1, 12, tzinfo=STOCKHOLM)
    with time_machine.travel(noon, tick=False):
        run("load_demo")
        decided = Application.objects.get(decision__isnull=False)
        assert decided.decision.meeting_date == datetime.date(2028, 6, 15)
        assert decided.submitted_on == datetime.date(2028, 6, 1)
        assert not Project.objects.approved_without_decision().exists()


def test_no_record_claims_a_decision_it_lacks(vimmerby):
    """#11: the demo adds no record whose state claims a decision it lacks. The twin towns
    listed are the municipality's own from earlier years (data/vimmerby.toml), whose
    decisions are not on record; the Mukono project is ongoing on KS's approval (S8)."""
    earlier_years = set(Relationship.objects.active_twin_towns_without_decision())
    with time_machine.travel(DAY, tick=False):
        run("load_demo")

    assert set(Relationship.objects.active_twin_towns_without_decision()) == earlier_years
    assert list(Project.objects.approved_without_decision()) == []
    mukono = Project.objects.get(places__slug="mukono")
    approval = mukono.applications.get()
    assert approval.is_decided and approval.decision.outcome == Outcome.APPROVED
    assert approval.decision.body == mukono.responsible_body
    assert approval.decision.body.short_name == "KS"


def test_when_reads_each_form_of_date():
    today = datetime.date(2031, 3, 1)
    assert when("today", today) == today
    assert when("term start", today) == datetime.date(2031, 1, 1)
    assert when("term start", today, council=True) == datetime.date(2030, 10, 15)
    assert when("year", today) == 2031
    assert when("year-1 08-01", today) == datetime.date(2030, 8, 1)
    assert when("year+1 06-30", today) == datetime.date(2032, 6, 30)
    assert when(datetime.date(2026, 5, 4), today) == datetime.date(2026, 5, 4)


MISSING_PLACE = """
[[accounts]]
username = "exempel"
first_name = "Exempel"
last_name = "Person"
group = "contributor"

[[visits]]
place = "atlantis"
purpose = "Exempel: Ett besök"
starts_on = "year 06-04"
"""


def test_a_reference_missing_from_the_municipality_data_is_named(vimmerby, tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text(MISSING_PLACE, encoding="utf-8")

    with pytest.raises(CommandError) as error:
        run("load_demo", "--file", str(path))

    assert "this is missing: place atlantis." in str(error.value)
    assert not get_user_model().objects.exists()


BAD_DEMO_FILES = {
    "unknown key": (
        '[[accounts]]\nusername = "x"\nfirst_name = "X"\nlast_name = "X"\n'
        'group = "contributor"\npassword = "secret"\n',
        'accounts entry 1 ("x"): unknown key(s) password',
    ),
    "a date neither absolute nor relative": (
        '[[accounts]]\nusername = "x"\nfirst_name = "X"\nlast_name = "X"\n'
        'group = "contributor"\n'
        '[[memberships]]\nperson = "x"\nbody = "BUF"\nrole = "official"\n'
        'starts_on = "some day"\n',
        'memberships entry 1 ("x BUF official"): "some day" is neither a date nor one relative',
    ),
    "a person who is no account of the file": (
        '[[memberships]]\nperson = "nobody"\nbody = "BUF"\nrole = "official"\n'
        'starts_on = "term start"\n',
        'memberships entry 1 ("nobody BUF official"): "nobody" is not the username of an account',
    ),
    "a cost of a nested entry": (
        '[[projects]]\nslug = "exempel-x"\ntitle_sv = "Exempel: X"\nkind = "other"\n'
        'responsible_body = "KS"\n'
        '[[projects.costs]]\nbody = "KS"\nyear = "year"\namount = -5\n',
        'projects entry 1 ("exempel-x") costs entry 1 ("KS year")',
    ),
}


@pytest.mark.parametrize("case", BAD_DEMO_FILES, ids=list(BAD_DEMO_FILES))
def test_a_bad_file_names_the_entry_and_changes_nothing(vimmerby, tmp_path, case):
    text, message = BAD_DEMO_FILES[case]
    path = tmp_path / "demo.toml"
    path.write_text(text, encoding="utf-8")
    records, history = record_counts(), history_counts()

    with pytest.raises(CommandError) as error:
        run("load_demo", "--file", str(path))

    assert message in str(error.value)
    assert "Nothing was changed" in str(error.value)
    assert record_counts() == records and history_counts() == history


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
