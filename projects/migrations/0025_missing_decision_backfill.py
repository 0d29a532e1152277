"""The stored mark of approved work lacking its political decision (#15), written once from
the rule as it stands at this migration (``projects.missing_decisions.rule`` is the rule the
running code keeps; this copy is frozen with the historical models, as a migration must be).
Afterwards the signals keep it, and ``manage.py rebuild_decision_marks`` reports any
difference."""

from decimal import Decimal

from django.conf import settings
from django.db import migrations
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

APPROVED_STATUSES = ("approved", "ongoing", "completed")
EXCHANGE_KINDS = ("school_exchange", "youth_exchange")


def mark_missing_decisions(apps, schema_editor):
    db = schema_editor.connection.alias
    Project = apps.get_model("projects", "Project")
    Application = apps.get_model("projects", "Application")
    MissingDecision = apps.get_model("projects", "MissingDecision")

    threshold = Decimal(settings.SCHOOL_EXCHANGE_DECISION_THRESHOLD)
    requires = (
        Q(kind__in=EXCHANGE_KINDS) & (Q(needs_decision=True) | Q(own_cost__gt=threshold))
    ) | (~Q(kind__in=EXCHANGE_KINDS) & (Q(kind="partnership") | Q(needs_decision=True)))
    approving = Application.objects.using(db).filter(
        project=OuterRef("pk"),
        decision__outcome="approved",
        decision__body=OuterRef("responsible_body"),
    )
    lacking = (
        Project.objects.using(db)
        .filter(status__in=APPROVED_STATUSES)
        .filter(requires)
        .exclude(Exists(approving))
    )
    now = timezone.now()
    MissingDecision.objects.using(db).bulk_create(
        (
            MissingDecision(project_id=pk, since=now)
            for pk in lacking.order_by().values_list("pk", flat=True).iterator()
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )


def unmark(apps, schema_editor):
    apps.get_model("projects", "MissingDecision").objects.using(
        schema_editor.connection.alias
    ).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0007_decision_publicity"),
        ("projects", "0024_missing_decision_mark"),
    ]

    operations = [migrations.RunPython(mark_missing_decisions, unmark)]
