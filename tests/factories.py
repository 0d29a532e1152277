"""factory_boy factories: plain, valid records with no surprises."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.models import Body, BodyKind, Decision, Meeting, Membership, Outcome, Person, Role
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
    application_kind_for,
)
from strategy.models import Objective, Strategy


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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A relationship as the municipality's loader records it: a twin town of earlier
        years, active without KF's decision on record (S7). One made the way the admin makes
        it names KF's decision in ``established_by``."""
        relationship = model_class.from_earlier_years(*args, **kwargs)
        relationship.save()
        return relationship


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
    for_municipalities = True


class FundingCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingCheck

    project = factory.SubFactory(ProjectFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    checked_on = datetime.date(2026, 2, 1)
    checked_by = factory.SubFactory(PersonFactory)
    outcome = FundingOutcome.NOT_ELIGIBLE
    note = "Not for this kind of work."


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    # The kind that fits the project's (#12); a new twin town passes its own.
    kind = factory.LazyAttribute(
        lambda o: application_kind_for(o.project) if o.project else ApplicationKind.PARTNERSHIP
    )
    title = factory.Sequence(lambda n: f"Ansökan {n}")
    summary = "Ett partnerskap om barns rättigheter."
    project = factory.SubFactory(ProjectFactory)
    addressed_to = factory.LazyAttribute(lambda o: o.project.responsible_body)


# --- Factories for the admin tests (models referred to by label, so the imports above stay) ---


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.Group"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"grupp {n}")


class ChainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Chain"

    name = factory.Sequence(lambda n: f"Vänortskedja {n}")


class StatusChangeFactory(factory.django.DjangoModelFactory):
    """A status change written directly, as history loaded from old records would be."""

    class Meta:
        model = "partners.StatusChange"

    relationship = factory.SubFactory(RelationshipFactory)
    changed_on = datetime.date(2000, 1, 1)
    from_status = "proposed"
    to_status = "active"
    reason = "Avtalet undertecknades."


class NordicMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.NordicMeeting"

    chain = factory.SubFactory(ChainFactory)
    year = 2024


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Agreement"

    relationship = factory.SubFactory(RelationshipFactory)
    title = factory.Sequence(lambda n: f"Avtal {n}")
    signed_on = datetime.date(2007, 3, 1)


class PeerMunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.PeerMunicipality"

    relationship = factory.SubFactory(RelationshipFactory)
    name = factory.Sequence(lambda n: f"Kommun {n}")


class ContactAbroadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.ContactAbroad"

    place = factory.SubFactory(PlaceFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.Visit"

    place = factory.SubFactory(PlaceFactory)
    relationship = factory.SubFactory(RelationshipFactory, place=factory.SelfAttribute("..place"))
    direction = "outgoing"
    starts_on = datetime.date(2026, 5, 4)
    purpose = "Vänortsbesök"


class VisitParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partners.VisitParticipant"

    visit = factory.SubFactory(VisitFactory)
    person = factory.SubFactory(PersonFactory)
    level = "elected"


class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "network.Revision"

    strategy = factory.SubFactory(StrategyFactory)
    decision = factory.SubFactory(
        DecisionFactory,
        body=factory.SelfAttribute("..strategy.adopted_by.body"),
        meeting_date=datetime.date(2020, 6, 15),
    )
    summary = "Strategin reviderades."


class ParticipantCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ParticipantCount"

    project = factory.SubFactory(ProjectFactory)
    level = "staff"
    count = 10


class ProjectCostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ProjectCost"

    project = factory.SubFactory(ProjectFactory)
    body = factory.SelfAttribute("project.responsible_body")
    year = 2026
    amount = 1000


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.Call"

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2026
    deadline = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2026, 9, 30, 12, 0))
    )


class RecurringCallFactory(factory.django.DjangoModelFactory):
    """A call every 1 February, as Nordplus has (#13)."""

    class Meta:
        model = "projects.RecurringCall"

    programme = factory.SubFactory(ProgrammeFactory)
    month = 2
    day = 1


class ReportObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.ReportObligation"

    funding_check = factory.SubFactory(FundingCheckFactory)
    title = factory.Sequence(lambda n: f"Årsrapport {n}")
    due_on = datetime.date(2027, 3, 31)


class DecidedApplicationFactory(ApplicationFactory):
    """An application approved by the body it is addressed to."""

    status = "decided"
    decision = factory.SubFactory(DecisionFactory, body=factory.SelfAttribute("..addressed_to"))


class SteeringGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.SteeringGroup"

    name = factory.Sequence(lambda n: f"Styrgrupp {n}")
    application = factory.SubFactory(DecidedApplicationFactory)
    appointed_by = factory.SelfAttribute("application.decision")


class SteeringGroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "projects.SteeringGroupMember"

    group = factory.SubFactory(SteeringGroupFactory)
    person = factory.SubFactory(PersonFactory)
    starts_on = datetime.date(2026, 4, 1)


class CaseDocumentFactory(factory.django.DjangoModelFactory):
    """A project's plan, internal (#12). The file is named, not written: a test that needs
    its content uploads one (tests/staff/conftest.py, ``add_document``)."""

    class Meta:
        model = "projects.CaseDocument"

    kind = "plan"
    title = factory.Sequence(lambda n: f"Plan {n}")
    file = "case-documents/2026/plan.pdf"
    project = factory.SubFactory(ProjectFactory)
