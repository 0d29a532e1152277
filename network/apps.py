from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """How we coordinate: the strategy, its objectives and revisions, and the networks."""

    name = "network"
    verbose_name = _("Strategy and network")
