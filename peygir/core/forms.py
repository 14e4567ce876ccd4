"""Form fields that read what Persian users type: Jalali dates, any digits, normalized text."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from peygir.persian import JalaliDateError, format_jalali_date, parse_jalali_date
from peygir.persian.digits import to_latin_digits
from peygir.persian.normalize import normalize_input


class JalaliDateInput(forms.TextInput):
    """A text box that shows a date as Jalali with Persian digits (۱۴۰۳/۰۸/۱۵)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "placeholder": "۱۴۰۴/۰۱/۱۵",
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "jalali-date",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return format_jalali_date(value)
        formatted: str | None = super().format_value(value)
        return formatted


class JalaliDateField(forms.Field):
    """A date typed as Jalali in any digits (۱۴۰۳/۸/۱۵, 1403-08-15, ۱۵ آبان ۱۴۰۳)."""

    widget = JalaliDateInput

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_jalali_date(str(value))
        except JalaliDateError as error:
            raise ValidationError(str(error), code="invalid_jalali_date") from error


class PersianCharField(forms.CharField):
    """A text field whose value is normalized on the way in (letters, spaces, ZWNJ)."""

    def to_python(self, value: Any) -> str | None:
        text: str | None = super().to_python(value)
        return normalize_input(text) if text else text


class PersianIntegerField(forms.IntegerField):
    """An integer typed with Persian, Arabic-Indic or Latin digits and separators."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_latin_digits(value).replace(",", "").replace("٬", "").strip()
        return super().to_python(value)
