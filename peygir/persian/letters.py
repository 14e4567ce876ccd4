"""Character classes and foldings shared by normalization and search keys."""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"

# The letters of Persian text after normalization (no Arabic ي ك ة).
PERSIAN_LETTERS = "ءآأؤإئابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیۀ"
# Letters that never join the letter after them, so a ZWNJ after them changes nothing.
_NON_LEFT_JOINING = "ءآأؤإادذرزژوۀ"
LEFT_JOINING = frozenset(PERSIAN_LETTERS) - frozenset(_NON_LEFT_JOINING)

# Arabic and Urdu code points that stand for a Persian letter, folded to the Persian one.
ARABIC_TO_PERSIAN: dict[str, str] = {
    "ي": "ی",
    "ى": "ی",
    "\u06d0": "ی",  # ې
    "ك": "ک",
    "\u06aa": "ک",  # ڪ
    "ة": "ه",
    "\u06c3": "ه",  # ۃ
    "\u06be": "ه",  # ھ
    "\u06c1": "ه",  # ہ
    "\u06d5": "ه",  # ە
    "\u06c2": "ۀ",
    "\u0671": "ا",  # ٱ
}

# Combining marks that, placed after a base letter, spell a precomposed Persian letter.
_COMPOSE = {
    "ه\u0654": "ۀ",
    "ی\u0654": "ئ",
    "ا\u0654": "أ",
    "و\u0654": "ؤ",
    "ا\u0655": "إ",
    "ا\u0653": "آ",
}
_COMPOSE_RE = re.compile("|".join(_COMPOSE))

DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
TATWEEL = "\u0640"
# Invisible characters that only ever cause trouble in stored text: bidi controls,
# zero-width space and joiner, word joiner, BOM, soft hyphen, Arabic letter mark.
INVISIBLE_RE = re.compile("[\u00ad\u061c\u200b\u200d-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
ODD_SPACES_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def _unpresent(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def fold_letters(text: str) -> str:
    """Return *text* with Arabic letter forms, presentation forms and hamza marks unified."""
    if _PRESENTATION_RE.search(text):
        text = _PRESENTATION_RE.sub(_unpresent, text)
    # str.replace is far faster than str.translate for non-ASCII tables.
    for arabic, persian in ARABIC_TO_PERSIAN.items():
        if arabic in text:
            text = text.replace(arabic, persian)
    return compose_marks(text)


def compose_marks(text: str) -> str:
    """Return *text* with a hamza or madda mark that follows its letter written as one letter."""
    if "\u0653" in text or "\u0654" in text or "\u0655" in text:
        text = _COMPOSE_RE.sub(lambda m: _COMPOSE[m.group()], text)
    return text


def has_persian(text: str) -> bool:
    """Tell whether *text* contains any Arabic-script letter."""
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufefe" for ch in text)
