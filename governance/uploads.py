"""Uploaded files: which kinds are accepted, judged by content, and how they are served.

A file is judged by its first bytes (and, for a zip, by what the archive holds), never by
its name or the content type a browser sent; its name must then agree with what it is.
``DocumentValidator`` sits on the models' file fields, so it holds on every path (admin,
forms, commands). Stored files are served only through the application, always as a
download (``attachment``); nothing serves MEDIA_ROOT directly.
"""

import contextlib
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from governance.access import may_keep_records

ZIP_SIGNATURE = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
PDF_SIGNATURE = b"%PDF-"
NOT_TEXT = (ZIP_SIGNATURE, PDF_SIGNATURE)  # PNG and JPEG signatures are not UTF-8 already
# A hostile sandbox for anything a browser might still render despite the download.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


@dataclass(frozen=True)
class Kind:
    """A kind of file we accept: its name for people, its content type, its name endings."""

    label: str
    content_type: str
    extensions: tuple[str, ...]  # the first is the one a served file gets


PDF = Kind("PDF", "application/pdf", ("pdf",))
ODT = Kind("ODT", "application/vnd.oasis.opendocument.text", ("odt",))
DOCX = Kind(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
PNG = Kind("PNG", "image/png", ("png",))
JPEG = Kind("JPEG", "image/jpeg", ("jpg", "jpeg"))
XLSX = Kind("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",))
CSV = Kind("CSV", "text/csv", ("csv",))

DOCUMENT_KINDS = (PDF, ODT, DOCX, PNG, JPEG)
SPREADSHEET_KINDS = (XLSX, CSV)


# --- recognising a kind by content ---------------------------------------------------------


def _starts_with(signature: bytes):
    def sniff(handle) -> bool:
        return handle.read(len(signature)) == signature

    return sniff


def _zip_holding(test):
    """A sniffer for a zip archive that passes ``test``; a damaged archive is no kind."""

    def sniff(handle) -> bool:
        if handle.read(len(ZIP_SIGNATURE)) != ZIP_SIGNATURE:
            return False
        handle.seek(0)
        try:
            with zipfile.ZipFile(handle) as archive:
                return test(archive)
        # zipfile raises many kinds for a damaged archive; NotImplementedError and
        # RuntimeError for an unknown compression or an encrypted entry.
        except (
            zipfile.BadZipFile,
            OSError,
            EOFError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ):
            return False

    return sniff


def _is_odt(archive) -> bool:
    # OpenDocument: the first entry is "mimetype", holding the media type (ODF 1.2, 3.3).
    first = archive.infolist()[0] if archive.infolist() else None
    return (
        first is not None
        and first.filename == "mimetype"
        and first.file_size == len(ODT_MIMETYPE)
        and archive.read(first) == ODT_MIMETYPE
    )


def _is_text(handle) -> bool:
    """UTF-8 text without NUL bytes, and not a zip or PDF, even one that decodes."""
    content = handle.read()
    if content.startswith(NOT_TEXT) or b"\0" in content:
        return False
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


SNIFFERS = {
    PDF: _starts_with(PDF_SIGNATURE),
    ODT: _zip_holding(_is_odt),
    DOCX: _zip_holding(lambda archive: "word/document.xml" in archive.namelist()),
    PNG: _starts_with(b"\x89PNG\r\n\x1a\n"),
    JPEG: _starts_with(b"\xff\xd8\xff"),
    XLSX: _zip_holding(lambda archive: "xl/workbook.xml" in archive.namelist()),
    CSV: _is_text,
}


def detect(handle, kinds=DOCUMENT_KINDS) -> Kind | None:
    """The first of ``kinds`` that the open binary file's content is, or None."""
    try:
        for kind in kinds:
            handle.seek(0)
            if SNIFFERS[kind](handle):
                return kind
        return None
    finally:
        handle.seek(0)


def _is_stored(value) -> bool:
    # A FieldFile is "committed" once its file is in storage; before, it holds the upload.
    return isinstance(value, FieldFile) and value._committed


@contextlib.contextmanager
def _opened(value):
    """The file's content as an open binary file; None for a stored file that is missing."""
    if _is_stored(value):
        try:
            handle = value.storage.open(value.name, "rb")
        except OSError:
            yield None
            return
        with handle:
            yield handle
    else:
        handle = getattr(value, "file", value)  # a FieldFile's pending upload, or the upload
        try:
            yield handle
        finally:
            handle.seek(0)


def _extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lstrip(".").lower()


# --- validation ----------------------------------------------------------------------------


