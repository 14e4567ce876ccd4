"""Quick-action forms that record follow-up through peygir.followup's services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peygir.core.forms import JalaliDateField, PersianCharField
from peygir.followup.choices import Level
from peygir.organizations.models import Organization
from peygir.workspace.forms import QuickSelect


class _Attachments(forms.FileField):
    """Several files; peygir.followup's attachment_add checks each one's type and size."""

    class Widget(forms.ClearableFileInput):
        allow_multiple_selected = True

    widget = Widget

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return list(files)


class _FollowupForm(forms.Form):
    date = JalaliDateField(label=_("Date"))
    next_followup_date = JalaliDateField(label=_("Next follow-up date"), required=False)
    is_internal = forms.BooleanField(
        label=_("Internal (not shown to the public)"), required=False, initial=True
    )
    attachments = _Attachments(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, photos, Word or Excel files."),
    )


class LetterForm(_FollowupForm):
    fields_html_kept = True  # drawn unbound on every resolution page (workspace.templatetags)
    number = PersianCharField(label=_("Letter number"), max_length=60)
    subject = PersianCharField(label=_("Subject"), max_length=300)
    recipient = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=Organization.objects.filter(is_active=True),
        required=False,
        widget=QuickSelect,  # every active body of the country: drawn in Python, not per option
    )
    reply_due = JalaliDateField(label=_("Reply due"), required=False)
    level = forms.TypedChoiceField(
        label=_("Escalation level"), choices=Level.choices, coerce=int, initial=Level.REMINDER
    )
    field_order = ["number", "date", "subject", "recipient", "reply_due", "level"]


class VisitForm(_FollowupForm):
    fields_html_kept = True
    place = PersianCharField(label=_("Where"), max_length=300)
    met_whom = PersianCharField(label=_("Whom they met"), max_length=300)
    who_went = PersianCharField(label=_("Who went"), max_length=300)
    obtained = PersianCharField(
        label=_("What was obtained"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = ["date", "place", "met_whom", "who_went", "obtained"]
