"""The funding check every project and exchange needs before approval (S6)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Person
from projects.models import Project


@transaction.atomic
def complete_funding_check(
    project: Project, *, by: Person, on: datetime.date | None = None
) -> Project:
    """Close a project's funding check once every relevant source has been looked at.

    Side effects: records who completed the check and when. Refuses a project with no
    recorded check of any funding source.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not locked.funding_checks.exists():
        raise ValidationError(
            _("Record at least one funding source that was checked before completing the check.")
        )
    locked.funding_check_closed_on = on or timezone.localdate()
    locked.funding_check_closed_by = by
    locked.save()
    project.refresh_from_db()
    return locked
