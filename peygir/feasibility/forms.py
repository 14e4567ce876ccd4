"""The forms of the feasibility page: the verdict and the checklist answers."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peygir.core.forms import PersianCharField
from peygir.feasibility.models import Answer
from peygir.feasibility.selectors import ChecklistRow
from peygir.resolutions.choices import FeasibilityVerdict

VERDICT_CHOICES = [
    (value, label)
    for value, label in FeasibilityVerdict.choices
    if value != FeasibilityVerdict.NOT_ASSESSED
]


class AssessmentForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=VERDICT_CHOICES, widget=forms.RadioSelect
    )
    reasons = PersianCharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    cancel_if_infeasible = forms.BooleanField(
        label=_("If not feasible, cancel the resolution as infeasible"),
        help_text=_("Leave unticked to keep it so that it can be rewritten and assessed again."),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChecklistForm(forms.Form):
    """One answer and one note per active checklist item."""

    def __init__(self, *args: Any, rows: list[ChecklistRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"answer_{row.item.pk}"] = forms.ChoiceField(
                label=row.item.question,
                choices=[("", "—"), *Answer.choices],
                required=False,
                initial=row.answer.answer if row.answer else "",
            )
            self.fields[f"note_{row.item.pk}"] = PersianCharField(
                label=_("Note"),
                required=False,
                max_length=500,
                initial=row.answer.note if row.answer else "",
            )

    def bound_rows(self) -> list[tuple[ChecklistRow, forms.BoundField, forms.BoundField]]:
        """Return each row with its answer and note fields, for the table on the page."""
        return [
            (row, self[f"answer_{row.item.pk}"], self[f"note_{row.item.pk}"]) for row in self.rows
        ]

    def answers(self) -> list[tuple[ChecklistRow, str, str]]:
        """Return (row, answer, note) for every item given an answer."""
        given: list[tuple[ChecklistRow, str, str]] = []
        for row in self.rows:
            answer = self.cleaned_data.get(f"answer_{row.item.pk}") or ""
            if answer:
                given.append((row, answer, self.cleaned_data.get(f"note_{row.item.pk}") or ""))
        return given
