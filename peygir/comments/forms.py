"""The citizen's comment form and the moderator's decision forms."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peygir.comments.choices import Reason, TargetKind
from peygir.comments.models import NAME_MAX, TEXT_MAX
from peygir.comments.screening import language
from peygir.core.forms import PersianCharField

TEXT_MIN = 3


class CommentForm(forms.Form):
    kind = forms.ChoiceField(choices=TargetKind.choices, widget=forms.HiddenInput)
    target = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    name = PersianCharField(
        label=_("Name"),
        max_length=NAME_MAX,
        error_messages={"required": _("Please write your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_(
            "Your email will not be published. We send the decision on your comment to it."
        ),
        error_messages={
            "required": _("Please write your email."),
            "invalid": _("Please write a valid email address."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    text = PersianCharField(
        label=_("Comment"),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        error_messages={
            "required": _("Please write your comment."),
            "min_length": _("The comment is too short."),
            "max_length": _("The comment is too long (at most %(limit_value)d characters)."),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # A field people never see and bots fill in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # Set once the writer has been asked to use Persian letters; a second send goes through.
    nudged = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nudged_now = False
        for name in ("name", "email", "text"):
            self.fields[name].widget.attrs["required"] = "required"

    @property
    def is_bot(self) -> bool:
        return bool(str(self.data.get("website") or ""))

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not self.data.get("nudged") and language.detect(text).language == language.FINGLISH:
            # Nudge before hold: a fixable problem is the writer's to fix.
            self.nudged_now = True
            raise ValidationError(
                _(
                    "Please write your comment in Persian letters. If you cannot, send it "
                    "again as it is and a moderator will read it."
                ),
                code="finglish",
            )
        return text


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("reject", _("Do not publish"))]
    )
    reasons = forms.MultipleChoiceField(choices=Reason.choices, required=False)
    note = forms.CharField(required=False, max_length=500)

    @property
    def publish(self) -> bool:
        return bool(self.cleaned_data["decision"] == "publish")


class BulkDecisionForm(DecisionForm):
    ids = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=[],
        error_messages={
            "required": _("Choose at least one comment."),
        },
    )

    def __init__(self, *args: Any, choices: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, str(pk)) for pk in choices]  # type: ignore[attr-defined]


class AppealForm(forms.Form):
    text = PersianCharField(
        label=_("Why should your comment be published?"),
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        error_messages={"required": _("Please write the reason for your appeal.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
