"""The number of projects the database keeps (migration 0027, ``queries.count_of``; #15), and
of published projects (migration 0029).

The admin's unfiltered project list reads the first instead of counting every project, the
API's unfiltered project list the second: each must be the count, after every way of adding,
publishing, withdrawing and removing projects, in a rolled-back transaction too, and a
filtered list must still be counted."""

import importlib

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from projects import missing_decisions, predicates, queries
from projects.models import Project, ProjectKind, ProjectStatus
from tests import factories
from tests.admin_forms import english_admin_url

pytestmark = pytest.mark.django_db


def _kept():
    with connection.cursor() as cursor:
        cursor.execute("SELECT projects FROM projects_project_total")
        return cursor.fetchone()[0]


def _kept_published():
    with connection.cursor() as cursor:
        cursor.execute("SELECT published FROM projects_project_total")
        return cursor.fetchone()[0]


def _published():
    return Project.objects.filter(published=True).count()


def _copies(of, published: list[bool]) -> list[Project]:
    """Unsaved copies of ``of``, "kopia-0" ..., published or not, for ``bulk_create``."""
    return [
        Project(
            title=f"Kopia {n}",
            slug=f"kopia-{n}",
            kind=of.kind,
            responsible_body=of.responsible_body,
            starts_on=of.starts_on,
            published=shown,
        )
        for n, shown in enumerate(published)
    ]


def test_the_kept_number_follows_every_insert_and_delete():
    start = Project.objects.count()
    assert _kept() == start
    first = factories.ProjectFactory()
    second = factories.ProjectFactory()
    assert _kept() == start + 2
    Project.objects.bulk_create(_copies(first, [False, False, False]))
    assert _kept() == start + 5 == Project.objects.count()
    second.delete()
    assert _kept() == start + 4
    Project.objects.filter(slug__startswith="kopia-").delete()
    assert _kept() == start + 1 == Project.objects.count()


def test_a_rolled_back_insert_is_not_counted():
    factories.ProjectFactory()
    before = _kept()
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.ProjectFactory()
        assert _kept() == before + 1
        raise RuntimeError
    assert _kept() == before == Project.objects.count()


def test_count_of_reads_the_kept_number_for_every_project_alone():
    factories.ProjectFactory(kind=ProjectKind.PARTNERSHIP)
    factories.ProjectFactory(kind=ProjectKind.SCHOOL_EXCHANGE)
    every = Project.objects.select_related("responsible_body").order_by("-starts_on")
    with CaptureQueriesContext(connection) as read:
        assert queries.count_of(every) == 2
    assert "projects_project_total" in read.captured_queries[0]["sql"]

    some = [
        every.filter(kind=ProjectKind.SCHOOL_EXCHANGE),
        every.distinct(),
        every.exclude(pk=0),
        every[:1],
        every.none(),
        every.values("kind").annotate(n=Count("pk")),
        Project.objects.order_by().union(Project.objects.order_by(), all=True),
    ]
    for queryset in some:
        with CaptureQueriesContext(connection) as read:
            assert queries.count_of(queryset) == queryset.count()
        assert all("projects_project_total" not in q["sql"] for q in read.captured_queries)


def test_the_admin_list_shows_the_number_filtered_or_not(client, coordinator):
    factories.ProjectFactory(kind=ProjectKind.PARTNERSHIP)
    factories.ProjectFactory(kind=ProjectKind.PARTNERSHIP)
    factories.ProjectFactory(kind=ProjectKind.SCHOOL_EXCHANGE)
    client.force_login(coordinator)
    url = english_admin_url("projects_project_changelist")

    every = client.get(url)
    some = client.get(url, {"kind__exact": ProjectKind.PARTNERSHIP})

    assert every.context["cl"].result_count == 3
    assert some.context["cl"].result_count == 2
    assert "3 projects" in every.content.decode()
    assert "2 projects" in some.content.decode()


def test_the_kept_number_of_published_work_follows_every_way_of_publishing():
    assert _kept_published() == _published()
    draft = factories.ProjectFactory()
    shown = factories.ProjectFactory(published=True)
    assert _kept_published() == _published() == 1
    draft.published = True
    draft.save()
    assert _kept_published() == 2
    draft.title = "Ett nytt namn"  # a save that publishes and withdraws nothing
    draft.save()
    assert _kept_published() == 2
    Project.objects.filter(pk__in=[draft.pk, shown.pk]).update(published=False)
    assert _kept_published() == _published() == 0
    Project.objects.update(published=True)
    assert _kept_published() == _published() == 2
    Project.objects.bulk_create(_copies(draft, [True, False, True]))
    assert _kept_published() == _published() == 4
    shown.delete()
    Project.objects.filter(slug__startswith="kopia-").delete()
    assert _kept_published() == _published() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        draft.published = False
        draft.save()
        assert _kept_published() == 0
        raise RuntimeError
    assert _kept_published() == _published() == 1


