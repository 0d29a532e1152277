"""Uploads (#6): kinds judged by content, a size limit, served only as downloads; a document
marked internal is never public."""

import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Agreement
from strategy.models import Strategy
from tests import factories
from tests.accessibility import axe_violations

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot"

NOT_A_DOCUMENT = (
    "Filen är inte ett PDF-, ODT-, DOCX-, PNG- eller JPEG-dokument (dess innehåll säger något "
    "annat)."
)
NOT_A_SPREADSHEET = "Filen är inte ett XLSX- eller CSV-kalkylark (dess innehåll säger något annat)."
SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def assert_not_served(response):
    """Refused as if the file did not exist: no attachment, nothing of the file sent."""
    assert response.status_code == 404
    assert "Content-Disposition" not in response
    assert not response.content.startswith((b"%PDF", b"PK\x03\x04", b"\x89PNG"))


def assert_not_allowed(response):
    """A download answers GET and HEAD only, and says so."""
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) <= {"GET", "HEAD", "OPTIONS"}


def _zip(*entries) -> bytes:
    """A zip archive of (name, content) entries, in this order, the first stored. Each entry
    carries a fixed date, so the bytes are the same in every process: xdist's workers must
    collect the same tests, and a name made from the bytes would differ with the clock."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number, (name, content) in enumerate(entries):
            entry = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_STORED if number == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(entry, content)
    return buffer.getvalue()


ODT = _zip(
    ("mimetype", "application/vnd.oasis.opendocument.text"),
    ("META-INF/manifest.xml", "<manifest/>"),
    ("content.xml", "<office:document-content/>"),
)
DOCX = _zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>"))
ODS = _zip(("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>"))
XLSX = _zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"))

ACCEPTED = [
    ("avtal.pdf", PDF, "application/pdf"),
    ("avtal.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ("avtal.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("skanning.png", PNG, "image/png"),
    ("skanning.jpg", JPEG, "image/jpeg"),
    ("skanning.jpeg", JPEG, "image/jpeg"),
]
ACCEPTED_IDS = [name for name, _content, _type in ACCEPTED]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads land in the test's own directory, never in var/media."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def fresh_cache():
    # Public pages cache their fragments; one test's page must not show in the next.
    cache.clear()
    yield
    cache.clear()


def _stored_files(media):
    return sorted(path.name for path in media.rglob("*") if path.is_file())


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _public_relationship():
    place = factories.PlaceFactory(published=True, slug="joniskis", name="Joniškis")
    return factories.RelationshipFactory(place=place, published=True)


def _agreement(relationship=None, *, name="avtal.pdf", content=PDF, **fields):
    agreement = factories.AgreementFactory.build(
        relationship=relationship or _public_relationship(), **fields
    )
    agreement.document = _upload(name, content)
    agreement.save()
    return agreement


def _agreement_admin(view, *args):
    return reverse(f"admin:partners_agreement_{view}", args=args)


def _agreement_form(agreement_or_relationship, **extra):
    relationship = getattr(agreement_or_relationship, "relationship", agreement_or_relationship)
    return {
        "relationship": relationship.pk,
        "title_sv": "Vänortsavtal",
        "signed_on": "2007-03-01",
        "signed_precision": "day",
        **extra,
    }


# --- what is accepted, through the model ---------------------------------------------------


@pytest.mark.parametrize(("name", "content", "_type"), ACCEPTED, ids=ACCEPTED_IDS)
def test_document_of_each_allowed_kind_is_accepted(db, media, name, content, _type):
    agreement = _agreement(name=name, content=content)

    agreement.refresh_from_db()
    assert agreement.document.name.startswith("agreements/")
    assert _stored_files(media) == [name]


@pytest.mark.parametrize(
    ("name", "content"),
    [("program.pdf", EXECUTABLE), ("sida.pdf", HTML), ("kalkyl.pdf", ODS)],
    ids=["executable", "html", "another zip"],
)
def test_document_whose_content_is_no_allowed_kind_is_refused_by_full_clean(
    db, media, name, content
):
    agreement = factories.AgreementFactory.build(relationship=_public_relationship())
    agreement.document = _upload(name, content)

    with pytest.raises(ValidationError) as error:
        agreement.full_clean()

    assert error.value.message_dict == {"document": [NOT_A_DOCUMENT]}
    assert Agreement.objects.count() == 0
    assert _stored_files(media) == []


def test_document_refused_by_save_stores_nothing(db, media):
    agreement = factories.AgreementFactory.build(relationship=_public_relationship())
    agreement.document = _upload("program.pdf", EXECUTABLE)

    with pytest.raises(ValidationError):
        agreement.save()

    assert Agreement.objects.count() == 0
    assert _stored_files(media) == []


def test_document_whose_name_disagrees_with_its_content_is_refused(db, media):
    agreement = factories.AgreementFactory.build(relationship=_public_relationship())
    agreement.document = _upload("avtal.pdf", PNG)

    with pytest.raises(ValidationError) as error:
        agreement.full_clean()

    assert error.value.message_dict == {
        "document": [
            "Filen är en PNG-fil, men dess namn slutar inte på .png; byt namn på den så att "
            "det gör det."
        ]
    }


def test_document_larger_than_the_limit_is_refused(db, media, settings):
    settings.UPLOAD_MAX_BYTES = 100
    agreement = factories.AgreementFactory.build(relationship=_public_relationship())
    agreement.document = _upload("avtal.pdf", PDF + b" " * (101 - len(PDF)))

    with pytest.raises(ValidationError) as error:
        agreement.full_clean()

    assert error.value.message_dict == {
        "document": ["Filen är 101\xa0byte; den största tillåtna storleken är 100\xa0byte."]
    }
    assert _stored_files(media) == []


def test_document_of_exactly_the_limit_is_accepted(db, media, settings):
    settings.UPLOAD_MAX_BYTES = 100

    _agreement(content=PDF + b" " * (100 - len(PDF)))

    assert _stored_files(media) == ["avtal.pdf"]


def test_empty_document_is_refused(db, media):
    agreement = factories.AgreementFactory.build(relationship=_public_relationship())
    agreement.document = _upload("avtal.pdf", b"")

    with pytest.raises(ValidationError) as error:
        agreement.full_clean()

    assert error.value.message_dict == {"document": ["Filen är tom."]}


def test_strategy_document_is_judged_by_content_too(db, media, kf):
    strategy = factories.StrategyFactory.build(adopted_by=factories.DecisionFactory(body=kf))
    strategy.document = _upload("strategi.pdf", HTML)

    with pytest.raises(ValidationError) as error:
        strategy.full_clean()

    assert error.value.message_dict == {"document": [NOT_A_DOCUMENT]}
    assert Strategy.objects.count() == 0


def test_stored_document_is_checked_again_when_saved_through_its_field(db, media):
    # FieldFile.save() stores the file before the record is validated; the record still is.
    agreement = _agreement()

    with pytest.raises(ValidationError):
        agreement.document.save("sida.pdf", io.BytesIO(HTML))


def test_record_whose_stored_document_went_missing_can_still_be_saved(db, media):
    agreement = _agreement()
    (media / agreement.document.name).unlink()
    agreement.withdrawn_on = agreement.signed_on
    agreement.withdrawal_reason = "Ersatt."

    agreement.save()

    assert Agreement.objects.get().withdrawn_on == agreement.signed_on


# --- what is accepted, through the admin ---------------------------------------------------


def test_admin_add_refuses_a_renamed_executable_and_saves_nothing(client, coordinator, media):
    relationship = _public_relationship()
    client.force_login(coordinator)
    data = _agreement_form(relationship, document=_upload("avtal.pdf", EXECUTABLE))

    response = client.post(_agreement_admin("add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"document": [NOT_A_DOCUMENT]}
    assert Agreement.objects.count() == 0
    assert _stored_files(media) == []


def test_admin_change_refuses_html_and_keeps_the_old_document(client, coordinator, media):
    agreement = _agreement()
    client.force_login(coordinator)
    data = _agreement_form(agreement, document=_upload("ny.pdf", HTML))

    response = client.post(_agreement_admin("change", agreement.pk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"document": [NOT_A_DOCUMENT]}
    agreement.refresh_from_db()
    assert agreement.document.name.endswith("avtal.pdf")
    assert _stored_files(media) == ["avtal.pdf"]


def test_admin_add_accepts_a_pdf(client, coordinator, media):
    relationship = _public_relationship()
    client.force_login(coordinator)
    data = _agreement_form(relationship, document=_upload("avtal.pdf", PDF))

    response = client.post(_agreement_admin("add"), data)

    assert response.status_code == 302
    assert Agreement.objects.get().document.read() == PDF


def test_admin_add_refuses_an_oversize_document(client, coordinator, media, settings):
    settings.UPLOAD_MAX_BYTES = 50
    relationship = _public_relationship()
    client.force_login(coordinator)
    data = _agreement_form(relationship, document=_upload("avtal.pdf", PDF))

    response = client.post(_agreement_admin("add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "document": [f"Filen är {len(PDF)}\xa0byte; den största tillåtna storleken är 50\xa0byte."]
    }
    assert _stored_files(media) == []


def test_strategy_admin_refuses_html(client, coordinator, media, kf):
    strategy = factories.StrategyFactory(adopted_by=factories.DecisionFactory(body=kf))
    client.force_login(coordinator)
    data = {
        "title_sv": strategy.title,
        "adopted_by": strategy.adopted_by.pk,
        "document": _upload("strategi.pdf", HTML),
        "objectives-TOTAL_FORMS": 0,
        "objectives-INITIAL_FORMS": 0,
        "revisions-TOTAL_FORMS": 0,
        "revisions-INITIAL_FORMS": 0,
    }

    response = client.post(reverse("admin:network_strategy_change", args=[strategy.pk]), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"document": [NOT_A_DOCUMENT]}
    assert _stored_files(media) == []


# --- public downloads ----------------------------------------------------------------------


def _public_url(agreement):
    return reverse("website:agreement-document", args=[agreement.pk])


def test_public_agreement_document_is_a_download_typed_by_its_content(client, db, media):
    agreement = _agreement()

    response = client.get(_public_url(agreement))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="avtal.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(("name", "content", "content_type"), ACCEPTED, ids=ACCEPTED_IDS)
def test_public_download_of_each_kind_has_its_content_type(client, db, name, content, content_type):
    agreement = _agreement(name=name, content=content)

    response = client.get(_public_url(agreement))

    assert response["Content-Type"] == content_type


def test_download_type_and_name_follow_the_content_not_the_stored_name(client, db, media):
    # A file stored before the check existed, named .pdf but holding a PNG.
    agreement = _agreement()
    (media / "agreements" / "gammal.pdf").write_bytes(PNG)
    Agreement._base_manager.filter(pk=agreement.pk).update(document="agreements/gammal.pdf")

    response = client.get(_public_url(agreement))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="gammal.png"'


def test_stored_file_of_no_allowed_kind_is_never_served(client, db, media):
    agreement = _agreement()
    (media / "agreements" / "sida.pdf").write_bytes(HTML)
    Agreement._base_manager.filter(pk=agreement.pk).update(document="agreements/sida.pdf")

    response = client.get(_public_url(agreement))

    assert_not_served(response)


def test_internal_document_is_not_public(client, db):
    agreement = _agreement(document_is_internal=True)

    response = client.get(_public_url(agreement))

    assert_not_served(response)


def test_document_of_an_unpublished_relationship_is_not_public(client, db):
    relationship = factories.RelationshipFactory(
        place=factories.PlaceFactory(published=True), published=False
    )
    agreement = _agreement(relationship)

    response = client.get(_public_url(agreement))

    assert_not_served(response)


def test_document_of_a_relationship_with_an_unpublished_place_is_not_public(client, db):
    relationship = factories.RelationshipFactory(
        place=factories.PlaceFactory(published=False), published=True
    )
    agreement = _agreement(relationship)

    response = client.get(_public_url(agreement))

    assert_not_served(response)


def test_document_of_a_withdrawn_agreement_stays_public(client, db):
    # A withdrawn agreement is still a public record; the place page says it was withdrawn.
    agreement = _agreement()
    agreement.withdrawn_on = agreement.signed_on
    agreement.withdrawal_reason = "Ersatt av ett nytt avtal."
    agreement.save()

    response = client.get(_public_url(agreement))

    assert response.status_code == 200


def test_agreement_without_document_or_with_a_missing_file_is_404(client, db, media):
    without = factories.AgreementFactory(relationship=_public_relationship())
    missing = _agreement(without.relationship, name="borta.pdf")
    (media / missing.document.name).unlink()

    assert_not_served(client.get(_public_url(without)))
    assert_not_served(client.get(_public_url(missing)))
    assert_not_served(client.get(reverse("website:agreement-document", args=[999999])))


def test_public_download_refuses_post(client, db):
    agreement = _agreement()

    response = client.post(_public_url(agreement))

    assert_not_allowed(response)


def test_media_url_serves_nothing(client, db, media):
    agreement = _agreement(document_is_internal=True)

    response = client.get(f"/media/{agreement.document.name}")

    assert_not_served(response)


def test_place_page_links_the_public_document_with_its_type_and_size(client, db):
    agreement = _agreement(title="Vänortsavtal")

    response = client.get(reverse("website:place-detail", args=["joniskis"]))

    link = f'<a href="{_public_url(agreement)}">Vänortsavtal (PDF, {len(PDF)}\xa0byte)</a>'
    assert link in response.content.decode()


def test_place_page_never_links_an_internal_document(client, db, media):
    agreement = _agreement(title="Internt avtal", document_is_internal=True)

    response = client.get(reverse("website:place-detail", args=["joniskis"]))

    page = response.content.decode()
    assert "Internt avtal" in page
    assert _public_url(agreement) not in page
    assert "/media/" not in page
    assert "(PDF" not in page


def _strategy_with_document(kf, **fields):
    strategy = factories.StrategyFactory.build(
        adopted_by=factories.DecisionFactory(body=kf), **fields
    )
    strategy.document = _upload("strategi.pdf", PDF)
    strategy.save()
    return strategy


def test_strategy_document_in_force_is_a_public_download_linked_from_its_page(client, kf):
    strategy = _strategy_with_document(kf)
    url = reverse("website:strategy-document", args=[strategy.pk])

    download = client.get(url)
    page = client.get(reverse("website:strategy")).content.decode()

    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="strategi.pdf"'
    assert f'<a href="{url}">Strategin som dokument (PDF, {len(PDF)}\xa0byte)</a>' in page


def test_replaced_strategy_document_is_not_public(client, kf):
    old = _strategy_with_document(kf)
    new = factories.StrategyFactory(adopted_by=factories.DecisionFactory(body=kf))
    old.replaced_by = new
    old.save()

    response = client.get(reverse("website:strategy-document", args=[old.pk]))

    assert_not_served(response)


# --- the coordinator's protected download --------------------------------------------------


def test_coordinator_downloads_an_internal_document_in_the_admin(client, coordinator):
    agreement = _agreement(document_is_internal=True)
    client.force_login(coordinator)

    response = client.get(_agreement_admin("download", agreement.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="avtal.pdf"'
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_coordinator_downloads_the_strategy_document_in_the_admin(client, coordinator, kf):
    strategy = _strategy_with_document(kf)
    client.force_login(coordinator)

    response = client.get(reverse("admin:network_strategy_download", args=[strategy.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_admin_change_form_links_the_protected_download_not_media(client, coordinator):
    agreement = _agreement(document_is_internal=True)
    client.force_login(coordinator)

    page = client.get(_agreement_admin("change", agreement.pk)).content.decode()

    assert f'href="{_agreement_admin("download", agreement.pk)}"' in page
    assert "/media/" not in page


def test_anonymous_is_sent_to_sign_in_for_the_protected_download(client, db):
    agreement = _agreement(document_is_internal=True)

    response = client.get(_agreement_admin("download", agreement.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_contributor_cannot_use_the_protected_download(client, contributor):
    agreement = _agreement(document_is_internal=True)
    client.force_login(contributor)

    response = client.get(_agreement_admin("download", agreement.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_account_that_is_not_the_coordinator_cannot_download(client, contributor):
    contributor.is_staff = True
    contributor.save()
    agreement = _agreement(document_is_internal=True)
    client.force_login(contributor)

    response = client.get(_agreement_admin("download", agreement.pk))

    assert response.status_code == 403


def test_protected_download_refuses_post(client, coordinator):
    agreement = _agreement(document_is_internal=True)
    client.force_login(coordinator)

    response = client.post(_agreement_admin("download", agreement.pk))

    assert_not_allowed(response)


def test_protected_download_of_an_agreement_without_document_is_404(client, coordinator):
    agreement = factories.AgreementFactory(relationship=_public_relationship())
    client.force_login(coordinator)

    response = client.get(_agreement_admin("download", agreement.pk))

    assert_not_served(response)


# --- the spreadsheet import ----------------------------------------------------------------


def _import(client, content, name):
    upload = SimpleUploadedFile(name, content, content_type=SHEET)
    return client.post(
        reverse("followup:import", kwargs={"dataset": "projects"}), {"projects-file": upload}
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("projekt.xlsx", PDF), ("projekt.xlsx", DOCX), ("projekt.csv", EXECUTABLE)],
    ids=["pdf as xlsx", "docx as xlsx", "executable as csv"],
)
def test_import_refuses_a_file_that_is_not_a_spreadsheet(client, coordinator, name, content):
    client.force_login(coordinator)

    response = _import(client, content, name)

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [NOT_A_SPREADSHEET]}


def test_import_refuses_a_workbook_named_csv(client, coordinator):
    client.force_login(coordinator)

    response = _import(client, XLSX, "projekt.csv")

    assert response.context["form"].errors == {
        "file": [
            "Filen är en XLSX-fil, men dess namn slutar inte på .xlsx; byt namn på den så att "
            "det gör det."
        ]
    }


def test_import_refuses_an_oversize_file(client, coordinator, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(coordinator)

    response = _import(client, b"slug,title\nett,Ett\n", "projekt.csv")

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["Filen är 19\xa0byte; den största tillåtna storleken är 10\xa0byte."]
    }


def test_import_confirmation_checks_the_carried_file_again(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        reverse("followup:import", kwargs={"dataset": "projects"}),
        {"payload": "TVqQAAMAAAAEAAAA//8AAA==", "format": "csv"},  # an executable's first bytes
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {"payload": [NOT_A_SPREADSHEET]}


# --- accessibility of the pages that link documents ----------------------------------------


@pytest.fixture
def live_documents(transactional_db, live_server, kf):
    _agreement(title="Vänortsavtal")
    _strategy_with_document(kf)


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", ["/orter/joniskis/", "/strategi/"])
def test_pages_with_document_links_are_accessible(page, live_documents, live_server, prefix, path):
    page.goto(live_server.url + prefix + path)

    assert page.locator("a[href*='/documents/']").count() == 1
    assert axe_violations(page) == []


def _with_unknown_compression(archive: bytes) -> bytes:
    """The archive with its first entry claiming a compression method zipfile cannot read."""
    data = bytearray(archive)
    data[8:10] = (99).to_bytes(2, "little")  # the local header's method (99: AES)
    central = data.find(b"PK\x01\x02")
    data[central + 10 : central + 12] = (99).to_bytes(2, "little")
    return bytes(data)


def test_document_zip_that_cannot_be_read_is_refused_not_a_crash(db, media):
    """zipfile raises NotImplementedError for an unknown compression: a refusal, not a 500."""
    content = _with_unknown_compression(ODT)
    with zipfile.ZipFile(io.BytesIO(content)) as archive, pytest.raises(NotImplementedError):
        archive.read("mimetype")
    agreement = factories.AgreementFactory.build(relationship=_public_relationship())
    agreement.document = _upload("avtal.odt", content)

    with pytest.raises(ValidationError) as error:
        agreement.full_clean()

    assert error.value.message_dict == {"document": [NOT_A_DOCUMENT]}
