"""IATI 2.03 activity XML of the published aid-funded work, valid against the schema."""

import datetime
import os

import pytest
from django.conf import settings
from django.urls import reverse
from lxml import etree

from followup import iati
from projects.models import Funder, FundingOutcome, ProjectStatus
from tests import factories

SCHEMA = (
    settings.BASE_DIR.parent / "shared" / "standards" / "iati-2.03" / ("iati-activities-schema.xsd")
)


@pytest.fixture(scope="module")
def schema():
    if not SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"The IATI 2.03 schema is missing at {SCHEMA}.")
        pytest.skip(f"The IATI 2.03 schema is not on this machine ({SCHEMA}).")
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def _aid_funded(bun, *, published=True, country="UG", outcome=FundingOutcome.GRANTED, **kwargs):
    project = factories.ProjectFactory(
        responsible_body=bun,
        published=published,
        title="Mukono barnrätt",
        summary="Barnkonventionen i skolan.",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        **kwargs,
    )
    project.places.add(factories.PlaceFactory(name="Mukono", country=country))
    factories.FundingCheckFactory(
        project=project,
        programme__funder=Funder.objects.get_or_create(name="ICLD", defaults={"kind": "state"})[0],
        outcome=outcome,
        amount_applied=500000,
        amount_granted=450000 if outcome == FundingOutcome.GRANTED else None,
    )
    return project


def test_export_of_an_aid_funded_activity_is_valid_iati_203(bun, schema, today):
    _aid_funded(bun)

    document = etree.fromstring(iati.activities_xml())

    schema.assertValid(document)
    assert document.get("version") == "2.03"
    assert document.findtext("iati-activity/title/narrative") == "Mukono barnrätt"
    assert document.find("iati-activity/recipient-country").get("code") == "UG"
    assert document.findtext("iati-activity/transaction/value") == "450000.00"
    assert document.find("iati-activity/activity-status").get("code") == "1"


def test_export_with_several_countries_and_statuses_is_valid(bun, schema, today):
    project = _aid_funded(bun)
    project.places.add(factories.PlaceFactory(country="KE"), factories.PlaceFactory(country="LT"))
    project.funding_check_closed_on = today
    project.funding_check_closed_by = factories.PersonFactory()
    factories.DecidedApplicationFactory(project=project)  # approved by its body (S8)
    project.status = ProjectStatus.COMPLETED
    project.save()

    document = etree.fromstring(iati.activities_xml())

    schema.assertValid(document)
    shares = [c.get("percentage") for c in document.iterfind("iati-activity/recipient-country")]
    assert shares == ["50.00", "50.00"]
    assert document.find("iati-activity/activity-status").get("code") == "4"


def test_export_leaves_out_unpublished_unfunded_and_non_aid_work(bun, today):
    aid = _aid_funded(bun)
    _aid_funded(bun, published=False, slug="opublicerat")
    _aid_funded(bun, outcome=FundingOutcome.APPLIED, slug="sokt")
    _aid_funded(bun, country="LT", slug="joniskis")

    assert list(iati.aid_funded_activities()) == [aid]


def test_export_without_activities_is_an_empty_document(db, today):
    document = etree.fromstring(iati.activities_xml())

    assert document.tag == "iati-activities"
    assert len(document) == 0


def test_iati_view_serves_xml(client, coordinator, bun, today):
    _aid_funded(bun)
    client.force_login(coordinator)

    response = client.get(reverse("followup:iati"))

    assert response["Content-Type"] == "application/xml"
    assert b"<iati-identifier>SE-ON-vimmerby-kommun-" in response.content
