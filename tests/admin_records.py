"""One record of each model the admin registers, with the relations its list shows.

Every optional relation that a changelist column displays is filled in, so that a column
reading a related row without ``list_select_related`` shows up as a query per row.
"""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.models import (
    Body,
    BodyKind,
    Decision,
    Meeting,
    Membership,
    Person,
    PublicContact,
)
from partners.models import (
    Agreement,
    Chain,
    ContactAbroad,
    NordicMeeting,
    Place,
    Relationship,
    StatusChange,
    Visit,
)
from projects.models import (
    Application,
    Call,
    CaseDocument,
    Funder,
    FundingCheck,
    ParticipantCount,
    Programme,
    Project,
    ProjectCost,
    ReportObligation,
    SteeringGroup,
    SteeringGroupMember,
)
from strategy.models import Objective, Revision, Strategy
from tests import factories


def _kf():
    return factories.BodyFactory(short_name="KF", name="Kommunfullmäktige", kind=BodyKind.COUNCIL)


def _strategy(**fields):
    adoption = factories.DecisionFactory(body=_kf(), meeting_date=datetime.date(2016, 6, 27))
    return factories.StrategyFactory(adopted_by=adoption, **fields)


def _administration():
    return factories.BodyFactory(kind=BodyKind.ADMINISTRATION, parent=factories.BodyFactory())


def _public_contact():
    number = PublicContact.objects.count() + 1
    return PublicContact.objects.create(
        key=f"kontakt-{number}",
        function="Internationell samordnare",
        body=_administration(),
        email=f"kontakt{number}@example.org",
        phone="0492-76 90 00",
    )


def _visit():
    return factories.VisitParticipantFactory().visit


def _attempt(model):
    """A failed or logged sign-in, as django-axes records it (the admin cannot add one)."""
    number = model.objects.count() + 1
    fields = {"username": f"someone-{number}", "ip_address": "192.0.2.1", "user_agent": "test"}
    if model is AccessAttempt:
        fields.update(failures_since_start=1, get_data="", post_data="")
    if model is AccessFailureLog:
        fields.update(attempt_time=timezone.now(), locked_out=False)
    if model is AccessLog:
        fields.update(attempt_time=timezone.now())
    return model.objects.create(**fields)


MAKERS = {
    AccessAttempt: lambda: _attempt(AccessAttempt),
    AccessLog: lambda: _attempt(AccessLog),
    AccessFailureLog: lambda: _attempt(AccessFailureLog),
    TOTPDevice: lambda: TOTPDevice.objects.create(user=factories.UserFactory(), name="phone"),
    User: factories.UserFactory,
    Group: factories.GroupFactory,
    Body: _administration,
    PublicContact: _public_contact,
    Person: lambda: factories.PersonFactory(user=factories.UserFactory()),
    Membership: factories.MembershipFactory,
    Meeting: factories.MeetingFactory,
    Decision: factories.DecisionFactory,
    Place: lambda: factories.PlaceFactory(administered_by=factories.PlaceFactory()),
    Relationship: lambda: factories.RelationshipFactory(chain=factories.ChainFactory()),
    StatusChange: lambda: factories.StatusChangeFactory(decision=factories.DecisionFactory()),
    Chain: factories.ChainFactory,
    NordicMeeting: lambda: factories.NordicMeetingFactory(host=factories.PlaceFactory()),
    Agreement: lambda: factories.AgreementFactory(decision=factories.DecisionFactory()),
    ContactAbroad: factories.ContactAbroadFactory,
    Visit: _visit,
    Strategy: lambda: _strategy(replaced_by=_strategy()),
    Objective: lambda: factories.ObjectiveFactory(strategy=_strategy()),
    Revision: lambda: factories.RevisionFactory(strategy=_strategy()),
    Project: factories.ProjectFactory,
    ParticipantCount: factories.ParticipantCountFactory,
    ProjectCost: factories.ProjectCostFactory,
    Funder: factories.FunderFactory,
    Programme: factories.ProgrammeFactory,
    Call: factories.CallFactory,
    FundingCheck: factories.FundingCheckFactory,
    ReportObligation: factories.ReportObligationFactory,
    Application: factories.DecidedApplicationFactory,
    SteeringGroup: factories.SteeringGroupFactory,
    SteeringGroupMember: factories.SteeringGroupMemberFactory,
    CaseDocument: factories.CaseDocumentFactory,
}


def make(model):
    """A new record of ``model``, with its displayed relations filled in."""
    assert model in MAKERS, f"Add a maker for {model._meta.label} to tests/admin_records.py."
    return MAKERS[model]()