@deconstructible
class UploadValidator:
    """Accepts a file whose content is one of ``kinds`` and whose name agrees with it.

    A new upload must also be non-empty and at most settings.UPLOAD_MAX_BYTES (read when
    validating). A file already in storage is checked for its kind only: a lowered limit must
    not stop the coordinator from, say, withdrawing an agreement; and a stored file that is
    missing is passed over, since there is nothing to serve either.
    """

    kinds: tuple[Kind, ...] = ()
    content_message = ""

    def __call__(self, value):
        if not value or isinstance(value, str):  # a history row keeps only the file's name
            return
        if not _is_stored(value):
            self._check_size(value.size)
        with _opened(value) as handle:
            if handle is None:
                return
            kind = detect(handle, self.kinds)
        if kind is None:
            raise ValidationError(self.content_message, code="content")
        if _extension(value.name) not in kind.extensions:
            raise ValidationError(
                _(
                    "The file is a %(kind)s file, but its name does not end in %(expected)s; "
                    "rename it so that it does."
                ),
                code="extension",
                params={
                    "kind": kind.label,
                    "expected": "/".join(f".{e}" for e in kind.extensions),
                },
            )

    @staticmethod
    def _check_size(size: int):
        if not size:
            raise ValidationError(_("The file is empty."), code="empty")
        limit = settings.UPLOAD_MAX_BYTES
        if size > limit:
            raise ValidationError(
                _("The file is %(size)s; the largest allowed is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
            )

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))


class DocumentValidator(UploadValidator):
    """Documents of the records: PDF, ODT, DOCX, PNG or JPEG."""

    kinds = DOCUMENT_KINDS
    content_message = _(
        "The file is not a PDF, ODT, DOCX, PNG or JPEG document (its content says otherwise)."
    )


class SpreadsheetValidator(UploadValidator):
    """Spreadsheets to import: XLSX, or CSV as UTF-8 text."""

    kinds = SPREADSHEET_KINDS
    content_message = _("The file is not an XLSX or CSV spreadsheet (its content says otherwise).")


# --- serving -------------------------------------------------------------------------------


def describe(field_file, kinds=DOCUMENT_KINDS) -> str:
    """'PDF, 120 kB' for a link's text; empty when there is no file of an accepted kind."""
    if not field_file:
        return ""
    with _opened(field_file) as handle:
        kind = detect(handle, kinds) if handle is not None else None
        size = handle.size if kind is not None else 0
    return f"{kind.label}, {filesizeformat(size)}" if kind is not None else ""


def attachment(field_file, kinds=DOCUMENT_KINDS) -> FileResponse:
    """The stored file as a download, typed by its content; 404 when missing or unknown."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except OSError:
        raise Http404 from None
    kind = detect(handle, kinds)
    if kind is None:
        handle.close()
        raise Http404
    stem = slugify(os.path.splitext(os.path.basename(field_file.name))[0]) or "document"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem}.{kind.extensions[0]}",
        content_type=kind.content_type,
    )
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


# --- the admin -----------------------------------------------------------------------------


def download_url_name(model) -> str:
    """The admin URL name of a model's protected download (see DownloadAdminMixin)."""
    return f"{model._meta.app_label}_{model._meta.model_name}_download"


class _ProtectedFile:
    """What the admin's "currently" link shows: the file's name, the protected address."""

    def __init__(self, field_file):
        self.name = field_file.name
        instance = field_file.instance
        self.url = reverse(f"admin:{download_url_name(type(instance))}", args=[quote(instance.pk)])

    def __str__(self):
        return self.name


class DownloadFileWidget(AdminFileWidget):
    """The admin's file input whose link opens the protected download, never MEDIA_URL."""

    def format_value(self, value):
        value = super().format_value(value)
        if self.is_initial(value) and getattr(value, "instance", None) is not None:
            return _ProtectedFile(value)
        return value


class DownloadAdminMixin:
    """A ModelAdmin whose ``document`` the coordinator opens through the application only,
    internal or not: a download address in the admin, linked from the change form."""

    download_field = "document"

    def get_urls(self):
        view = self.admin_site.admin_view(self.download_view)
        name = download_url_name(self.model)
        return [path("<path:object_id>/download/", view, name=name), *super().get_urls()]

    def download_view(self, request, object_id):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not may_keep_records(request.user):
            raise PermissionDenied
        record = self.get_object(request, unquote(object_id))
        if record is None or not self.has_view_permission(request, record):
            raise Http404
        return attachment(getattr(record, self.download_field))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == self.download_field:
            kwargs["widget"] = DownloadFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)
