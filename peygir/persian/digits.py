"""Convert between Persian, Arabic-Indic and Latin digits."""

from __future__ import annotations

import re

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

_TO_PERSIAN = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)
# Arabic-Indic digits are never what an Iranian reader expects; unify them to Persian
# while keeping whatever the writer chose between Persian and Latin.
_ARABIC_TO_PERSIAN = str.maketrans(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS)
_ARABIC_DIGIT_RE = re.compile(f"[{ARABIC_INDIC_DIGITS}]")


def to_persian_digits(s: str) -> str:
    """Return *s* with every Latin or Arabic-Indic digit written as a Persian digit."""
    return s.translate(_TO_PERSIAN)


def to_latin_digits(s: str) -> str:
    """Return *s* with every Persian or Arabic-Indic digit written as a Latin digit."""
    return s.translate(_TO_LATIN)


def unify_arabic_digits(s: str) -> str:
    """Return *s* with Arabic-Indic digits replaced by Persian ones, Latin left alone."""
    # Most text has no Arabic-Indic digit; skip the (slow, non-ASCII) translate then.
    if not _ARABIC_DIGIT_RE.search(s):
        return s
    return s.translate(_ARABIC_TO_PERSIAN)
