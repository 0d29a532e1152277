"""E-mail the coordinators about deadlines and report dates coming up (S6). Run daily by cron.

Each dated item (a call's deadline, a planned application, a report owed to a funder) is
reminded of once for its date: the reminder is recorded in ``SentReminder`` in the same
transaction as the e-mail is sent, so a second run on the same day, or the next day, sends
nothing new. If the date of an item changes, the new date gets its own reminder.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from followup.models import SentReminder
from followup.queries import deadlines
from governance.access import COORDINATOR_GROUP


def coordinator_addresses() -> list[str]:
    """The e-mail addresses of active coordinators (the group), sorted and without repeats."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATOR_GROUP)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _claim(item, recipients) -> bool:
    """Record the reminder for this item and date; False if it was already sent."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                kind=item.kind,
                object_id=item.object_id,
                due_on=item.due_on,
                recipients=", ".join(recipients),
            )
    except IntegrityError:
        return False
    return True


def _body(items) -> str:
    lines = [_("These deadlines and report dates are coming up:"), ""]
    for item in items:
        lines.append(f"{item.due_on.isoformat()}  {item.kind_label}: {item.title} – {item.detail}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "E-mail coordinators about funding deadlines and report dates in the coming days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=deadlines.WINDOW_DAYS,
            help="How many days ahead to look (default %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(self, *args, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        recipients = coordinator_addresses()
        if not recipients:
            raise CommandError(
                "No coordinator has an e-mail address; nothing was sent or recorded."
            )
        items = deadlines.coming(timezone.localdate(), days)
        already = set(SentReminder.objects.values_list("kind", "object_id", "due_on"))
        new = [i for i in items if (i.kind, i.object_id, i.due_on) not in already]
        if dry_run:
            for item in new:
                self.stdout.write(f"{item.due_on} {item.kind} {item.title}")
            return
        sent = self._send(new, recipients)
        self.stdout.write(f"{len(sent)} reminders sent, {len(items) - len(sent)} already sent.")

    @transaction.atomic
    def _send(self, items, recipients):
        """Claim the items, then send one e-mail; a failed send rolls the claims back."""
        claimed = [item for item in items if _claim(item, recipients)]
        if claimed:
            with override(settings.LANGUAGE_CODE):
                subject = _("Funding deadlines: %(count)s coming up") % {"count": len(claimed)}
                send_mail(subject, _body(claimed), None, recipients)
        return claimed
