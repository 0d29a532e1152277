"""The stored public mark of every decision (#15), written once from the rule as it stands at
this migration (``projects.decision_publicity.rule`` is the rule the running code keeps;
this copy is frozen with the historical models, as a migration must be). Afterwards the
signals keep it, and ``manage.py rebuild_decision_marks`` reports any difference."""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone


def mark_public_decisions(apps, schema_editor):
    db = schema_editor.connection.alias
    Decision = apps.get_model("governance", "Decision")
    DecisionPublicity = apps.get_model("governance", "DecisionPublicity")
    Relationship = apps.get_model("partners", "Relationship")
    StatusChange = apps.get_model("partners", "StatusChange")
    Agreement = apps.get_model("partners", "Agreement")
    Application = apps.get_model("projects", "Application")
    Strategy = apps.get_model("network", "Strategy")
    Revision = apps.get_model("network", "Revision")

    relationships = Relationship.objects.using(db).filter(published=True, place__published=True)
    public = Decision.objects.using(db).filter(
        Exists(relationships.filter(established_by=OuterRef("pk")))
        | Exists(relationships.filter(ended_by=OuterRef("pk")))
        | Exists(
            StatusChange.objects.using(db).filter(
                decision=OuterRef("pk"), relationship__in=relationships
            )
        )
        | Exists(
            Agreement.objects.using(db).filter(
                decision=OuterRef("pk"), relationship__in=relationships
            )
        )
        | Exists(
            Application.objects.using(db).filter(
                decision=OuterRef("pk"), project__published=True
            )
        )
        | Exists(Strategy.objects.using(db).filter(adopted_by=OuterRef("pk")))
        | Exists(Revision.objects.using(db).filter(decision=OuterRef("pk")))
    )
    now = timezone.now()
    DecisionPublicity.objects.using(db).bulk_create(
        (DecisionPublicity(decision_id=pk, public_since=now) for pk in public.values_list("pk", flat=True).iterator()),
        batch_size=1000,
        ignore_conflicts=True,
    )


def unmark(apps, schema_editor):
    apps.get_model("governance", "DecisionPublicity").objects.using(
        schema_editor.connection.alias
    ).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0007_decision_publicity"),
        ("network", "0003_bounded_free_text"),
        ("partners", "0007_place_pictures"),
        ("projects", "0021_searchentry"),
    ]

    operations = [migrations.RunPython(mark_public_decisions, unmark)]
