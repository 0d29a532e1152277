"""Steps that change several partner records at once."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from governance.models import Decision
from partners.models import Relationship, RelationshipStatus, StatusChange


@transaction.atomic
def record_status_change(
    relationship: Relationship,
    *,
    to_status: str,
    on: datetime.date,
    reason: str,
    decision: Decision | None = None,
    reason_en: str = "",
) -> StatusChange:
    """Change a relationship's status and keep the change as a dated record (S2).

    Side effects: creates a StatusChange; sets the relationship's status, and its end date
    when it ends; KF's decision activating a twin town that had none on record becomes the one
    establishing it. Refuses a change dated before the latest one, one that changes nothing,
    and one that activates a twin town without KF's decision or beside the place's active one
    (``StatusChange.clean``, S7).
    """
    locked = Relationship.objects.select_for_update().get(pk=relationship.pk)
    latest = locked.status_changes.order_by("-changed_on", "-pk").first()
    if latest and on < latest.changed_on:
        raise ValidationError(
            {
                "changed_on": _(
                    "The status was last changed on %(date)s; a change cannot be dated before it."
                )
                % {"date": latest.changed_on.isoformat()}
            }
        )
    if locked.started_on and on < locked.started_on:
        raise ValidationError(
            {"changed_on": _("A status change cannot be dated before the relationship started.")}
        )
    change = StatusChange(
        relationship=locked,
        changed_on=on,
        from_status=locked.status,
        to_status=to_status,
        decision=decision,
    )
    # The reason is written to the default language's column whatever language is active,
    # so an English request cannot leave the Swedish record empty.
    default = build_localized_fieldname("reason", settings.MODELTRANSLATION_DEFAULT_LANGUAGE)
    setattr(change, default, reason)
    if reason_en:
        change.reason_en = reason_en
    # Activating a twin town with KF's decision, where it had none on record (S7).
    establishes = change.establishes
    change.save()
    locked.status = to_status
    if establishes:
        locked.established_by = decision
    if to_status == RelationshipStatus.ENDED and locked.ended_on is None:
        locked.ended_on = on
        if decision is not None and locked.ended_by_id is None:
            locked.ended_by = decision
    locked.save()
    relationship.refresh_from_db()
    return change
