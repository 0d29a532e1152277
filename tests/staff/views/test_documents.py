"""Documents of case work (#12): a plan, a budget, an invitation letter on the application,
the project, the meeting or the decision; checked by content and size like every upload;
internal unless the coordinator marks one public; never deleted, withdrawn with a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from governance.records import PublicRecordDeleteError
from projects.models import Application, CaseDocument
from projects.services import documents
from tests.staff.conftest import PDF, add_document, en, pdf_upload

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 64


def _files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _post_document(client, url, **fields):
    data = {"kind": "plan", "title": "", **fields}
    return client.post(url, data)


# --- uploading: the school on its own case ------------------------------------------------


def test_a_school_uploads_its_plan_and_the_board_reads_it(
    client, media, draft, contributor, bun_member
):
    client.force_login(contributor)
    response = _post_document(
        client,
        en("application-document-create", draft.pk),
        kind="budget",
        title="Budget 2026",
        file=pdf_upload("budget.pdf"),
    )

    assert response.status_code == 302
    assert response["Location"] == en("application-detail", draft.pk)
    document = CaseDocument.objects.get()
    assert (document.application, document.kind, document.public) == (draft, "budget", False)
    assert document.uploaded_by == contributor
    page = client.get(en("application-detail", draft.pk))
    assert "Budget 2026" in page.text and "internal" in page.text

    # Once the case is in BUN's queue, its members read the documents it came with.
    from projects.services import applications

    applications.submit(Application.objects.get(pk=draft.pk), by=None)
    client.force_login(bun_member)
    page = client.get(en("application-detail", draft.pk))
    assert en("document", document.pk) in page.text
    download = client.get(en("document", document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_a_school_cannot_mark_its_document_public(client, media, draft, contributor):
    client.force_login(contributor)
    form = client.get(en("application-document-create", draft.pk))
    assert 'name="public"' not in form.text

    # A forged field is not on the form: the document stays internal.
    _post_document(
        client, en("application-document-create", draft.pk), file=pdf_upload(), public="on"
    )
    assert CaseDocument.objects.get().public is False

    with pytest.raises(PermissionDenied, match="Only the international coordinator"):
        documents.add_document(draft, by=contributor, kind="plan", file=pdf_upload(), public=True)
    assert CaseDocument.objects.count() == 1


def test_the_coordinator_marks_a_document_public_and_internal_again(
    client, media, submitted_document, coordinator, contributor
):
    client.force_login(contributor)
    assert (
        client.post(en("document-public", submitted_document.pk), {"public": "1"}).status_code
        == 403
    )
    submitted_document.refresh_from_db()
    assert submitted_document.public is False

    client.force_login(coordinator)
    response = client.post(en("document-public", submitted_document.pk), {"public": "1"})
    assert response.status_code == 302
    submitted_document.refresh_from_db()
    assert submitted_document.public is True
    client.post(en("document-public", submitted_document.pk), {"public": "0"})
    submitted_document.refresh_from_db()
    assert submitted_document.public is False
    assert submitted_document.history.count() == 3


def test_a_school_adds_to_its_own_project_and_not_to_another_schools(
    client, media, sodra_exchange, sodra_contributor, vimar_contributor
):
    client.force_login(vimar_contributor)
    refused = _post_document(
        client, en("project-document-create", sodra_exchange.pk), file=pdf_upload()
    )
    assert refused.status_code == 403
    assert "Only staff of Södra skolan" in refused.text
    assert not CaseDocument.objects.exists()

    client.force_login(sodra_contributor)
    response = _post_document(
        client,
        en("project-document-create", sodra_exchange.pk),
        kind="invitation",
        file=pdf_upload("inbjudan.pdf"),
    )
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert document.project == sodra_exchange
    page = client.get(en("project-detail", sodra_exchange.pk))
    assert "Invitation letter" in page.text

    client.force_login(vimar_contributor)
    assert client.get(en("document", document.pk)).status_code == 403


# --- bad input: a clear message, nothing saved -----------------------------------------------


@pytest.mark.parametrize(
    ("upload", "english", "swedish"),
    [
        (
            lambda: pdf_upload("program.pdf", EXE),
            "The file is not a PDF, ODT, DOCX, PNG or JPEG document",
            "Filen är inte ett PDF-, ODT-, DOCX-, PNG- eller JPEG-dokument",
        ),
        (
            lambda: pdf_upload("stor.pdf", PDF + b"x" * 2000),
            "the largest allowed is",
            "den största tillåtna storleken är",
        ),
        (lambda: None, "Choose the file to upload.", "Välj filen som ska laddas upp."),
    ],
    ids=["exe-named-pdf", "too-large", "no-file"],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, settings, media, draft, contributor, upload, english, swedish
):
    settings.UPLOAD_MAX_BYTES = 1000
    client.force_login(contributor)
    fields = {} if upload() is None else {"file": upload()}

    response = _post_document(client, en("application-document-create", draft.pk), **fields)
    assert response.status_code == 400
    assert english in response.text

    fields = {} if upload() is None else {"file": upload()}
    with translation.override("sv"):
        url = reverse("staff:application-document-create", args=[draft.pk])
    response = _post_document(client, url, **fields)
    assert response.status_code == 400
    assert swedish in response.text

    assert not CaseDocument.objects.exists()
    assert _files(media) == []


def test_a_decided_case_takes_no_more_documents(client, media, approved, contributor):
    client.force_login(contributor)
    response = _post_document(
        client, en("application-document-create", approved.pk), file=pdf_upload()
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="decided or withdrawn"):
        documents.add_document(approved, by=contributor, kind="plan", file=pdf_upload())
    assert not CaseDocument.objects.exists()


# --- never deleted: withdrawn with a reason ------------------------------------------------


def test_a_document_is_withdrawn_with_a_reason_and_kept(
    client, media, submitted_document, contributor
):
    client.force_login(contributor)
    url = en("document-withdraw", submitted_document.pk)

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "This field is required." in refused.text
    submitted_document.refresh_from_db()
    assert not submitted_document.is_withdrawn

    response = client.post(url, {"reason": "Fel version, ersatt av en ny plan."})
    assert response.status_code == 302
    submitted_document.refresh_from_db()
    assert submitted_document.is_withdrawn
    assert submitted_document.withdrawal_reason == "Fel version, ersatt av en ny plan."
    page = client.get(en("application-detail", submitted_document.application_id))
    assert "Withdrawn" in page.text and "Fel version" in page.text
    # Still on record and readable by staff.
    assert client.get(en("document", submitted_document.pk)).status_code == 200


def test_a_document_is_never_deleted_nor_its_file_replaced(media, submitted_document):
    with pytest.raises(PublicRecordDeleteError):
        submitted_document.delete()
    with pytest.raises(PublicRecordDeleteError):
        CaseDocument.objects.all().delete()

    submitted_document.file = pdf_upload("annan.pdf")
    with pytest.raises(ValidationError, match="behålls som det laddades upp"):
        submitted_document.save()
    assert CaseDocument.objects.count() == 1


def test_a_document_belongs_to_exactly_one_record(media, submitted, bun_project):
    document = CaseDocument(
        kind="plan", file=pdf_upload(), application=submitted, project=bun_project
    )
    with pytest.raises(ValidationError, match="exakt en ansökan"):
        document.full_clean()
    # The database says the same when the model's check is bypassed.
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDocument._base_manager.bulk_create(
            [CaseDocument(kind="plan", file="x.pdf", application=submitted, project=bun_project)]
        )


# --- the decision's documents, the minutes extract's place --------------------------------


def test_a_decisions_document_is_the_coordinators_or_secretarys(
    media, approved, contributor, coordinator
):
    with pytest.raises(PermissionDenied):
        documents.add_document(
            approved.decision, by=contributor, kind="minutes_extract", file=pdf_upload()
        )
    document = documents.add_document(
        approved.decision, by=coordinator, kind="minutes_extract", file=pdf_upload("utdrag.pdf")
    )
    assert document.decision == approved.decision


# --- the query count does not grow with the documents ----------------------------------------


def test_the_case_page_reads_its_documents_in_one_query(
    client, media, submitted, contributor, django_assert_num_queries
):
    client.force_login(contributor)
    url = en("application-detail", submitted.pk)
    for _ in range(3):
        add_document(submitted, by=contributor)
    # 9 since the case is read in one query with all it shows and its lists in a second
    # (projects.queries.case_page, #15): the same count with 30 documents.
    with django_assert_num_queries(9):
        client.get(url)
    for _ in range(27):
        add_document(submitted, by=contributor)
    with django_assert_num_queries(9):
        client.get(url)


def test_the_coordinator_keeps_the_minutes_extract_with_the_decision(
    client, media, approved, coordinator, bun_member
):
    client.force_login(bun_member)
    assert client.post(en("application-keep-minutes-extract", approved.pk)).status_code == 403

    client.force_login(coordinator)
    response = client.post(en("application-keep-minutes-extract", approved.pk))

    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert (document.decision, document.kind, document.public) == (
        approved.decision,
        "minutes_extract",
        False,
    )
    assert document.file.read().startswith(b"%PDF-")
    # The board member reads it on the case, with the rest of what was decided on.
    client.force_login(bun_member)
    page = client.get(en("application-detail", approved.pk))
    assert en("document", document.pk) in page.text
    assert client.get(en("document", document.pk)).status_code == 200


def test_the_member_deciding_has_the_cases_documents_at_hand(
    client, media, submitted_document, bun_member
):
    client.force_login(bun_member)

    page = client.get(en("application-decide", submitted_document.application_id))

    assert "The case's documents" in page.text
    assert en("document", submitted_document.pk) in page.text


def test_a_deleted_draft_takes_its_documents_with_it(media, draft, contributor):
    add_document(draft, by=contributor)

    Application.objects.get(pk=draft.pk).delete()

    assert not CaseDocument.objects.exists()


def test_the_project_page_reads_its_documents_in_one_query(
    client, media, bun_project, draft, contributor, django_assert_num_queries
):
    client.force_login(contributor)
    url = en("project-detail", bun_project.pk)
    for _ in range(3):
        add_document(bun_project, by=contributor)
        add_document(draft, by=contributor)
    with django_assert_num_queries(16):  # #14: and its pictures, one query
        client.get(url)
    for _ in range(27):
        add_document(bun_project, by=contributor)
        add_document(draft, by=contributor)
    with django_assert_num_queries(16):
        response = client.get(url)
    assert response.text.count(">Withdraw<") == 60
