from django import forms
from django.utils.translation import gettext_lazy as _

from peygir.persian import normalize_input
from peygir.portal.models import SubscriptionTarget


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)

    def clean_q(self) -> str:
        return normalize_input(self.cleaned_data["q"])


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter a valid email address."),
        },
    )
    target = forms.ChoiceField(choices=SubscriptionTarget.choices, widget=forms.HiddenInput)
    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    # Left empty by people; bots that fill every box are turned away quietly.
    website = forms.CharField(required=False, widget=forms.HiddenInput)
