"""`manage.py restore PATH`: load an archive of `manage.py backup` into a fresh database.

The target is a database that ``migrate`` has just created with this code: it must hold no
records (content types and permissions, which migrate creates, aside) and its migrations must
be exactly those the archive was made with. Everything is checked before anything is
written: the whole archive is read and every uploaded file compared with its SHA-256 in the
manifest, so a damaged archive changes nothing. The rows are then loaded in one transaction
(Django's loaddata: raw saves, so no validation, history rows or e-mail; PostgreSQL's
sequences reset afterwards), the row counts compared with the manifest, and the uploaded
files put back under MEDIA_ROOT; any failure rolls the database back and removes the files
it had put back.

There is deliberately no option to restore over existing records: make a fresh database
(``dropdb``/``createdb``, ``migrate``) instead.
"""

import json
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import translation

from governance.records import restoring_stored_records
from municipality import release
from municipality.management.commands.backup import (
    ARCHIVE_FORMAT,
    DATA_NAME,
    MANIFEST_NAME,
    MEDIA_DIR,
    applied_migrations,
    backed_up_models,
    file_digest,
    unapplied_migrations,
)
from projects import decision_publicity, search

NOTHING_CHANGED = "Nothing was changed."


def refused(message: str) -> CommandError:
    """The archive or the database is not fit for a restore; nothing was written."""
    return CommandError(f"{message} {NOTHING_CHANGED}")


