"""The backup's manifest names the release that made it; restore checks it (#16)."""

import json
import tarfile

import pytest
from django.core.management.base import CommandError

from municipality import release
from tests.municipality.helpers import run
from tests.municipality.test_backup import backed_up_rows, edit_manifest, fresh_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.RELEASE = "2026.12.1"
    return settings.MEDIA_ROOT


def _manifest(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_the_manifest_names_the_release(tmp_path):
    archive = tmp_path / "backup.tar.gz"

    run("backup", "--output", str(archive))

    assert _manifest(archive)["release"] == "2026.12.1"


def test_restore_refuses_an_archive_of_another_release(tmp_path, media_root):
    archive = tmp_path / "backup.tar.gz"
    run("load_municipality")
    run("backup", "--output", str(archive))
    fresh_database(media_root)
    edit_manifest(archive, lambda m: m.update(release="2026.11.3"))

    with pytest.raises(CommandError, match="made by release 2026.11.3; this is release 2026.12.1"):
        run("restore", str(archive))

    assert backed_up_rows() == 0


def test_restore_of_another_release_when_told(tmp_path, media_root):
    archive = tmp_path / "backup.tar.gz"
    run("load_municipality")
    run("backup", "--output", str(archive))
    rows = backed_up_rows()
    fresh_database(media_root)
    edit_manifest(archive, lambda m: m.update(release="2026.11.3"))

    run("restore", str(archive), "--other-release")

    assert backed_up_rows() == rows


def test_without_a_configured_release_git_names_it(settings):
    settings.RELEASE = ""

    name = release.current()

    assert name and name != "unknown"
