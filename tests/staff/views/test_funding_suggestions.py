"""Where a project may apply, and by when (#13, S6): the staff page of a project's funding
suggestions, open to the project's own staff (a school sees its own work's) and to whoever
follows up; the programmes that fit first, those that do not folded away with the failing
rule."""

import datetime

import pytest
import time_machine

from projects.models import Project, ProjectKind
from tests import factories
from tests.staff.conftest import STOCKHOLM, en

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_clock():
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=STOCKHOLM), tick=False):
        yield


@pytest.fixture
def catalogue():
    """Two programmes: one that fits a school exchange with Finland, one that does not."""
    nordplus = factories.ProgrammeFactory(
        name="Nordplus Junior",
        eligible_groups=["nordic_baltic"],
        for_municipalities=False,
        for_schools=True,
        activity_kinds=[ProjectKind.SCHOOL_EXCHANGE],
        sources=["https://www.nordplusonline.org/"],
        last_verified_on=datetime.date(2026, 12, 3),
    )
    factories.RecurringCallFactory(programme=nordplus, month=2, day=1)
    icld = factories.ProgrammeFactory(
        name="Kommunala partnerskap",
        eligible_groups=["icld"],
        activity_kinds=[ProjectKind.PARTNERSHIP],
    )
    return nordplus, icld


def test_a_school_sees_where_its_own_exchange_may_apply(
    client, sodra_contributor, sodra_exchange, catalogue
):
    sodra_exchange.places.add(factories.PlaceFactory(name="Kauhava", country="FI"))
    client.force_login(sodra_contributor)

    response = client.get(en("funding-suggestions", sodra_exchange.pk))

    assert response.status_code == 200
    page = response.text
    assert "<h1>Where to apply, and by when: Brevväxling med Kauhava</h1>" in page
    assert "1 programme may fit" in page
    assert "Next deadline 2027-02-01" in page
    assert "Schools may apply." in page
    # The one that does not fit is folded away, with the rule that fails.
    folded = page[page.index('<details class="mt-4" id="not-fitting">') :]
    assert "Kommunala partnerskap" in folded
    assert "Partners in countries the programme does not cover: Finland." in folded


def test_another_school_is_refused_with_the_reason(
    client, vimar_contributor, sodra_exchange, catalogue
):
    client.force_login(vimar_contributor)

    response = client.get(en("funding-suggestions", sodra_exchange.pk))

    assert response.status_code == 403
    assert (
        "Only staff of Södra skolan and those who follow up may see where “Brevväxling med "
        "Kauhava” may apply for funding."
    ) in response.text


def test_the_project_page_links_the_suggestions_for_its_school(
    client, sodra_contributor, sodra_exchange
):
    client.force_login(sodra_contributor)

    page = client.get(en("project-detail", sodra_exchange.pk)).text

    assert f'href="{en("funding-suggestions", sodra_exchange.pk)}"' in page


def test_the_page_speaks_swedish_and_says_check_with_the_funder(
    client, sodra_contributor, sodra_exchange
):
    """A programme whose rules are unknown: the suggestion says to check with the funder."""
    sodra_exchange.places.add(factories.PlaceFactory(name="Kauhava", country="FI"))
    factories.ProgrammeFactory(name="Okänt program", for_municipalities=None)
    client.force_login(sodra_contributor)

    page = client.get(f"/arbete/projekt/{sodra_exchange.pk}/finansiering/forslag/").text

    assert "Var vi kan söka, och senast när" in page
    assert "kontrollera med finansiären" in page
    assert "Okänt:" in page


def test_the_page_takes_the_same_queries_for_a_larger_catalogue(
    client, coordinator, sodra_exchange, catalogue, django_assert_num_queries
):
    client.force_login(coordinator)
    client.get(en("funding-suggestions", sodra_exchange.pk))  # warm the session and caches
    with django_assert_num_queries(12) as few:
        client.get(en("funding-suggestions", sodra_exchange.pk))
    for number in range(5):
        programme = factories.ProgrammeFactory(eligible_groups=["eu"], activity_kinds=["culture"])
        factories.RecurringCallFactory(programme=programme, month=3, day=number + 1)
        factories.CallFactory(programme=programme)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(en("funding-suggestions", sodra_exchange.pk))


# --- The participants' ages, which programmes may limit (#13) -------------------------------


def _project_form(bun, **ages):
    return {
        "title": "Ungdomsutbyte",
        "kind": "youth_exchange",
        "status": "planned",
        "responsible_body": bun.pk,
        "own_cost": "1000",
        **ages,
    }


def test_a_contributor_records_the_participants_ages(client, contributor, bun):
    client.force_login(contributor)

    client.post(en("project-create"), _project_form(bun, youngest_age="13", oldest_age="15"))

    project = Project.objects.get()
    assert (project.youngest_age, project.oldest_age) == (13, 15)


def test_ages_the_wrong_way_round_are_refused_in_swedish_and_nothing_saved(
    client, contributor, bun
):
    client.force_login(contributor)

    response = client.post(
        "/arbete/projekt/nytt/", _project_form(bun, youngest_age="16", oldest_age="13")
    )

    assert response.status_code == 200
    assert "Den lägsta åldern kan inte vara högre än den högsta." in response.text
    assert not Project.objects.exists()
