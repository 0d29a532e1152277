"""S3: a partner's last activity is its latest project or visit, however many it has (#15).

The latest per partner was grouped with the model's ordering too (modeltranslation states it
on every query), so a partner with several projects got one of them, the earliest started,
and was listed as inactive while it had recent work.
"""

import datetime

from followup.queries import dashboard
from partners.models import Relationship
from tests import factories


def test_the_latest_of_several_projects_is_the_last_activity(bun, today, settings):
    settings.PARTNER_INACTIVITY_MONTHS = 24
    partner = factories.RelationshipFactory(place__name="Joniškis")
    for starts_on, ends_on in (
        (datetime.date(2015, 3, 1), datetime.date(2015, 11, 30)),
        (datetime.date(2025, 3, 1), datetime.date(2025, 11, 30)),
        (datetime.date(2019, 3, 1), datetime.date(2019, 11, 30)),
    ):
        factories.ProjectFactory(
            responsible_body=bun, starts_on=starts_on, ends_on=ends_on
        ).places.add(partner.place)

    last = dashboard.last_activity_by_relationship([partner], today)
    row = next(row for row in dashboard.rows(today) if row.key == "inactive_partners")

    assert last == {partner.pk: datetime.date(2025, 11, 30)}
    assert row.ok, [item.note for item in row.items]


def test_through_the_relationship_too(bun, today):
    partner = factories.RelationshipFactory(place__name="Tønder")
    for year in (2012, 2024, 2018):
        factories.ProjectFactory(
            responsible_body=bun,
            starts_on=datetime.date(year, 1, 10),
            ends_on=datetime.date(year, 6, 1),
        ).relationships.add(partner)

    relationships = list(Relationship.objects.filter(pk=partner.pk))

    assert dashboard.last_activity_by_relationship(relationships, today) == {
        partner.pk: datetime.date(2024, 6, 1)
    }
