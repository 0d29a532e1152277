"""factory_boy factories: plain, valid records with no surprises."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import Body, BodyKind, Decision, Meeting, Membership, Outcome, Person, Role
from network.models import Objective, Strategy
from partners.models import Place, PlaceKind, Relationship, RelationshipKind
from projects.models import (
    Application,
    ApplicationKind,
    Funder,
    FunderKind,
    FundingCheck,
    FundingOutcome,
    Programme,
    Project,
    ProjectKind,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("demo-password")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ("short_name",)

    name = factory.Sequence(lambda n: f"Nämnd {n}")
    short_name = factory.Sequence(lambda n: f"N{n}")
    slug = factory.LazyAttribute(lambda o: o.short_name.lower())
    kind = BodyKind.COMMITTEE


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = factory.Sequence(lambda n: f"Efternamn{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role = Role.MEMBER
    starts_on = datetime.date(2023, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2026, 3, 10, 18, 0))
    )


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    body = factory.SubFactory(BodyFactory)
    meeting_date = datetime.date(2026, 3, 10)
    paragraph = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Beslut {n}")
    outcome = Outcome.APPROVED


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Ort {n}")
    slug = factory.Sequence(lambda n: f"ort-{n}")
    country = "LT"
    kind = PlaceKind.MUNICIPALITY


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    place = factory.SubFactory(PlaceFactory)
    kind = RelationshipKind.TWIN_TOWN
    started_on = datetime.date(1994, 1, 1)
    start_precision = "year"


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    title = "Strategi för internationella kontakter"
    adopted_by = factory.SubFactory(
        DecisionFactory,
        body=factory.SubFactory(
            BodyFactory, short_name="KF", name="Kommunfullmäktige", kind=BodyKind.COUNCIL
        ),
        meeting_date=datetime.date(2016, 6, 27),
        paragraph=172,
    )


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Mål {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    kind = ProjectKind.PARTNERSHIP
    responsible_body = factory.SubFactory(BodyFactory)
    starts_on = datetime.date(2026, 1, 1)


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder

    name = factory.Sequence(lambda n: f"Finansiär {n}")
    kind = FunderKind.STATE


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    funder = factory.SubFactory(FunderFactory)
    name = factory.Sequence(lambda n: f"Program {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")


class FundingCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingCheck

    project = factory.SubFactory(ProjectFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    checked_on = datetime.date(2026, 2, 1)
    checked_by = factory.SubFactory(PersonFactory)
    outcome = FundingOutcome.NOT_ELIGIBLE


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    kind = ApplicationKind.PARTNERSHIP
    title = factory.Sequence(lambda n: f"Ansökan {n}")
    summary = "Ett partnerskap om barns rättigheter."
    project = factory.SubFactory(ProjectFactory)
    addressed_to = factory.LazyAttribute(lambda o: o.project.responsible_body)