def test_count_of_reads_the_kept_number_of_published_work_alone():
    factories.ProjectFactory(published=True, kind=ProjectKind.PARTNERSHIP)
    factories.ProjectFactory(published=True, kind=ProjectKind.SCHOOL_EXCHANGE)
    factories.ProjectFactory()
    published = Project.objects.published().order_by("-starts_on", "slug")
    with CaptureQueriesContext(connection) as read:
        assert queries.count_of(published) == 2
    assert "projects_project_total" in read.captured_queries[0]["sql"]

    some = [
        published.filter(kind=ProjectKind.SCHOOL_EXCHANGE),
        Project.objects.filter(published=False),
        Project.objects.exclude(published=True),
        published[:1],
        published.distinct(),
    ]
    for queryset in some:
        with CaptureQueriesContext(connection) as read:
            assert queries.count_of(queryset) == queryset.count()
        assert all("projects_project_total" not in q["sql"] for q in read.captured_queries)


def test_the_api_gives_the_kept_number_of_published_work(client):
    factories.ProjectFactory(published=True)
    factories.ProjectFactory(published=True)
    factories.ProjectFactory()

    every = client.get("/api/v1/projects/")
    some = client.get("/api/v1/projects/", {"kind": ProjectKind.PARTNERSHIP})

    assert every.json()["count"] == 2
    assert (
        some.json()["count"]
        == Project.objects.published().filter(kind=ProjectKind.PARTNERSHIP).count()
    )


def _kept_unpublished_approved():
    with connection.cursor() as cursor:
        cursor.execute("SELECT unpublished_approved FROM projects_project_total")
        return cursor.fetchone()[0]


def _unpublished_approved():
    return Project.objects.unpublished_approved().count()


def test_migration_0030_counts_the_approved_statuses_of_the_rule():
    """The statuses the triggers count are the rule's (``predicates.APPROVED_STATUSES``): a
    change of the rule needs a migration of the triggers."""
    module = importlib.import_module("projects.migrations.0030_project_total_unpublished_approved")
    assert set(module.APPROVED_STATUSES) == set(predicates.APPROVED_STATUSES)


def test_the_kept_number_of_unpublished_approved_work_follows_every_change():
    """Migration 0030: inserts, saves and updates of the status or of publishing, deletes,
    bulk, and a rolled-back change, the number always the rule's count."""
    assert _kept_unpublished_approved() == _unpublished_approved() == 0
    idea, approved, shown = (factories.ProjectFactory() for _ in range(3))
    Project.objects.filter(pk=idea.pk).update(status=ProjectStatus.IDEA)
    Project.objects.filter(pk=approved.pk).update(status=ProjectStatus.APPROVED)
    Project.objects.filter(pk=shown.pk).update(status=ProjectStatus.ONGOING, published=True)
    assert _kept_unpublished_approved() == _unpublished_approved() == 1
    idea.refresh_from_db()
    idea.status = ProjectStatus.COMPLETED  # approved by a save (the rules' checks aside)
    idea.save_base()
    assert _kept_unpublished_approved() == _unpublished_approved() == 2
    idea.title = "Ett nytt namn"  # a save that changes neither
    idea.save_base()
    assert _kept_unpublished_approved() == 2
    Project.objects.filter(pk=approved.pk).update(published=True)  # published
    assert _kept_unpublished_approved() == _unpublished_approved() == 1
    Project.objects.filter(pk=shown.pk).update(published=False)  # withdrawn
    assert _kept_unpublished_approved() == _unpublished_approved() == 2
    Project.objects.update(status=ProjectStatus.CANCELLED)
    assert _kept_unpublished_approved() == _unpublished_approved() == 0
    Project.objects.update(status=ProjectStatus.ONGOING)
    assert _kept_unpublished_approved() == _unpublished_approved() == 2
    copies = _copies(idea, [True, False, False])
    for copy in copies:
        copy.status = ProjectStatus.APPROVED
    Project.objects.bulk_create(copies)
    assert _kept_unpublished_approved() == _unpublished_approved() == 4
    Project.objects.filter(slug__startswith="kopia-").delete()
    assert _kept_unpublished_approved() == _unpublished_approved() == 2
    idea.delete()
    assert _kept_unpublished_approved() == _unpublished_approved() == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        Project.objects.update(published=True)
        assert _kept_unpublished_approved() == 0
        raise RuntimeError
    assert _kept_unpublished_approved() == _unpublished_approved() == 1
    assert _kept() == Project.objects.count() and _kept_published() == _published()


def test_awaiting_publication_counts_from_the_kept_number():
    for title, status in (
        ("A", ProjectStatus.APPROVED),
        ("B", ProjectStatus.COMPLETED),
        ("C", ProjectStatus.PLANNED),
    ):
        project = factories.ProjectFactory(title=title, kind=ProjectKind.CULTURE)
        Project.objects.filter(pk=project.pk).update(status=status)
    missing_decisions.rebuild()
    with CaptureQueriesContext(connection) as read:
        rows, total = queries.awaiting_publication(limit=1)
    assert [p.title for p in rows] == ["A"]
    assert total == 2 == Project.objects.awaiting_publication().count()
    assert "projects_project_total" in read.captured_queries[0]["sql"]
