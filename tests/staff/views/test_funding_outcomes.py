"""The funding check starts from the suggestions (S6, #13): a row per programme that may fit,
for its outcome; completing the check needs an outcome for each of them, "not relevant" only
with a reason; a refusal is clear, in the user's language, and saves nothing."""

import pytest

from projects.models import FundingCheck, FundingOutcome, ProjectKind
from tests import factories
from tests.staff.conftest import en

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Two programmes that may fit a school exchange with Finland (one with unknown rules),
    and one that does not."""
    nordplus = factories.ProgrammeFactory(
        name="Nordplus Junior",
        eligible_groups=["nordic_baltic"],
        for_municipalities=False,
        for_schools=True,
        activity_kinds=[ProjectKind.SCHOOL_EXCHANGE],
    )
    unknown = factories.ProgrammeFactory(name="Okänd fond", for_schools=True)
    icld = factories.ProgrammeFactory(
        name="Kommunala partnerskap",
        eligible_groups=["icld"],
        activity_kinds=[ProjectKind.PARTNERSHIP],
    )
    return nordplus, unknown, icld


@pytest.fixture
def exchange(sodra_exchange):
    sodra_exchange.places.add(factories.PlaceFactory(name="Kauhava", country="FI"))
    return sodra_exchange


def _row(programme, outcome="", note=""):
    prefix = f"programme-{programme.pk}"
    return {f"{prefix}-outcome": outcome, f"{prefix}-note": note}


def test_the_page_has_a_row_per_fitting_programme_and_folds_the_others(
    client, sodra_contributor, exchange, catalogue
):
    nordplus, unknown, icld = catalogue
    client.force_login(sodra_contributor)

    page = client.get(en("funding-suggestions", exchange.pk)).text

    assert f'name="programme-{nordplus.pk}-outcome"' in page
    assert f'name="programme-{unknown.pk}-outcome"' in page  # unknown rules: still a row
    assert f'name="programme-{icld.pk}-outcome"' not in page
    assert "2 programmes that may fit have no outcome yet." in page
    folded = page[page.index('id="not-fitting"') :]
    assert "Kommunala partnerskap" in folded


def test_a_school_records_outcomes_and_completes_its_check(
    client, sodra_contributor, exchange, catalogue
):
    nordplus, unknown, _icld = catalogue
    client.force_login(sodra_contributor)

    response = client.post(
        en("funding-suggestions", exchange.pk),
        {
            **_row(nordplus, FundingOutcome.WILL_APPLY),
            **_row(unknown, FundingOutcome.NOT_APPLICABLE, "Fonden tar bara föreningar."),
            "complete": "",
        },
    )

    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.funding_check_complete
    assert exchange.funding_check_closed_by == sodra_contributor.person
    outcomes = dict(exchange.funding_checks.values_list("programme__name", "outcome"))
    assert outcomes == {"Nordplus Junior": "will_apply", "Okänd fond": "not_applicable"}


def test_completing_with_a_fitting_programme_left_without_outcome_is_refused(
    client, sodra_contributor, exchange, catalogue
):
    """One row is not a check (S6, #13): the refusal names the programme; nothing is saved."""
    nordplus, unknown, _icld = catalogue
    client.force_login(sodra_contributor)

    response = client.post(
        en("funding-suggestions", exchange.pk),
        {**_row(nordplus, FundingOutcome.WILL_APPLY), **_row(unknown), "complete": ""},
    )

    assert response.status_code == 400
    assert (
        "The funding check cannot be completed: record an outcome for every programme that may "
        "fit (will apply, applied, granted, refused, or not relevant with a reason). Without an "
        "outcome: "
    ) in response.text
    assert "Okänd fond" in response.text[response.text.index('id="funding-errors"') :]
    exchange.refresh_from_db()
    assert not exchange.funding_check_complete
    assert not FundingCheck.objects.exists()  # the row entered is rolled back too


def test_not_relevant_without_a_reason_is_refused_in_swedish_and_nothing_saved(
    client, sodra_contributor, exchange, catalogue
):
    nordplus, unknown, _icld = catalogue
    client.force_login(sodra_contributor)

    response = client.post(
        f"/arbete/projekt/{exchange.pk}/finansiering/forslag/",
        {**_row(nordplus, FundingOutcome.APPLIED), **_row(unknown, FundingOutcome.NOT_APPLICABLE)},
    )

    assert response.status_code == 400
    assert "Inget sparades" in response.text
    assert "behöver ett skäl" in response.text
    assert not FundingCheck.objects.exists()


def test_the_service_refuses_a_check_with_one_not_applicable_row(exchange, catalogue):
    """The rule is the model's, so the service, the admin and the import meet it alike."""
    from django.core.exceptions import ValidationError

    from projects.services import funding

    nordplus, unknown, _icld = catalogue
    check = factories.FundingCheckFactory(
        project=exchange, programme=nordplus, outcome=FundingOutcome.NOT_APPLICABLE
    )

    with pytest.raises(ValidationError) as error:
        funding.complete_funding_check(exchange, by=check.checked_by)

    assert "Okänd fond" in error.value.messages[0]
    exchange.refresh_from_db()
    assert not exchange.funding_check_complete

    factories.FundingCheckFactory(
        project=exchange, programme=unknown, outcome=FundingOutcome.REJECTED, note=""
    )
    funding.complete_funding_check(exchange, by=check.checked_by)
    exchange.refresh_from_db()
    assert exchange.funding_check_complete


def test_setting_the_completion_directly_on_the_model_is_refused(exchange, catalogue):
    from django.core.exceptions import ValidationError

    check = factories.FundingCheckFactory(project=exchange, programme=catalogue[0])
    exchange.funding_check_closed_on = check.checked_on
    exchange.funding_check_closed_by = check.checked_by

    with pytest.raises(ValidationError) as error:
        exchange.save()

    assert "funding_check_closed_on" in error.value.message_dict


def test_someone_who_follows_up_sees_the_rows_but_no_form(client, ks_member, exchange, catalogue):
    client.force_login(ks_member)

    page = client.get(en("funding-suggestions", exchange.pk)).text

    assert 'id="funding-outcomes"' not in page
    assert "2 programmes may fit" in page


def test_another_school_may_not_post_outcomes(client, vimar_contributor, exchange, catalogue):
    client.force_login(vimar_contributor)

    response = client.post(
        en("funding-suggestions", exchange.pk), _row(catalogue[0], FundingOutcome.APPLIED)
    )

    assert response.status_code == 403
    assert not FundingCheck.objects.exists()


def test_the_page_with_rows_takes_the_same_queries_for_more_programmes(
    client, sodra_contributor, exchange, catalogue, django_assert_num_queries
):
    client.force_login(sodra_contributor)
    client.get(en("funding-suggestions", exchange.pk))
    with django_assert_num_queries(13) as few:
        client.get(en("funding-suggestions", exchange.pk))
    for number in range(4):
        factories.ProgrammeFactory(name=f"Fond {number}", for_schools=True)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(en("funding-suggestions", exchange.pk))


def test_the_project_pages_complete_button_meets_the_same_rule_in_swedish(
    client, sodra_contributor, exchange, catalogue
):
    """The project page's own "complete" (``funding-complete``) is one more path to the rule
    (S6, #13): refused, in Swedish, naming the programme without an outcome."""
    from django.urls import reverse

    nordplus, _unknown, _icld = catalogue
    factories.FundingCheckFactory(
        project=exchange, programme=nordplus, outcome=FundingOutcome.WILL_APPLY, note=""
    )
    client.force_login(sodra_contributor)

    response = client.post(reverse("staff:funding-complete", args=[exchange.pk]), follow=True)

    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Finansieringskontrollen kan inte slutföras")
    assert "Okänd fond" in message.split("Utan utfall: ")[1]
    assert "Nordplus Junior" not in message.split("Utan utfall: ")[1]
    assert message in response.text
    exchange.refresh_from_db()
    assert not exchange.funding_check_complete


def test_each_source_link_names_its_site(client, sodra_contributor, exchange, catalogue):
    """A link says where it goes without the links around it (WCAG 2.4.4): a source is named
    by its site, not "source 1", and the programme's page by the programme."""
    nordplus, _unknown, _icld = catalogue
    nordplus.sources = ["https://www.nordplusonline.org/programmes/nordplus-junior"]
    nordplus.url = "https://www.nordplusonline.org/"
    nordplus.save()
    client.force_login(sodra_contributor)

    page = client.get(en("funding-suggestions", exchange.pk)).text

    assert (
        '<a href="https://www.nordplusonline.org/programmes/nordplus-junior">'
        "www.nordplusonline.org</a>" in page
    )
    assert f'<span class="visually-hidden">: {nordplus}</span></a>' in page
    assert "source 1" not in page
