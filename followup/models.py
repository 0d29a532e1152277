"""What the follow-up app must remember: the reminders it has already e-mailed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    CALL_DEADLINE = "call_deadline", _("call deadline")
    CHECK_DEADLINE = "check_deadline", _("application deadline of a funding check")
    REPORT_DUE = "report_due", _("report due to a funder")


class SentReminder(models.Model):
    """A reminder e-mailed for one dated item, so it is never sent twice for the same date."""

    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    due_on = models.DateField(_("date reminded of"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on"],
                name="%(app_label)s_%(class)s_once_per_date",
                violation_error_message=_("A reminder for this date has already been sent."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.object_id} {self.due_on}"
