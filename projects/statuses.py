"""The statuses of projects and applications, as plain choices.

They live apart from the models so that ``projects.predicates`` (what each status allows)
can import them without importing a model, and the models can import the predicates.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    PLANNED = "planned", _("planned")
    APPROVED = "approved", pgettext_lazy("project status", "approved")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_CONSULTATION = "in_consultation", _("in consultation")
    SUBMITTED = "submitted", _("submitted for decision")
    DECIDED = "decided", _("decided")
    WITHDRAWN = "withdrawn", _("withdrawn")


class FundingOutcome(models.TextChoices):
    """What came of looking at one programme for a project (S6). "Not applicable" and "not
    eligible" say that the programme is not relevant, and are an outcome only with the reason
    why (``predicates.records_funding_outcome``, #13)."""

    NOT_APPLICABLE = "not_applicable", _("not applicable")
    NOT_ELIGIBLE = "not_eligible", _("not eligible")
    WILL_APPLY = "will_apply", _("will apply")
    APPLIED = "applied", _("applied")
    GRANTED = "granted", _("granted")
    REJECTED = "rejected", _("rejected")
