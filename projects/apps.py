from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """What we do: projects and exchanges, funding, applications and steering groups."""

    name = "projects"
    verbose_name = _("Projects and exchanges")

    def ready(self):
        from django.db.models.signals import post_migrate

        from projects import signals  # connects the search documents' upkeep (#14)

        post_migrate.connect(signals.write_missing_documents, sender=self)
