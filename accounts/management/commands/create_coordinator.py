"""`manage.py create_coordinator`: the international coordinator's first account.

`createsuperuser` makes an account outside the coordinator group, with no person and so no
e-mail for the funding reminders. This command makes the account the system expects: staff
(the admin lets it in), in the coordinator group (governance.access), with its person and
e-mail address. The password is asked twice at the terminal, or read from standard input
with --password-stdin (for scripts); it is checked against the password rules.
"""

import getpass
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts import roles
from governance.access import COORDINATOR_GROUP
from governance.models import Person


class Command(BaseCommand):
    help = (
        "Create the international coordinator's account: staff, in the coordinator group, with "
        "a person and an e-mail address."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input instead of asking.",
        )

    def handle(self, *args, username, email, first_name, last_name, password_stdin, **options):
        User = get_user_model()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"An account named {username!r} exists already; nothing was changed. Give the "
                "existing account the coordinator role in the admin instead."
            )
        user = User(username=username, email=email, first_name=first_name, last_name=last_name)
        password = self._password(password_stdin)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(
                "The password was refused; nothing was changed: " + " ".join(error.messages)
            ) from None
        with transaction.atomic():
            self._ensure_groups()
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
            person = Person.objects.filter(email__iexact=email, user__isnull=True).first()
            if person is None:
                person = Person(first_name=first_name, last_name=last_name, email=email)
            person.user = user
            person.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the coordinator {username} ({first_name} {last_name}, {email}). "
                "Sign in at /admin/ and set up the second factor."
            )
        )

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("No password on standard input; nothing was changed.")
            return password
        if not sys.stdin.isatty():
            raise CommandError(
                "No terminal to ask the password at: use --password-stdin; nothing was changed."
            )
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was changed.")
        return first

    def _ensure_groups(self):
        if Group.objects.filter(name=COORDINATOR_GROUP).exists():
            return

        class Tally:
            def add(self, *args):
                pass

        roles.ensure_groups(Tally())
