"""Each agreement's document becomes the first versions of its document history (#11).

An agreement's edit history (simple-history) names every file it has had; each file becomes a
version, in force from the day it was uploaded. A document that no history row names (loaded
before history was kept) becomes a version from the day of this migration.
"""

from django.db import migrations
from django.utils import timezone


def first_versions(apps, schema_editor):
    Agreement = apps.get_model("partners", "Agreement")
    HistoricalAgreement = apps.get_model("partners", "HistoricalAgreement")
    AgreementDocument = apps.get_model("partners", "AgreementDocument")
    now = timezone.now()
    for agreement in Agreement.objects.exclude(document="").order_by("pk"):
        history = HistoricalAgreement.objects.filter(id=agreement.pk).order_by("history_date")
        seen = None
        for row in history.values("document", "history_date", "history_user_id"):
            if row["document"] and row["document"] != seen:
                AgreementDocument.objects.create(
                    agreement=agreement,
                    file=row["document"],
                    uploaded_at=row["history_date"],
                    uploaded_by_id=row["history_user_id"],
                    note="",
                )
                seen = row["document"]
        if seen != agreement.document.name:
            AgreementDocument.objects.create(
                agreement=agreement, file=agreement.document.name, uploaded_at=now, note=""
            )


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_agreement_document_versions"),
    ]

    operations = [
        migrations.RunPython(first_versions, migrations.RunPython.noop),
    ]
