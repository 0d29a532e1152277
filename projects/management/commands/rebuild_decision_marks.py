"""Make the stored marks of decisions agree with their rules again (#15), and say where they
did not: every decision's public mark (``projects.decision_publicity``) and every project's
mark of lacking its political decision (``projects.missing_decisions``). After writes in
bulk that send no signals (the bench's data, a raw SQL repair), after a change of
``SCHOOL_EXCHANGE_DECISION_THRESHOLD``, or to check (``--dry-run`` writes nothing;
``--check`` also exits with status 1 on a difference, for a monitoring job)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from projects import decision_publicity, missing_decisions


class Command(BaseCommand):
    help = (
        "Compare every decision's public mark with the rule (decisions behind published "
        "work) and every project's mark of lacking its political decision with its rule, "
        "write them again where they differ, and list the differences."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; write nothing.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Report only, and fail (exit status 1) if any mark differs from the rule.",
        )

    def handle(self, *args, dry_run=False, check=False, **options):
        report_only = dry_run or check
        with transaction.atomic():
            wrong = decision_publicity.rebuild(dry_run=report_only)
            lacking = missing_decisions.rebuild(dry_run=report_only)
        verb = "would be" if report_only else "were"
        for noun, label, ids in (
            ("decisions", "marked public", wrong.marked),
            ("decisions", "unmarked", wrong.unmarked),
            ("projects", "marked as lacking their decision", lacking.marked),
            ("projects", "unmarked as lacking their decision", lacking.unmarked),
        ):
            if ids:
                listed = ", ".join(str(pk) for pk in sorted(ids)[:20])
                more = f" and {len(ids) - 20} more" if len(ids) > 20 else ""
                self.stdout.write(f"{len(ids)} {noun} {verb} {label}: {listed}{more}.")
        if not wrong:
            self.stdout.write("Every decision's public mark agrees with the rule.")
        if not lacking:
            self.stdout.write("Every project's mark of a missing decision agrees with the rule.")
        if check and (wrong or lacking):
            raise CommandError("The stored marks differ from their rules.")
