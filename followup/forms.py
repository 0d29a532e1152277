"""Forms of the follow-up pages: which report to make, its texts, which spreadsheet to import."""

import base64
import binascii

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup.models import REPORT_SECTIONS, ReportText
from governance.models import Body
from governance.uploads import SpreadsheetValidator

FIRST_REPORT_YEAR = 1990
IMPORT_FORMATS = {"xlsx": "xlsx", "csv": "csv"}


def largest_import() -> int:
    """The largest file an upload may be: a worker takes larger ones than a request (#15)."""
    if settings.IMPORT_IN_BACKGROUND:
        return max(settings.IMPORT_MAX_BYTES, settings.IMPORT_BACKGROUND_MAX_BYTES)
    return settings.IMPORT_MAX_BYTES


def check_import_size(size: int, limit: int | None = None) -> None:
    """Refuse a spreadsheet larger than ``limit`` (``IMPORT_MAX_BYTES``), saying how large it
    may be."""
    limit = limit or settings.IMPORT_MAX_BYTES
    if size > limit:
        raise forms.ValidationError(
            _(
                "The file is %(size)s; a spreadsheet to import may be at most %(limit)s. "
                "Split it into smaller files."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


class ReportForm(forms.Form):
    """The year and the scope of a yearly report (S22)."""

    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_REPORT_YEAR, error_messages={"invalid": _("Give a year.")}
    )
    body = forms.ModelChoiceField(
        label=_("Committee or board"),
        queryset=Body.objects.deciding().exclude(kind="council").order_by("name"),
        required=False,
        empty_label=_("The whole municipality"),
    )

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise forms.ValidationError(
                _("A report is made for a year that has begun; %(year)s has not.") % {"year": year}
            )
        return year


class ImportForm(forms.Form):
    """A spreadsheet to check (and, once confirmed, import)."""

    file = forms.FileField(
        label=_("Spreadsheet"), help_text=_("An XLSX or CSV file with a header row.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower()
        if extension not in IMPORT_FORMATS:
            raise forms.ValidationError(_("Upload an .xlsx or a .csv file."))
        check_import_size(upload.size, largest_import())
        # Judged by content, within the size limit: an .xlsx must be a workbook, a .csv text.
        SpreadsheetValidator()(upload)
        self.cleaned_data["format"] = IMPORT_FORMATS[extension]
        self.cleaned_data["name"] = upload.name[-255:]
        return upload.read()


class ConfirmImportForm(forms.Form):
    """The checked spreadsheet again, carried in the page so no server has to keep it."""

    payload = forms.CharField(widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=[(f, f) for f in IMPORT_FORMATS], widget=forms.HiddenInput)

    def clean_payload(self):
        # The request's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE) bounds what is decoded here.
        try:
            content = base64.b64decode(self.cleaned_data["payload"], validate=True)
        except (binascii.Error, ValueError):
            raise forms.ValidationError(
                _("The checked spreadsheet was damaged; upload it again.")
            ) from None
        check_import_size(len(content))
        return content

    def clean(self):
        cleaned = super().clean()
        if "payload" in cleaned and "format" in cleaned:
            # The page carries the file back; it is checked again as if it were uploaded.
            checked = ContentFile(cleaned["payload"], name=f"import.{cleaned['format']}")
            try:
                SpreadsheetValidator()(checked)
            except forms.ValidationError as error:
                self.add_error("payload", error)
        return cleaned

    @staticmethod
    def encode(content: bytes) -> str:
        return base64.b64encode(content).decode("ascii")


class ReportTextForm(forms.ModelForm):
    """The coordinator's texts of one year's report (#13): the year comes from the address."""

    class Meta:
        model = ReportText
        fields = [
            "case_number",
            "addressed_to",
            "introduction",
            *(f"comment_{key}" for key, _label in REPORT_SECTIONS),
        ]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            **{
                f"comment_{key}": forms.Textarea(attrs={"rows": 3})
                for key, _label in REPORT_SECTIONS
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressed_to"].queryset = Body.objects.deciding().order_by("name")
        self.fields["case_number"].help_text = _("E.g. %(example)s.") % {
            "example": settings.CASE_NUMBER_EXAMPLE
        }
