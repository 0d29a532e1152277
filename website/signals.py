"""Cache invalidation: a change to any record the public pages show makes them stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from website.caching import content_changed

# The apps whose records the public pages show, by app label (the strategy app's is "network").
DOMAIN_APPS = frozenset({"governance", "partners", "network", "projects"})


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def record_changed(sender, using=None, **kwargs):
    """Raise the content version when a domain record, or one of its links, changes: at once
    and again after the commit (website.caching)."""
    if sender._meta.app_label in DOMAIN_APPS:
        content_changed(using or "default")
