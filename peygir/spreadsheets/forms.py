from django import forms
from django.utils.translation import gettext_lazy as _

from peygir.spreadsheets.reader import FileRejected, check_size


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("The columns of the export: download a list as Excel, edit it, upload it."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size or 0)
        except FileRejected as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
