"""The six-digit code of two-step sign-in, typed in Persian, Arabic-Indic or Latin digits."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peygir.accounts.two_factor import CODE_DIGITS, normalize_code


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=20,
        help_text=_("The code your authenticator app shows now for Peygir."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "dir": "ltr",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CODE_DIGITS or not (code.isascii() and code.isdigit()):
            raise ValidationError(_("Type the six digits the app shows."), code="format")
        return code

    def refuse(self, *, locked: bool = False) -> None:
        """Show why a well-formed code was not accepted."""
        if locked:
            self.add_error(
                None,
                ValidationError(
                    _(
                        "Too many failed attempts. Sign-in is locked for a few minutes; "
                        "try again later or ask the administrator."
                    ),
                    code="locked",
                ),
            )
        else:
            self.add_error("code", _("This code is wrong or already used. Wait for the next one."))


# Said by the sign-in and account pages (peygir.workspace.views), kept with the rest.
TURNED_ON = _("Two-step sign-in is on.")
TURNED_OFF = _("Two-step sign-in is off.")
NO_ADMIN_ACCESS = _("This account may not use the administration pages.")
