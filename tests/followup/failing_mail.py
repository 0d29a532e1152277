"""A mail backend that cannot reach its server, for the reminder tests."""

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("The mail server cannot be reached.")
