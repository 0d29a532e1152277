from projects.models.application import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    SteeringGroup,
    SteeringGroupMember,
)
from projects.models.funding import (
    Call,
    Funder,
    FunderKind,
    FundingCheck,
    FundingOutcome,
    Programme,
    ReportObligation,
)
from projects.models.project import (
    APPROVED_STATUSES,
    CURRENT_STATUSES,
    ParticipantCount,
    Project,
    ProjectCost,
    ProjectKind,
    ProjectStatus,
)

__all__ = [
    "APPROVED_STATUSES",
    "CURRENT_STATUSES",
    "Application",
    "ApplicationKind",
    "ApplicationStatus",
    "Call",
    "Funder",
    "FunderKind",
    "FundingCheck",
    "FundingOutcome",
    "ParticipantCount",
    "Programme",
    "Project",
    "ProjectCost",
    "ProjectKind",
    "ProjectStatus",
    "ReportObligation",
    "SteeringGroup",
    "SteeringGroupMember",
]
