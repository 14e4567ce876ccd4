import pytest

from peygir.persian import to_latin_digits, to_persian_digits, unify_arabic_digits


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
        ("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"),
        ("۰۱۲۳۴۵۶۷۸۹", "۰۱۲۳۴۵۶۷۸۹"),
        ("مصوبه 12 و ١٣", "مصوبه ۱۲ و ۱۳"),
        ("abc", "abc"),
        ("", ""),
    ],
)
def test_to_persian_digits(given: str, expected: str) -> None:
    assert to_persian_digits(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("1403/۰۸/١٥", "1403/08/15"),
        ("بدون رقم", "بدون رقم"),
    ],
)
def test_to_latin_digits(given: str, expected: str) -> None:
    assert to_latin_digits(given) == expected


def test_unify_arabic_digits_keeps_latin_and_persian() -> None:
    assert unify_arabic_digits("12 ۱۲ ١٢") == "12 ۱۲ ۱۲"
