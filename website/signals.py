"""Cache invalidation: a change to any domain record makes the public fragments stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from website.caching import bump_content_version

# The apps whose records the public pages show.
DOMAIN_APPS = frozenset({"governance", "partners", "network", "projects"})


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, **kwargs):
    """Bump the content version when a domain record, or one of its links, changes."""
    if sender._meta.app_label in DOMAIN_APPS:
        bump_content_version()
