"""Write every project's search document again (#14): after writes in bulk that send no
signals (the bench's data, a raw SQL repair), or to be sure."""

from django.core.management.base import BaseCommand
from django.db import transaction

from projects import search


class Command(BaseCommand):
    help = "Write the public search's document of every project again."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = search.rebuild()
        self.stdout.write(f"{count} search documents written.")
