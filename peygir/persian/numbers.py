"""Read amounts of money written in words, digits or both, and write rials back."""

from __future__ import annotations

import re
from fractions import Fraction

from .digits import to_latin_digits, to_persian_digits
from .letters import ZWNJ
from .normalize import clean_characters

_UNITS: dict[str, int] = {
    "صفر": 0, "یک": 1, "یه": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6,
    "هفت": 7, "هشت": 8, "نه": 9, "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13,
    "چهارده": 14, "پانزده": 15, "پونزده": 15, "شانزده": 16, "شونزده": 16, "هفده": 17,
    "هجده": 18, "هیجده": 18, "نوزده": 19, "بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50,
    "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90, "یکصد": 100, "دویست": 200,
    "سیصد": 300, "چهارصد": 400, "پانصد": 500, "ششصد": 600, "هفتصد": 700, "هشتصد": 800,
    "نهصد": 900,
}  # fmt: skip
_SCALES: dict[str, int] = {
    "صد": 100,
    "هزار": 1_000,
    "میلیون": 1_000_000,
    "ملیون": 1_000_000,
    "میلیارد": 1_000_000_000,
    "ملیارد": 1_000_000_000,
    "تریلیون": 1_000_000_000_000,
}
_HALF = "نیم"
# Rials per unit. «همت» is هزار میلیارد تومان, the unit of the national budget.
_CURRENCIES: dict[str, int] = {
    "ریال": 1,
    "ریالی": 1,
    "تومان": 10,
    "تومانی": 10,
    "همت": 10 * 1_000_000_000_000,
}
_TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[^\s\d.]+")
_GROUPING_RE = re.compile(r"(?<=\d)[٬,،'](?=\d{3}(?!\d))")
_DECIMAL_RE = re.compile(r"(?<=\d)[٫./](?=\d)")


def _tokens(text: str) -> list[str]:
    text = to_latin_digits(clean_characters(text)).replace(ZWNJ, " ")
    previous = None
    while previous != text:  # «۱۲٬۵۰۰٬۰۰۰»: each pass drops the separators it can see
        previous, text = text, _GROUPING_RE.sub("", text)
    text = _DECIMAL_RE.sub(".", text)
    return [t for t in _TOKEN_RE.findall(text) if t not in {"و", "-", "،", ","}]


def _value(tokens: list[str]) -> Fraction | None:
    if not tokens:
        return None
    scale_at = max(
        (i for i, t in enumerate(tokens) if t in _SCALES),
        key=lambda i: _SCALES[tokens[i]],
        default=None,
    )
    if scale_at is not None:
        left = _value(tokens[:scale_at]) if scale_at else Fraction(1)
        right = _value(tokens[scale_at + 1 :]) if scale_at + 1 < len(tokens) else Fraction(0)
        if left is None or right is None or right >= _SCALES[tokens[scale_at]]:
            return None
        return left * _SCALES[tokens[scale_at]] + right
    total = Fraction(0)
    for token in tokens:
        if token[0].isdigit():
            total += Fraction(token)
        elif token in _UNITS:
            total += _UNITS[token]
        elif token == _HALF:
            total += Fraction(1, 2)
        else:
            return None
    return total


def words_to_number(text: str) -> int | None:
    """Read a whole number written in Persian words, digits or both; None if unreadable.

    «یک هزار و دویست» → 1200, «۲٫۵ میلیون» → 2500000, «سیصد و پنجاه» → 350.
    """
    value = _value(_tokens(text))
    if value is None or value.denominator != 1:
        return None
    return int(value)


def parse_amount_rials(text: str) -> int | None:
    """Read an amount of money and return it in rials; None if unreadable or fractional.

    A trailing ریال, تومان (×10) or همت (هزار میلیارد تومان) sets the unit; with no unit
    the amount is taken to be in rials, the unit the system stores.
    """
    tokens = _tokens(text)
    rials_per_unit = 1
    if tokens and tokens[-1] in _CURRENCIES:
        rials_per_unit = _CURRENCIES[tokens.pop()]
    value = _value(tokens)
    if value is None:
        return None
    rials = value * rials_per_unit
    return int(rials) if rials.denominator == 1 else None


def format_rials(n: int) -> str:
    """Write *n* rials with Persian digits and ٬ between thousands: «۵۰٬۰۰۰ ریال»."""
    grouped = f"{abs(n):,}".replace(",", "٬")
    return ("−" if n < 0 else "") + to_persian_digits(grouped) + " ریال"
