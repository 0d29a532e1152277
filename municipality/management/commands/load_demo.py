"""`manage.py load_demo [--file F]`: example accounts and work for the quick start, from
data/demo.toml by default (see municipality.demo)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipality import demo, loading


class Command(BaseCommand):
    help = (
        "Load example accounts (password 'demo'), projects, a network meeting, an application "
        "and a visit from a data file. Only where DEMO_DATA_ALLOWED is on, after "
        "load_municipality. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=demo.DEFAULT_FILE,
            help=f"The demo data file to load (default: {demo.DEFAULT_FILE}).",
        )

    def handle(self, *args, file: Path, **options):
        try:
            tally = demo.load_demo(file)
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        except loading.LoadError as exc:
            raise CommandError(f"{file}: {exc} Nothing was changed.") from exc
        for line in tally.lines():
            self.stdout.write(line)
        if tally.changed:
            accounts = ", ".join(demo.usernames(file))
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded. Accounts {accounts}, password '{demo.PASSWORD}'."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Nothing changed: the demo data was loaded."))
