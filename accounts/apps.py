from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in: the sign-in pages, the second factor, session timeouts, the lockout's client
    address and the role groups. It knows governance (the groups' names) and nothing above."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import start_session_clocks

        user_logged_in.connect(start_session_clocks, dispatch_uid="accounts.session_clocks")
