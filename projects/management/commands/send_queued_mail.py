"""Send the e-mail waiting in the outbox (#12): what the mail server could not take when its
step was recorded. Run by the daily timer with the funding reminders; safe to run at any time."""

from django.core.management.base import BaseCommand

from projects.models import OutgoingMail
from projects.notifications import send_queued


class Command(BaseCommand):
    help = "Send the notifications waiting in the outbox; keep what the mail server refuses."

    def handle(self, *args, **options):
        sent = send_queued()
        waiting = OutgoingMail.objects.count()
        self.stdout.write(f"{sent} sent, {waiting} still waiting.")
