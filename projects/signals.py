"""Keeping each project's search document in step with what it is made of (#14).

A project's own save, a change of its places or objectives, and a save of a place (its name,
country, publication) or an objective rewrite the documents concerned through
``projects.search.refresh``, on every path: admin, staff pages, imports, commands, shell.
Writes in bulk that send no signals (``bulk_create``, ``update``) are followed by
``manage.py rebuild_search``; ``migrate`` writes any document that is missing.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from governance.records import is_restoring
from partners.models import Place
from projects import search
from projects.models import Project
from strategy.models import Objective

_LINK_ACTIONS = {"post_add", "post_remove", "post_clear"}


@receiver(post_save, sender=Project)
def project_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh([instance.pk])


@receiver(m2m_changed, sender=Project.places.through)
@receiver(m2m_changed, sender=Project.objectives.through)
def project_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in _LINK_ACTIONS or is_restoring():  # restore rebuilds them all at the end
        return
    if not reverse:
        search.refresh([instance.pk])
    elif pk_set:
        search.refresh(pk_set)
    else:
        # A place's or an objective's links cleared: the projects are no longer known here;
        # pre_clear stored them.
        search.refresh(getattr(instance, "_search_projects", ()))


@receiver(m2m_changed, sender=Project.places.through)
@receiver(m2m_changed, sender=Project.objectives.through)
def links_about_to_clear(sender, instance, action, reverse, **kwargs):
    if action == "pre_clear" and reverse and not is_restoring():
        instance._search_projects = list(instance.projects.values_list("pk", flat=True))


@receiver(post_save, sender=Place)
@receiver(post_save, sender=Objective)
def part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.refresh(instance.projects.values_list("pk", flat=True))


@receiver(pre_delete, sender=Place)
@receiver(pre_delete, sender=Objective)
def part_about_to_go(sender, instance, **kwargs):
    instance._search_projects = list(instance.projects.values_list("pk", flat=True))


@receiver(post_delete, sender=Place)
@receiver(post_delete, sender=Objective)
def part_deleted(sender, instance, **kwargs):
    search.refresh(getattr(instance, "_search_projects", ()))


def write_missing_documents(sender, using="default", **kwargs):
    """After ``migrate``: a document for every project without one (an upgrade, #14)."""
    if sender.name == "projects":
        search.write_missing()
