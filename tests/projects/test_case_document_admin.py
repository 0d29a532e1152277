"""A case document in the admin (#12): the coordinator adds one, who uploaded it is kept, the
file opens through the protected download, and nothing deletes it."""

import pytest
from django.urls import reverse

from governance.uploads import download_url_name
from projects.models import CaseDocument
from tests import factories
from tests.admin_forms import admin_url
from tests.staff.conftest import PDF, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_coordinator_adds_a_document_and_opens_it(client, coordinator):
    project = factories.ProjectFactory()
    client.force_login(coordinator)

    response = client.post(
        admin_url(CaseDocument, "add"),
        {
            "kind": "budget",
            "title": "Budget",
            "file": pdf_upload("budget.pdf"),
            "project": project.pk,
            "withdrawal_reason": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    document = CaseDocument.objects.get()
    assert (document.project, document.uploaded_by, document.public) == (
        project,
        coordinator,
        False,
    )
    download = client.get(reverse(f"admin:{download_url_name(CaseDocument)}", args=[document.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert client.get(admin_url(CaseDocument, "delete", document.pk)).status_code == 403
    assert CaseDocument.objects.count() == 1


def test_an_exe_renamed_pdf_is_refused_in_the_admin_and_nothing_saved(client, coordinator):
    project = factories.ProjectFactory()
    client.force_login(coordinator)

    response = client.post(
        admin_url(CaseDocument, "add"),
        {
            "kind": "plan",
            "file": pdf_upload("x.pdf", b"MZ\x90\x00" + b"\0" * 60),
            "project": project.pk,
        },
    )

    assert response.status_code == 200
    assert "Filen är inte ett PDF-" in response.content.decode()
    assert not CaseDocument.objects.exists()
