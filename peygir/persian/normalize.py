"""Normalize Persian text for storage and display.

Two entry points: :func:`normalize` for text we publish or import, and
:func:`normalize_input` for what users type into forms and the API. Both are idempotent,
leave Latin-only text as it is and never drop a letter: letters are only ever replaced by
their Persian form (ي→ی, ك→ک, ة→ه, presentation forms to base letters).
"""

from __future__ import annotations

import re

from .digits import to_persian_digits, unify_arabic_digits
from .letters import (
    DIACRITICS_RE,
    INVISIBLE_RE,
    LEFT_JOINING,
    ODD_SPACES_RE,
    PERSIAN_LETTERS,
    TATWEEL,
    ZWNJ,
    compose_marks,
    fold_letters,
    has_persian,
)
from .zwnj import restore_zwnj

_FA = f"[{PERSIAN_LETTERS}]"
# Persian context for the spacing rules: a letter or digit of Arabic script.
_FA_CTX = "[\u0600-\u06ff]"

_ZWNJ_RUN_RE = re.compile(f"{ZWNJ}{{2,}}")
_NEEDLESS_ZWNJ_RE = re.compile(
    f"(?<![{''.join(sorted(LEFT_JOINING))}]){ZWNJ}|{ZWNJ}(?![{PERSIAN_LETTERS}])"
)
_SPACE_RUN_RE = re.compile(f"(?<={_FA_CTX}) {{2,}}|(?<! ) {{2,}}(?={_FA_CTX})")
_SPACE_BEFORE_PUNCT_RE = re.compile(f"(?<={_FA_CTX})[ \t]+(?=[،؛؟.!:)\\]])|[ \t]+(?=[،؛؟])")
_SPACE_AFTER_PUNCT_RE = re.compile(f"(?<=[،؛؟])(?=[^\\s\\d،؛؟.!:)»\\]])|(?<={_FA}[.!:])(?={_FA})")
_LATIN_TO_PERSIAN_PUNCT = (
    (re.compile(f"(?<={_FA})[ \t]*,(?=[ \t]*{_FA_CTX})"), "،"),
    (re.compile(f"(?<={_FA})[ \t]*;(?=[ \t]*{_FA_CTX})"), "؛"),
    (re.compile(f"(?<={_FA})[ \t]*\\?"), "؟"),
)
_GUILLEMET_RULES = (
    (re.compile(f"«[ \t]+(?={_FA_CTX})"), "«"),
    (re.compile(f"(?<={_FA_CTX})[ \t]+»"), "»"),
    (re.compile(f"(?<={_FA_CTX})\\((?=[ \t]*{_FA_CTX})"), " ("),
    (re.compile(f"\\([ \t]+(?={_FA_CTX})"), "("),
    (re.compile(f"(?<={_FA_CTX})[ \t]+\\)"), ")"),
    (re.compile("(?<=[\\w.!؟،؛:)])«"), " «"),
    (re.compile("»(?=\\w)"), "» "),
)
# Digits are converted only outside Latin tokens such as «COVID-19» or «A4».
_ASCII_TOKEN_RE = re.compile(r"[A-Za-z0-9_\-./:]*[0-9][A-Za-z0-9_\-./:]*")
_ASCII_LETTER_RE = re.compile("[A-Za-z]")


def _drop_needless_zwnj(text: str) -> str:
    """Keep a ZWNJ only between a letter that joins forward and another letter."""
    if ZWNJ not in text:
        return text
    return _NEEDLESS_ZWNJ_RE.sub("", _ZWNJ_RUN_RE.sub(ZWNJ, text))


def clean_characters(text: str, *, strip_diacritics: bool = True) -> str:
    """Unify letters and digits and remove tatweel, bidi and stray zero-width characters."""
    text = ODD_SPACES_RE.sub(" ", text)
    text = INVISIBLE_RE.sub("", text)
    text = fold_letters(text).replace(TATWEEL, "")
    if strip_diacritics:
        text = DIACRITICS_RE.sub("", text)
    text = unify_arabic_digits(text)
    # Tatweel or a needless ZWNJ gone may leave a mark right after its letter (ا‌ٔ): compose
    # it now, or a second pass would, and cleaning would not be idempotent.
    return compose_marks(_drop_needless_zwnj(text))


def fix_spacing(text: str) -> str:
    """Fix spaces around punctuation and «», in Persian context only."""
    if not has_persian(text):
        return text
    for pattern, replacement in _LATIN_TO_PERSIAN_PUNCT:
        text = pattern.sub(replacement, text)
    text = _SPACE_BEFORE_PUNCT_RE.sub("", text)
    text = _SPACE_AFTER_PUNCT_RE.sub(" ", text)
    for pattern, replacement in _GUILLEMET_RULES:
        text = pattern.sub(replacement, text)
    return _SPACE_RUN_RE.sub(" ", text)


def persian_digits_outside_latin(text: str) -> str:
    """Write digits in Persian except inside Latin tokens («COVID-19», «A4»)."""

    def convert(match: re.Match[str]) -> str:
        token = match.group()
        return token if _ASCII_LETTER_RE.search(token) else to_persian_digits(token)

    return _ASCII_TOKEN_RE.sub(convert, text)


def normalize(
    text: str,
    *,
    persian_digits: bool = False,
    strip_diacritics: bool = True,
    fix_zwnj: bool = True,
) -> str:
    """Return *text* cleaned for storage and display.

    Arabic letter forms become Persian, Arabic-Indic digits become Persian (all digits
    outside Latin tokens do when *persian_digits*), tatweel, bidi controls and stray
    zero-width characters go, spacing around punctuation and «» is fixed, and missing
    ZWNJs are restored (when *fix_zwnj*). Line breaks are kept as they are.
    """
    text = clean_characters(text, strip_diacritics=strip_diacritics)
    if not has_persian(text):
        return persian_digits_outside_latin(text) if persian_digits else text
    text = fix_spacing(text)
    if fix_zwnj:
        text = restore_zwnj(text)
    if persian_digits:
        text = persian_digits_outside_latin(text)
    return text


def normalize_input(text: str) -> str:
    """Return what a user typed, cleaned conservatively before it is validated and saved.

    Digits keep the form they were typed in (Arabic-Indic ones become Persian), diacritics
    stay, outer whitespace goes; letters, invisible characters and ZWNJs are fixed as in
    :func:`normalize`.
    """
    return normalize(text, persian_digits=False, strip_diacritics=False).strip()
