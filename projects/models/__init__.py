from projects.models.application import (
    DECIDED_APPLICATION_FROZEN,
    Application,
    ApplicationKind,
    SteeringGroup,
    SteeringGroupMember,
    application_kind_for,
)
from projects.models.document import CaseDocument, DocumentKind
from projects.models.funding import (
    KRONOR_UNKNOWN,
    Call,
    Currency,
    DeadlineFeed,
    Funder,
    FunderKind,
    FundingCheck,
    FundingOutcome,
    Programme,
    RecurringCall,
    ReportObligation,
    in_kronor,
)
from projects.models.outbox import OutgoingMail
from projects.models.project import (
    MissingDecision,
    ParticipantCount,
    Project,
    ProjectCost,
    ProjectKind,
    ProjectPicture,
)
from projects.models.publishing import PUBLIC_TEXT_FIELDS, ProposalStatus, TextProposal
from projects.models.search import SearchDocument, SearchEntry, SearchWord
from projects.predicates import APPROVED_STATUSES, CURRENT_STATUSES
from projects.statuses import ApplicationStatus, ProjectStatus

__all__ = [
    "MissingDecision",
    "KRONOR_UNKNOWN",
    "in_kronor",
    "APPROVED_STATUSES",
    "PUBLIC_TEXT_FIELDS",
    "CURRENT_STATUSES",
    "DECIDED_APPLICATION_FROZEN",
    "Application",
    "ApplicationKind",
    "ApplicationStatus",
    "Call",
    "CaseDocument",
    "Currency",
    "DeadlineFeed",
    "DocumentKind",
    "Funder",
    "FunderKind",
    "FundingCheck",
    "FundingOutcome",
    "OutgoingMail",
    "ParticipantCount",
    "Programme",
    "Project",
    "SearchDocument",
    "SearchEntry",
    "SearchWord",
    "RecurringCall",
    "ProjectCost",
    "ProjectKind",
    "ProjectPicture",
    "ProjectStatus",
    "ProposalStatus",
    "ReportObligation",
    "SteeringGroup",
    "SteeringGroupMember",
    "TextProposal",
    "application_kind_for",
]
