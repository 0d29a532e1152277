from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Who decides: bodies, people, memberships, terms of office, meetings and decisions."""

    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        # Registers the integer ``in`` lookup that leaves out numbers no column holds (#15).
        from governance import lookups  # noqa: F401
