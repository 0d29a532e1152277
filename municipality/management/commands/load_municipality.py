"""`manage.py load_municipality [--file F] [--dry-run]`: load a municipality's data (see
municipality.loading). Vimmerby's file, data/vimmerby.toml, is the default; any municipality
loads its own file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipality import loading


class Command(BaseCommand):
    help = (
        "Load a municipality's bodies, places, relationships, strategy, funders and role groups "
        "from a TOML file (Vimmerby's by default). Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=loading.DEFAULT_FILE,
            help=f"The data file to load (default: {loading.DEFAULT_FILE}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, then roll everything back.",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            tally = loading.load_file(file, dry_run=dry_run)
        except loading.LoadError as exc:
            raise CommandError(f"{file}: {exc} Nothing was changed.") from exc
        for line in tally.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: everything was rolled back.")
        elif not tally.changed:
            self.stdout.write(self.style.SUCCESS("Nothing changed: the data was already loaded."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded {file}."))
