"""Steps on the records of who decides that change more than one record (#11)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import access
from governance.models import CORRECTABLE_FIELDS, Decision, DecisionCorrection, correction_text


@transaction.atomic
def correct_decision(
    decision: Decision,
    *,
    by,
    field: str,
    corrected: str,
    reason: str,
    on: datetime.date | None = None,
) -> DecisionCorrection:
    """Put right an error in a recorded decision (rättelse, #11).

    Only the secretary of the decision's body or the coordinator may (``governance.access``).
    Side effects: keeps the value as recorded, the corrected value, the reason, who and when
    in a ``DecisionCorrection``; the decision's row then holds the corrected value (its history
    keeps the original too). A correction never changes the body, the meeting, the date or the
    outcome: those errors take a new decision.
    """
    if not access.may_correct_decision(by, decision):
        raise PermissionDenied(access.CORRECTION_REFUSAL)
    if field not in CORRECTABLE_FIELDS:
        raise ValidationError(
            {
                "field": _(
                    "A correction puts right a clerical error; the body, the meeting, the date "
                    "and the outcome are what the body decided, and changing them takes a new "
                    "decision."
                )
            }
        )
    stored = Decision.objects.select_for_update().get(pk=decision.pk)
    model_field = Decision._meta.get_field(field)
    text = corrected.strip()
    if isinstance(model_field, models.CharField | models.TextField):
        value = text
    else:
        try:
            value = model_field.to_python(text or None)
        except ValidationError as error:
            raise ValidationError({"corrected": error.messages}) from None
        text = correction_text(value)  # "07" for 7: record the value as it is stored
    correction = DecisionCorrection(
        decision=stored,
        field=field,
        original=correction_text(getattr(stored, model_field.attname)),
        corrected=text,
        reason=reason.strip(),
        made_by=by,
        made_on=on or timezone.localdate(),
    )
    correction.save()
    setattr(stored, model_field.attname, value)
    try:
        stored.save()
    except ValidationError as error:
        raise ValidationError({"corrected": error.messages}) from None
    return correction
