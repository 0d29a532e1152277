from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """What the municipality sees of itself: the strategy dashboard and the yearly report."""

    name = "followup"
    verbose_name = _("Follow-up")
