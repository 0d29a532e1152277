"""A project's pictures in the admin (#14): inline on the project, a stored picture shown as
itself (through the application), with no file input to replace it."""

import pytest
from django.urls import reverse

from projects.models import ProjectPicture
from tests import factories
from tests.pictures import picture_upload

pytestmark = pytest.mark.django_db


def test_the_project_page_shows_its_pictures_inline(client, coordinator, bun, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = factories.ProjectFactory(responsible_body=bun)
    picture = ProjectPicture.objects.create(
        project=project,
        image=picture_upload(width=700, height=500),
        alt_sv="Klassen på skolgården",
        rights_holder="Södra skolan",
    )
    client.force_login(coordinator)

    page = client.get(reverse("admin:projects_project_change", args=[project.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'<img src="/pictures/projects/{picture.pk}/480.webp"' in html
    assert 'name="pictures-0-image"' not in html  # the file is not replaced
    assert 'name="pictures-0-alt_sv" value="Klassen på skolgården"' in html
    # The picture is not public, yet the coordinator's preview loads, uncached.
    preview = client.get(f"/pictures/projects/{picture.pk}/480.webp")
    assert (preview.status_code, preview["Cache-Control"]) == (200, "private, no-store")
