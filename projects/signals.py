"""Keeping each project's search document in step with what it is made of (#14).

A project's own save, a change of its places or objectives, and a save of a place (its name,
country, publication) or an objective rewrite the documents concerned through
``projects.search.refresh``, on every path: admin, staff pages, imports, commands, shell.
Writes in bulk that send no signals (``bulk_create``, ``update``) are followed by
``manage.py rebuild_search``; ``migrate`` writes any document that is missing. A project's
delete takes its published words off the words a misspelt search is corrected against.

The same saves and deletes, and those of the other records a decision's publicity depends
on, refresh the stored public mark of the decisions concerned (#15,
``projects.decision_publicity``), in the change's transaction; ``manage.py
rebuild_decision_marks`` follows writes in bulk.

A project's own save, an application's save or delete and a decision's save refresh the
stored mark of work lacking its decision (#15, ``projects.missing_decisions``) of the
projects concerned, in the change's transaction; the same command follows writes in bulk.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from governance.models import Decision
from governance.records import is_restoring
from partners.models import Place, Relationship
from projects import decision_publicity, missing_decisions, search
from projects.models import Application, Project
from strategy.models import Objective

_LINK_ACTIONS = {"post_add", "post_remove", "post_clear"}


@receiver(pre_save, sender=Project)
@receiver(pre_save, sender=Decision)
def new_row_about_to_save(sender, instance, raw=False, **kwargs):
    """Whether the save makes a new row whose key the database chooses (``_new_row``)."""
    instance._new_row = not raw and instance.pk is None


def _named_by_nothing(instance, created) -> bool:
    """A project or decision whose row the save just made, with a key the database chose: no
    row can name it yet (its places, objectives, marks and the links that decide them are
    foreign keys to it), so there is nothing of them to read (#15). A key given by the caller
    (a row written in bulk before it, a repair) is asked as any save."""
    return bool(created) and getattr(instance, "_new_row", False)


@receiver(post_save, sender=Project)
def project_saved(sender, instance, raw=False, using="default", created=False, **kwargs):
    if raw:
        return
    if _named_by_nothing(instance, created):
        # Its row just made: nothing links to it yet, its document is its own fields' (#15).
        search.write_new(instance, using)
    else:
        search.refresh([instance.pk], using)


@receiver(pre_delete, sender=Project)
def project_about_to_go(sender, instance, using="default", **kwargs):
    """Its document and entry go with it: its published words are no longer counted."""
    search.forget([instance.pk], using)


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


# --- the public mark of decisions (#15) ---------------------------------------------------


def _linked(instance) -> set:
    """The decisions ``instance`` names in its own foreign keys (as it stands)."""
    names = decision_publicity.DECISION_LINKS[type(instance)]
    return {getattr(instance, instance._meta.get_field(name).attname) for name in names}


def _link_saving(sender, instance, raw=False, using="default", **kwargs):
    """Before a save: the decisions the record named as stored, refreshed after it too."""
    if raw or instance.pk is None:
        return
    names = decision_publicity.DECISION_LINKS[sender]
    columns = [sender._meta.get_field(name).attname for name in names]
    stored = sender._base_manager.using(using).filter(pk=instance.pk).values(*columns).first()
    instance._decisions_before = set(stored.values()) if stored else set()


def _link_changed(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        return
    ids = _linked(instance) | getattr(instance, "_decisions_before", set())
    if sender is Relationship and kwargs.get("signal") is post_save:
        ids |= decision_publicity.decisions_of_relationships([instance.pk], using)
    decision_publicity.refresh_public_marks(ids, using)


for _model in decision_publicity.DECISION_LINKS:
    pre_save.connect(_link_saving, sender=_model, dispatch_uid=f"publicity_pre_{_model.__name__}")
    post_save.connect(_link_changed, sender=_model, dispatch_uid=f"publicity_{_model.__name__}")
    post_delete.connect(
        _link_changed, sender=_model, dispatch_uid=f"publicity_gone_{_model.__name__}"
    )


@receiver(post_save, sender=Place)
def place_publicity_changed(sender, instance, raw=False, using="default", **kwargs):
    """A place's publication decides its relationships' (``Relationship.published``)."""
    if not raw:
        relationships = instance.relationships.using(using).values_list("pk", flat=True)
        decision_publicity.refresh_public_marks(
            decision_publicity.decisions_of_relationships(relationships, using), using
        )


@receiver(post_save, sender=Project)
def project_publicity_changed(sender, instance, raw=False, using="default", **kwargs):
    """A project's publication decides its applications' decisions'."""
    if not raw:
        decision_publicity.refresh_public_marks(
            decision_publicity.decisions_of_projects([instance.pk], using), using
        )


@receiver(post_save, sender=Decision)
def decision_recorded(sender, instance, raw=False, using="default", created=False, **kwargs):
    """A decision corrected (or its record changed): its own mark; a new one has none
    (``_named_by_nothing``: three queries not asked)."""
    if not raw and not _named_by_nothing(instance, created):
        decision_publicity.refresh_public_marks([instance.pk], using)


# --- the mark of approved work lacking its decision (#15) ------------------------------------


@receiver(post_save, sender=Project)
def project_decision_mark(sender, instance, raw=False, using="default", **kwargs):
    """Its status, kind, cost, "needs a decision" or responsible body may have changed."""
    if not raw:
        missing_decisions.refresh([instance.pk], using)


@receiver(pre_save, sender=Application)
def application_project_before(sender, instance, raw=False, using="default", **kwargs):
    """Before a save: the project the application belonged to as stored, refreshed too."""
    if raw or instance.pk is None:
        return
    stored = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .values_list("project_id", flat=True)
        .first()
    )
    instance._project_before = stored


@receiver(post_save, sender=Application)
@receiver(post_delete, sender=Application)
def application_decision_mark(sender, instance, raw=False, using="default", **kwargs):
    """Its decision recorded, its project changed, it withdrawn or deleted."""
    if not raw:
        projects = {instance.project_id, getattr(instance, "_project_before", None)}
        missing_decisions.refresh(projects, using)


@receiver(post_save, sender=Decision)
def decision_mark_of_projects(
    sender, instance, raw=False, using="default", created=False, **kwargs
):
    """A decision saved (corrected, changed): the projects whose applications carry it."""
    if not raw and not _named_by_nothing(instance, created):
        missing_decisions.refresh(
            missing_decisions.projects_of_decisions([instance.pk], using), using
        )


def write_missing_documents(sender, using="default", **kwargs):
    """After ``migrate``: a document for every project without one (an upgrade, #14)."""
    if sender.name == "projects":
        search.write_missing()
