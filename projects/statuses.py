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
