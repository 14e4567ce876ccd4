"""The two steps of the page: give the minutes, then review the proposed resolutions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peygir.core.forms import JalaliDateField
from peygir.extraction.documents import MAX_BYTES, read_document
from peygir.workspace.forms import ResolutionRowForm


class MinutesForm(forms.Form):
    """Pasted text or an uploaded file, and the meeting date deadlines count from."""

    text = forms.CharField(
        label=_("Text of the minutes or the news"),
        required=False,
        strip=False,  # offsets of the proposals index this text exactly as given
        widget=forms.Textarea(attrs={"rows": 12, "dir": "rtl"}),
    )
    document = forms.FileField(
        label=_("Or a file (text, .docx, or a PDF with a text layer)"), required=False
    )
    reference_date = JalaliDateField(label=_("Meeting date (deadlines count from it)"))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        upload = cleaned.get("document")
        if upload is not None and (upload.size or 0) > MAX_BYTES:
            self.add_error("document", _("The file is too large; the largest accepted is 5 MB."))
            return cleaned
        if upload is not None:
            try:
                cleaned["text"] = read_document(upload.read())
            except ValidationError as error:
                self.add_error("document", error)
                return cleaned
        if not (cleaned.get("text") or "").strip():
            raise ValidationError(_("Paste the text of the minutes or choose a file."))
        return cleaned


class ProposalForm(ResolutionRowForm):
    """A proposed resolution, as the workspace's row form plus a box to leave it out."""

    include = forms.BooleanField(label=_("Register this one"), required=False, initial=True)
    sentence = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.data and not self.data.get(self.add_prefix("include")):
            for field in self.fields.values():
                field.required = False  # a proposal left out need not be complete


class BaseProposalFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        valid = [form for form in self.forms if form.is_valid()]
        ticked = any(form.cleaned_data.get("include") for form in valid)
        if not ticked and not any(form.errors for form in self.forms):
            raise ValidationError(_("Tick at least one resolution to register."))


ProposalFormSet = forms.formset_factory(
    ProposalForm, formset=BaseProposalFormSet, extra=0, max_num=200, validate_max=True
)
