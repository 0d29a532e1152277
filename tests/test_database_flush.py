"""The flush after a transactional test (tests/database.py, #15): the next test finds every
table empty but the content types and permissions, and those exactly as Django's flush and
``post_migrate`` leave them, whatever the test before did to them."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TransactionTestCase

from projects.models import Project
from tests import database, factories

KEPT = {ContentType._meta.db_table, Permission._meta.db_table}


def _tables_with_rows():
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        found = []
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if cursor.fetchone()[0]:
                found.append(table)
    return set(found)


def _rows_of_a_test():
    group = Group.objects.create(name="Samordnare")
    group.permissions.add(Permission.objects.get(codename="change_project"))
    factories.UserFactory().groups.add(group)
    factories.ProjectFactory()


def _as_post_migrate_writes_them():
    """Every model's content type and its four default permissions, nothing else."""
    for model in apps.get_models():
        name = model._meta.model_name
        content_type = ContentType.objects.get(app_label=model._meta.app_label, model=name)
        codenames = set(content_type.permission_set.values_list("codename", flat=True))
        assert {f"{action}_{name}" for action in model._meta.default_permissions} <= codenames
    assert not Permission.objects.filter(codename="made_by_a_test").exists()


@pytest.mark.django_db(transaction=True)
def test_the_flush_empties_every_table_and_gives_back_the_permissions():
    ContentType.objects.clear_cache()
    # A test that changes the permissions: they are written again, as by Django's flush.
    _rows_of_a_test()
    Permission.objects.filter(codename="view_project").delete()
    Permission.objects.create(
        codename="made_by_a_test", name="Made by a test", content_type=ContentType.objects.first()
    )
    assert _tables_with_rows() - KEPT
    database.flush("default")
    ContentType.objects.clear_cache()
    assert _tables_with_rows() == KEPT
    _as_post_migrate_writes_them()
    assert Permission.objects.filter(codename="view_project").exists()

    # A test that leaves them alone: they stay, the very rows (their ids), everything else goes.
    written = sorted(Permission.objects.values_list("pk", "codename"))
    _rows_of_a_test()
    assert Project.objects.exists()
    assert database.flush("default") is True
    assert _tables_with_rows() == KEPT
    assert sorted(Permission.objects.values_list("pk", "codename")) == written
    _as_post_migrate_writes_them()


def test_transactional_tests_end_with_that_flush():
    assert TransactionTestCase._fixture_teardown.__module__ == database.__name__
