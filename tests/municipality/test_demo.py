"""`manage.py load_demo`: example accounts and work from data/demo.toml, never in production;
its dates follow the day of loading, and a bad file changes nothing. What it loads, and that a
second run changes nothing, is in test_demo_examples.py (one load for all its tests, #15)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from governance.models import Meeting, Membership, Outcome
from municipality.demo import when
from partners.models import Relationship
from projects import predicates
from projects.models import Application, Project
from tests.municipality.helpers import history_counts, record_counts, run

pytestmark = pytest.mark.django_db
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# The examples are loaded, and read, on a pinned day (in a term of office, not at its edge).
DAY = datetime.datetime(2027, 3, 1, 12, tzinfo=STOCKHOLM)


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    settings.DEMO_DATA_ALLOWED = True


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


def test_the_demo_publishes_only_what_the_coordinator_could_publish(vimmerby):
    """#12: each published example meets the rule of ``publish_project``: work that needs a
    decision is published on its body's approval. The Joniškis work waits for KS's decision,
    so it is not on the public site."""
    with time_machine.travel(DAY, tick=False):
        run("load_demo")

    published = Project.objects.filter(published=True)
    assert published.count() == 3
    for project in published:
        project.published = False
        assert predicates.publishing_gaps(project) == (), project.slug
    waiting = Project.objects.get(slug="exempel-erfarenhetsutbyte-joniskis")
    assert waiting.requires_decision and not waiting.published
    assert not waiting.applications.get().is_decided


SILENT_ON_PUBLICATION = """
[[projects]]
slug = "exempel-tyst"
title_sv = "Exempel: Tyst om publicering"
summary_sv = "Exempel."
kind = "other"
responsible_body = "KS"
"""


def test_a_file_silent_on_publication_leaves_it_as_the_coordinator_left_it(vimmerby, tmp_path):
    """#12: loading again does not take published work off the site unless the file says so."""
    path = tmp_path / "demo.toml"
    path.write_text(SILENT_ON_PUBLICATION, encoding="utf-8")
    run("load_demo", "--file", str(path))
    project = Project.objects.get(slug="exempel-tyst")
    assert not project.published and predicates.publishing_gaps(project) == ()
    Project.objects.filter(pk=project.pk).update(published=True)  # as publish_project leaves it

    run("load_demo", "--file", str(path))
    assert Project.objects.get(pk=project.pk).published

    path.write_text(SILENT_ON_PUBLICATION + "published = false\n", encoding="utf-8")
    run("load_demo", "--file", str(path))
    assert not Project.objects.get(pk=project.pk).published


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
    # #12: no path onto the public site skips the publishing rule, the demo's loading neither.
    "work published before its body has approved it": (
        '[[projects]]\nslug = "exempel-x"\ntitle_sv = "Exempel: X"\nsummary_sv = "Exempel."\n'
        'kind = "partnership"\nresponsible_body = "KS"\npublished = true\n',
        'projects entry 1 ("exempel-x"): Arbetet behöver ett politiskt beslut (S8, S11): det '
        "publiceras när Kommunstyrelsen har beviljat det.",
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
