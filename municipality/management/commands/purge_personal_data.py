"""`manage.py purge_personal_data`: disposal of personal data past its retention period."""

import argparse
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from followup import jobs
from municipality import retention
from projects import search


class Command(BaseCommand):
    help = (
        "Remove personal data kept longer than PERSONAL_DATA_RETENTION_MONTHS: staff and "
        "partner participants of old visits, contacts abroad past their removal date, and the "
        "e-mail and phone of people no longer involved. Public records stay. Prints counts "
        "only. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; change nothing."
        )
        parser.add_argument(
            "--today", type=_iso_date, help="Act as on this day (YYYY-MM-DD); default today."
        )

    def handle(self, *args, dry_run=False, today=None, **options):
        months = settings.PERSONAL_DATA_RETENTION_MONTHS
        counts = retention.purge_personal_data(
            today=today or timezone.localdate(), months=months, dry_run=dry_run
        )
        for line in counts.lines():
            self.stdout.write(line)
        if not dry_run:
            # Spreadsheets uploaded for an import and never confirmed (#15).
            files = jobs.discard_abandoned_imports(timezone.now())
            self.stdout.write(f"Unconfirmed import files deleted: {files}")
            # The search's words that no published text holds any more: a name taken out of
            # a project's text is not kept in the words a misspelling is corrected to (#15).
            words = search.forget_unused_words()
            self.stdout.write(f"Search words no published text holds deleted: {words}")
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        elif counts.changed:
            self.stdout.write(
                self.style.SUCCESS(f"Personal data older than {months} months removed.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Nothing changed: nothing was due for removal."))


def _iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"a date as YYYY-MM-DD, not {text!r}") from exc
