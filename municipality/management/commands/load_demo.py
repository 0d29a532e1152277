"""`manage.py load_demo`: example accounts and work for the quick start (see municipality.demo)."""

from django.core.management.base import BaseCommand, CommandError

from municipality import demo


class Command(BaseCommand):
    help = (
        "Load example accounts (password 'demo'), projects, a network meeting, an application "
        "and a visit. Only where DEMO_DATA_ALLOWED is on, after load_vimmerby. Idempotent."
    )

    def handle(self, *args, **options):
        try:
            tally = demo.load_demo()
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        for line in tally.lines():
            self.stdout.write(line)
        if tally.changed:
            accounts = ", ".join(a.username for a in demo.ACCOUNTS)
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded. Accounts {accounts}, password 'demo'.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Nothing changed: the demo data was loaded."))
