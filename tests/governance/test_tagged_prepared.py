"""``governance.tagged`` reads prepared on PostgreSQL (#15): a record's lists (``lists``) and a
read by an integer key (``keyed_rows``) are prepared once per kept connection with the key as
the statement's parameter, so that PostgreSQL plans them once for every record instead of
at each request; each record still gets its own rows. On SQLite (and where preparing does not
pay) the statements run as they are, with the same rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance import tagged
from projects import queries
from projects.models import Application
from tests import factories

pytestmark = pytest.mark.django_db

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PREPARE and EXECUTE are PostgreSQL's"
)


@pytest.fixture
def two_cases(bun):
    """Two applications, each on a project of its own with its own places and objectives."""
    cases = []
    strategy = factories.StrategyFactory()
    for number, place_names in ((1, ("Joniškis", "Lapua")), (2, ("Kauhava",))):
        project = factories.ProjectFactory(title=f"Utbyte {number}", responsible_body=bun)
        project.places.add(*(factories.PlaceFactory(name=name) for name in place_names))
        application = factories.ApplicationFactory(
            project=project, addressed_to=bun, title=f"Ansökan {number}"
        )
        application.objectives.add(factories.ObjectiveFactory(strategy=strategy, number=number))
        factories.FundingCheckFactory(project=project, checked_on=datetime.date(2026, 1, number))
        cases.append(application)
    return cases


def _shown(application):
    return (
        application.title,
        [place.name for place in application.project.places.all()],
        [objective.number for objective in application.objectives.all()],
        [check.checked_on.day for check in application.project.funding_checks.all()],
        [group.name for group in application.steering_groups.all()],
    )


def test_each_case_gets_its_own_record_and_lists(two_cases):
    first, second = (queries.case_page(case.pk) for case in two_cases)

    assert _shown(first) == ("Ansökan 1", ["Joniškis", "Lapua"], [1], [1], [])
    assert _shown(second) == ("Ansökan 2", ["Kauhava"], [2], [2], [])
    assert queries.case_page(max(case.pk for case in two_cases) + 1) is None


def test_the_lists_read_the_same_as_the_orms_prefetches(two_cases, django_assert_num_queries):
    case = two_cases[0]
    by_the_orm = (
        Application.objects.select_related(*queries.CASE_RELATED)
        .prefetch_related("objectives", "project__places", "project__funding_checks")
        .get(pk=case.pk)
    )
    queries.case_page(case.pk)  # compiled

    with django_assert_num_queries(2):
        found = queries.case_page(case.pk)
        shown = _shown(found)

    assert shown == _shown(by_the_orm)


@postgresql
def test_both_reads_are_prepared_with_the_key_as_their_parameter(two_cases):
    for case in two_cases:  # compiled and prepared on this connection
        queries.case_page(case.pk)
    with CaptureQueriesContext(connection) as captured:
        found = queries.case_page(two_cases[1].pk)

    assert _shown(found)[0] == "Ansökan 2"
    executed = [query["sql"] for query in captured]
    assert len(executed) == 2
    assert all(sql.startswith("EXECUTE intl_kept_") for sql in executed), executed
    # The key in each of its places (the lists' six parts each narrowed to it), nothing else.
    values = [re.search(r"\(([^)]*)\)", sql.split("/*")[0]).group(1) for sql in executed]
    assert [set(found.split(", ")) for found in values] == [{str(two_cases[1].pk)}] * 2
    names = [sql.split("(")[0].split()[1] for sql in executed]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = ANY(%s)", [names])
        statements = [row[0] for row in cursor.fetchall()]
    assert len(statements) == 2
    # The key is the parameter: no record's key, nor the marker, is written in.
    assert all("$1" in statement for statement in statements)
    assert not any(str(tagged.MARKER) in statement for statement in statements)


def test_a_text_key_is_written_into_the_statement(bun):
    """A slug (the public project page's read) is no parameter of a prepared statement."""
    factories.ProjectFactory(slug="ett", title="Ett", responsible_body=bun, published=True)

    def make(slug):
        return Application.objects.filter(project__slug=slug)

    with CaptureQueriesContext(connection) as captured:
        assert tagged.keyed_rows("test-text-key", make, "ett", "no slug has spaces") == []

    assert not captured[0]["sql"].startswith("EXECUTE")
