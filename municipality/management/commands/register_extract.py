"""`manage.py register_extract`: everything held about one person, as a JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance.models import Person
from municipality import register_extract


class Command(BaseCommand):
    help = (
        "Write a register extract (registerutdrag, GDPR art. 15) for one person, by id, or for "
        "an e-mail address (people and any other records holding it), as a JSON file."
    )

    def add_arguments(self, parser):
        whom = parser.add_mutually_exclusive_group(required=True)
        whom.add_argument("--person", type=int, help="The person's id.")
        whom.add_argument("--email", help="An e-mail address.")
        parser.add_argument(
            "--output",
            help="Where to write the file; '-' for standard output. Default: "
            "registerutdrag-<person id>-<date>.json in the current directory.",
        )

    def handle(self, *args, person=None, email=None, output=None, **options):
        if person is not None:
            extract = register_extract.register_extract(_person(person))
        elif email.strip():
            extract = register_extract.register_extract_for_email(email)
        else:
            raise CommandError("--email needs an address.")
        content = register_extract.extract_file(extract)
        if output == "-":
            self.stdout.write(content.decode(), ending="")
            return
        path = Path(output or register_extract.extract_filename(person, timezone.localdate()))
        path.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(f"Register extract written to {path} ({len(content)} bytes).")
        )


def _person(pk: int) -> Person:
    try:
        return Person.objects.select_related("user").get(pk=pk)
    except Person.DoesNotExist as exc:
        raise CommandError(f"No person with id {pk}.") from exc