def extract(archive: Path, into: Path) -> dict:
    """Unpack the whole archive (which reads and checks every byte); return its manifest."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar.getmembers():
                name = member.name
                if name not in (MANIFEST_NAME, DATA_NAME) and not name.startswith(f"{MEDIA_DIR}/"):
                    raise refused(f"{archive}: unexpected entry {name!r} in the archive.")
            tar.extractall(into, filter="data")
    except (OSError, EOFError, tarfile.TarError, zlib.error) as exc:
        raise refused(f"{archive} is not a readable backup archive ({exc}).") from exc
    try:
        manifest = json.loads((into / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise refused(f"{archive} has no readable {MANIFEST_NAME} ({exc}).") from exc
    if manifest.get("format") != ARCHIVE_FORMAT or not (into / DATA_NAME).is_file():
        raise refused(f"{archive} is not a backup archive of format {ARCHIVE_FORMAT}.")
    if file_digest(into / DATA_NAME) != manifest.get("data_sha256"):
        raise refused(f"{archive}: {DATA_NAME} is damaged (its SHA-256 differs).")
    return manifest


def check_media(manifest: dict, extracted: Path, archive: Path) -> list[dict]:
    """The uploaded files to put back; refuse damaged ones and ones that would overwrite."""
    media_root = Path(settings.MEDIA_ROOT)
    to_copy = []
    for entry in manifest.get("media", []):
        if Path(entry["path"]).is_absolute() or ".." in Path(entry["path"]).parts:
            raise refused(f"{archive}: the file name {entry['path']!r} leaves MEDIA_ROOT.")
        source = extracted / MEDIA_DIR / entry["path"]
        if not source.is_file() or file_digest(source) != entry["sha256"]:
            raise refused(f"{archive}: the uploaded file {entry['path']} is damaged.")
        target = media_root / entry["path"]
        if target.exists():
            if file_digest(target) != entry["sha256"]:
                raise refused(
                    f"{target} already exists with other content; restore into an empty MEDIA_ROOT."
                )
            continue
        to_copy.append(entry)
    return to_copy


def check_migrations(manifest: dict, using: str) -> None:
    """The database must be migrated exactly as the code says and as the archive was."""
    if missing := unapplied_migrations(using):
        raise refused(
            f"The database lacks {len(missing)} of this code's migrations ("
            + ", ".join(missing[:5])
            + (", ..." if len(missing) > 5 else "")
            + "): run manage.py migrate first."
        )
    here = {(app, name) for app, names in applied_migrations(using).items() for name in names}
    archived = {
        (app, name)
        for app, names in manifest.get("applied_migrations", {}).items()
        for name in names
    }
    if here != archived:
        only_archive = ", ".join(f"{a}.{n}" for a, n in sorted(archived - here)) or "none"
        only_here = ", ".join(f"{a}.{n}" for a, n in sorted(here - archived)) or "none"
        raise refused(
            "The archive was made with other migrations than this code's (only in the "
            f"archive: {only_archive}; only here: {only_here}). Restore with the version of "
            "the code that made it, then upgrade and migrate."
        )


def check_empty(using: str) -> None:
    """Refuse a database that already holds records."""
    filled = [
        f"{model._meta.label} ({count})"
        for model in backed_up_models(using)
        if (count := model._base_manager.using(using).count())
    ]
    if filled:
        raise refused(
            "The database already holds records: "
            + ", ".join(filled)
            + ". Restore only into a fresh, migrated database."
        )


def check_counts(manifest: dict, using: str) -> None:
    """After loading, every model holds exactly as many rows as the archive said."""
    expected = manifest["counts"]
    for model in backed_up_models(using):
        label = model._meta.label
        count = model._base_manager.using(using).count()
        if count != expected.get(label, 0):
            raise refused(
                f"{label} has {count} rows after loading, the archive says "
                f"{expected.get(label, 0)}."
            )
    unknown = set(expected) - {m._meta.label for m in backed_up_models(using)}
    if unknown:
        raise refused(f"The archive holds models this code lacks: {sorted(unknown)}.")


def copy_media(entries: list[dict], extracted: Path, copied: list[Path]) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    for entry in entries:
        target = media_root / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(extracted / MEDIA_DIR / entry["path"], target)
        copied.append(target)


def check_release(manifest: dict, *, other_release_allowed: bool) -> None:
    """The archive is restored by the release that made it, unless told otherwise (an archive
    from before releases were recorded names none and passes)."""
    made_by = manifest.get("release")
    running = release.current()
    if made_by and made_by != running and not other_release_allowed:
        raise refused(
            f"The archive was made by release {made_by}; this is release {running}. Restore "
            f"with release {made_by} (docs/operations.md, Restore), then upgrade; or pass "
            "--other-release when both releases have the same migrations."
        )


def restore(
    archive: Path, using: str = DEFAULT_DB_ALIAS, *, other_release_allowed: bool = False
) -> dict:
    """Check, then load the archive and its files all or nothing; return the manifest."""
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        extracted = Path(work)
        manifest = extract(archive, extracted)
        check_release(manifest, other_release_allowed=other_release_allowed)
        check_migrations(manifest, using)
        check_empty(using)
        to_copy = check_media(manifest, extracted, archive)
        copied: list[Path] = []
        try:
            with transaction.atomic(using=using), translation.override(settings.LANGUAGE_CODE):
                if sum(manifest["counts"].values()):
                    with restoring_stored_records():
                        call_command(
                            "loaddata", str(extracted / DATA_NAME), database=using, verbosity=0
                        )
                check_counts(manifest, using)
                search.rebuild(using)  # derived, never backed up (#14)
                decision_publicity.rebuild(using)  # the same (#15)
                copy_media(to_copy, extracted, copied)
        except BaseException:
            for path in copied:
                path.unlink(missing_ok=True)
            raise
    return manifest


class Command(BaseCommand):
    help = (
        "Restore an archive of manage.py backup into a fresh, migrated database (refused if "
        "the database holds records or its migrations differ from the archive's)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by manage.py backup.")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="The database to restore into."
        )
        parser.add_argument(
            "--other-release",
            action="store_true",
            help="Restore an archive made by another release (its migrations must still match).",
        )

    def handle(self, *args, archive: Path, database: str, other_release: bool, **options):
        if not archive.is_file():
            raise refused(f"{archive} does not exist.")
        try:
            manifest = restore(archive, using=database, other_release_allowed=other_release)
        except CommandError:
            raise
        except Exception as exc:
            raise CommandError(
                f"Restoring {archive} failed and was rolled back ({exc}). {NOTHING_CHANGED}"
            ) from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (made {manifest['created_at']}): {rows} rows of "
                f"{len(manifest['counts'])} models and {len(manifest['media'])} uploaded files."
            )
        )
