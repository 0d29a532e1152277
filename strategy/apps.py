from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    """The strategy the municipality follows: its objectives and revisions (S16, S22).

    The database label stays "network", the app's earlier name, so that no table moves.
    """

    name = "strategy"
    label = "network"
    verbose_name = _("Strategy and network")
