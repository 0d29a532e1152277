"""Mail on its way out (#12): kept until the mail server has taken it.

A notification is written here in the same transaction as the step it tells of, so it exists
exactly when the step does; it is sent after the commit and, when the mail server cannot be
reached, stays here to be sent again by ``manage.py send_queued_mail`` (run by the daily
timer). Not a public record and personal data (addresses, names): a row is deleted as soon
as the server has taken its message, so only what still waits is kept.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    event = models.CharField(_("event"), max_length=40)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.to}: {self.subject}"
