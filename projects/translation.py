"""Texts in Swedish and English, and history for every model (see governance.translation)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as track_history

from projects.models import (
    Application,
    Call,
    CaseDocument,
    DeadlineFeed,
    Funder,
    FundingCheck,
    ParticipantCount,
    Programme,
    Project,
    ProjectCost,
    ProjectPicture,
    RecurringCall,
    ReportObligation,
    SteeringGroup,
    SteeringGroupMember,
    TextProposal,
)


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(RecurringCall)
class RecurringCallTranslation(TranslationOptions):
    fields = ("note",)


@register(ProjectPicture)
class ProjectPictureTranslation(TranslationOptions):
    fields = ("alt", "caption")


for model in (
    ProjectPicture,
    Application,
    Call,
    CaseDocument,
    DeadlineFeed,
    Funder,
    FundingCheck,
    ParticipantCount,
    Programme,
    Project,
    ProjectCost,
    RecurringCall,
    ReportObligation,
    SteeringGroup,
    SteeringGroupMember,
    TextProposal,
):
    track_history(model)
