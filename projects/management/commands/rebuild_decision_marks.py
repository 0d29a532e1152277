"""Make every decision's stored public mark agree with the rule again (#15), and say where it
did not: after writes in bulk that send no signals (the bench's data, a raw SQL repair), or
to check (``--dry-run`` writes nothing; ``--check`` also exits with status 1 on a
difference, for a monitoring job)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from projects import decision_publicity


class Command(BaseCommand):
    help = (
        "Compare every decision's public mark with the rule (decisions behind published "
        "work), write it again where it differs, and list the differences."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Report only, and fail (exit status 1) if any mark differs from the rule.",
        )

    def handle(self, *args, dry_run=False, check=False, **options):
        with transaction.atomic():
            wrong = decision_publicity.rebuild(dry_run=dry_run or check)
        verb = "would be" if dry_run or check else "were"
        for label, ids in (("marked public", wrong.marked), ("unmarked", wrong.unmarked)):
            if ids:
                listed = ", ".join(str(pk) for pk in sorted(ids)[:20])
                more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
                self.stdout.write(f"{len(ids)} decisions {verb} {label}: {listed}{more}.")
        if not wrong:
            self.stdout.write("Every decision's public mark agrees with the rule.")
        elif check:
            raise CommandError("The public marks of decisions differ from the rule.")
