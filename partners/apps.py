from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Whom we work with: places abroad, relationships, agreements, contacts and visits."""

    name = "partners"
    verbose_name = _("Partners")
