"""Jalali date fields read any digits and refuse impossible dates in Persian."""

import datetime

import pytest
from django import forms

from peygir.core.forms import JalaliDateField, PersianIntegerField


class DateForm(forms.Form):
    day = JalaliDateField()
    amount = PersianIntegerField(required=False, min_value=0)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("۱۴۰۳/۰۸/۱۵", datetime.date(2024, 11, 5)),
        ("1403/8/15", datetime.date(2024, 11, 5)),
        ("١٤٠٣-٠٨-١٥", datetime.date(2024, 11, 5)),
        ("۱۴۰۳/۱۲/۳۰", datetime.date(2025, 3, 20)),
    ],
)
def test_jalali_dates_in_any_digits(typed: str, expected: datetime.date) -> None:
    form = DateForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == expected


@pytest.mark.parametrize("typed", ["۱۴۰۳/۱۲/۳۱", "1404/13/01", "1404/00/10", "فردا"])
def test_impossible_dates_get_a_persian_error(typed: str) -> None:
    form = DateForm({"day": typed})
    assert not form.is_valid()
    message = form.errors["day"][0]
    assert any("\u0600" <= char <= "\u06ff" for char in message), message


def test_the_widget_shows_jalali_with_persian_digits() -> None:
    html = str(DateForm(initial={"day": datetime.date(2024, 11, 5)})["day"])
    assert "۱۴۰۳/۰۸/۱۵" in html


def test_integers_typed_with_persian_digits_and_separators() -> None:
    form = DateForm({"day": "1403/1/1", "amount": "۵۰٬۰۰۰"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 50000
