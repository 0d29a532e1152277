"""An agreement's document is versioned (#11, S4): every uploaded file is kept, the current one
is the latest, clearing is refused, and the history shows which file was in force when."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from governance.records import PublicRecordDeleteError
from partners.models import Agreement, AgreementDocument
from tests import factories
from tests.migrating import migrate

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PDF_2 = PDF + b"% andra versionen\n"
FIRST_DAY = datetime.datetime(2019, 5, 2, 10, 0, tzinfo=STOCKHOLM)
SECOND_DAY = datetime.datetime(2024, 3, 4, 10, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name, content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def agreement(db, media):
    place = factories.PlaceFactory(published=True, slug="joniskis", name="Joniškis")
    relationship = factories.RelationshipFactory(place=place, published=True)
    agreement = factories.AgreementFactory.build(relationship=relationship, title="Vänortsavtal")
    agreement.document = upload("avtal-2019.pdf")
    with time_machine.travel(FIRST_DAY, tick=False):
        agreement.save()
    return agreement


@pytest.fixture
def replaced(agreement):
    agreement.document = upload("avtal-2024.pdf", PDF_2)
    with time_machine.travel(SECOND_DAY, tick=False):
        agreement.save()
    return agreement


def test_each_uploaded_document_is_kept_as_a_version(replaced):
    versions = list(replaced.document_versions.all())
    assert [v.file.name.rsplit("/", 1)[-1] for v in versions] == [
        "avtal-2019.pdf",
        "avtal-2024.pdf",
    ]
    assert [v.in_force_from for v in versions] == [datetime.date(2019, 5, 2), SECOND_DAY.date()]
    assert replaced.document.name == versions[-1].file.name
    assert versions[0].file.open("rb").read() == PDF  # the earlier file is still there
    assert [(v.pk, end) for v, end in replaced.document_periods] == [
        (versions[0].pk, SECOND_DAY.date()),
        (versions[1].pk, None),
    ]


def test_saving_without_a_new_file_adds_no_version(agreement):
    agreement.theme = "Skola"
    agreement.save()
    assert agreement.document_versions.count() == 1


def test_clearing_the_document_is_refused_and_nothing_changes(agreement):
    agreement.document = ""
    with pytest.raises(ValidationError) as refusal:
        agreement.save()
    assert "Ett avtals dokument tas inte bort" in str(refusal.value)
    stored = Agreement.objects.get(pk=agreement.pk)
    assert stored.document.name.endswith("avtal-2019.pdf")
    assert AgreementDocument.objects.count() == 1


def test_a_version_is_never_deleted_nor_its_file_replaced(replaced):
    version = replaced.document_versions.first()
    with pytest.raises(PublicRecordDeleteError):
        version.delete()
    with pytest.raises(PublicRecordDeleteError):
        AgreementDocument.objects.all().delete()
    version.file = "agreements/annat.pdf"
    with pytest.raises(ValidationError, match="sparas som den laddades upp"):
        version.save()
    assert AgreementDocument.objects.count() == 2
    assert AgreementDocument.objects.get(pk=version.pk).file.name.endswith("avtal-2019.pdf")


# --- the admin --------------------------------------------------------------------------------


def agreement_form(agreement, **extra):
    return {
        "relationship": agreement.relationship.pk,
        "title_sv": agreement.title,
        "signed_on": "2007-03-01",
        "signed_precision": "day",
        **extra,
    }


def test_the_admin_change_page_lists_the_versions_with_their_dates(client, coordinator, replaced):
    client.force_login(coordinator)
    response = client.get(reverse("admin:partners_agreement_change", args=[replaced.pk]))
    content = response.content.decode()
    assert 'id="document-versions"' in content or "id='document-versions'" in content
    assert "avtal-2019.pdf" in content and "avtal-2024.pdf" in content
    assert "2019-05-02" in content and SECOND_DAY.date().isoformat() in content
    first = replaced.document_versions.first()
    download = client.get(
        reverse("admin:partners_agreementdocument_download", args=[replaced.pk, first.pk])
    )
    assert b"".join(download.streaming_content) == PDF
    other = factories.AgreementFactory(relationship=replaced.relationship)
    wrong = reverse("admin:partners_agreementdocument_download", args=[other.pk, first.pk])
    assert client.get(wrong).status_code == 404


def test_the_admin_refuses_to_clear_the_document(client, coordinator, agreement):
    client.force_login(coordinator)
    url = reverse("admin:partners_agreement_change", args=[agreement.pk])

    response = client.post(url, agreement_form(agreement, **{"document-clear": "on"}))

    assert response.status_code == 200
    assert "Ett avtals dokument tas inte bort" in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).document.name.endswith("avtal-2019.pdf")
    assert AgreementDocument.objects.count() == 1


def test_the_admin_upload_of_a_new_document_adds_a_version(client, coordinator, agreement):
    client.force_login(coordinator)
    url = reverse("admin:partners_agreement_change", args=[agreement.pk])

    response = client.post(url, agreement_form(agreement, document=upload("ny.pdf", PDF_2)))

    assert response.status_code == 302
    versions = list(agreement.document_versions.all())
    assert len(versions) == 2
    assert versions[-1].uploaded_by == coordinator


def test_the_admin_has_no_page_to_change_or_delete_a_version(client, coordinator, agreement):
    """Versions are made by uploading on the agreement; the admin only lists them."""
    from django.contrib import admin

    assert AgreementDocument not in admin.site._registry
    client.force_login(coordinator)
    version = agreement.document_versions.get()
    response = client.get(
        reverse("admin:partners_agreement_change", args=[agreement.pk]) + "versions/"
    )
    assert response.status_code in (302, 404)
    assert AgreementDocument.objects.filter(pk=version.pk).exists()


# --- the public site --------------------------------------------------------------------------


def test_the_public_link_serves_the_current_version_and_each_version_its_own(client, replaced):
    first, second = replaced.document_versions.all()
    current = client.get(reverse("website:agreement-document", args=[replaced.pk]))
    earlier = client.get(first.get_public_url())
    assert b"".join(current.streaming_content) == PDF_2
    assert b"".join(earlier.streaming_content) == PDF
    assert client.get(second.get_public_url()).status_code == 200
    other = factories.AgreementFactory(relationship=replaced.relationship)
    wrong_pair = reverse("website:agreement-document-version", args=[other.pk, first.pk])
    assert client.get(wrong_pair).status_code == 404


def test_the_place_page_lists_earlier_versions_with_their_dates(client, replaced):
    first = replaced.document_versions.first()
    with translation.override("en"):
        url = reverse("website:place-detail", args=["joniskis"])
    response = client.get(url)
    content = response.content.decode()
    assert "Earlier versions of the document" in content
    assert f"In force 2019-05-02 until {SECOND_DAY.date().isoformat()}" in content
    assert first.get_public_url() in content


def test_an_internal_document_and_its_versions_stay_off_the_public_site(client, replaced):
    Agreement._base_manager.filter(pk=replaced.pk).update(document_is_internal=True)
    first = replaced.document_versions.first()
    assert client.get(first.get_public_url()).status_code == 404
    assert client.get(reverse("website:agreement-document", args=[replaced.pk])).status_code == 404
    page = client.get(reverse("website:place-detail", args=["joniskis"]))
    assert first.get_public_url() not in page.content.decode()
    assert "Tidigare versioner av dokumentet" not in page.content.decode()


# --- the migration of existing documents ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_newest_afterwards")
def test_existing_documents_and_their_history_become_versions(media):
    old = migrate([("partners", "0002_validate_document_content")])
    Place = old.get_model("partners", "Place")
    Relationship = old.get_model("partners", "Relationship")
    OldAgreement = old.get_model("partners", "Agreement")
    History = old.get_model("partners", "HistoricalAgreement")
    place = Place.objects.create(name="Joniškis", slug="joniskis", country="LT", kind="town")
    relationship = Relationship.objects.create(
        place=place, kind="twin_town", status="active", start_precision="unknown"
    )
    agreement = OldAgreement.objects.create(
        relationship=relationship,
        title="Avtal",
        title_sv="Avtal",
        signed_on=datetime.date(2007, 3, 1),
        document="agreements/2024/ny.pdf",
    )
    for day, name in [(FIRST_DAY, "agreements/2019/gammal.pdf"), (SECOND_DAY, "")]:
        History.objects.create(
            id=agreement.pk,
            relationship_id=relationship.pk,
            title="Avtal",
            signed_on=datetime.date(2007, 3, 1),
            signed_precision="day",
            document=name,
            document_is_internal=False,
            history_date=day,
            history_type="~",
        )

    new = migrate([("partners", "0004_agreement_documents_first_versions")])
    Version = new.get_model("partners", "AgreementDocument")

    versions = list(Version.objects.filter(agreement_id=agreement.pk).order_by("uploaded_at"))
    assert [v.file.name for v in versions] == [
        "agreements/2019/gammal.pdf",
        "agreements/2024/ny.pdf",
    ]
    assert versions[0].uploaded_at == FIRST_DAY
