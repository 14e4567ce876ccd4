"""Fold text into tokens for matching word lists, with obfuscation folded away.

Writers dodge word lists by spacing letters out («ا ح م ق»), splitting a word with a ZWNJ
or a dot («اح‌مق», «اح.مق»), typing Arabic letters («احمق» with ك/ي), stretching a letter
(«احمقققق») or using digits for Latin letters («b1sh00r»). Folding undoes all of these,
and the word lists are folded the same way, so matching is on whole folded tokens and a
listed word never fires inside a longer one: «هر کس» stays two ordinary words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from peygir.persian.letters import DIACRITICS_RE, INVISIBLE_RE, TATWEEL, ZWNJ, fold_letters

_LETTER_VARIANTS = str.maketrans(
    {"آ": "ا", "أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ی", "ۀ": "ه", "ء": None}
)
# Characters written between the letters of one word to break it up.
_SPLITTERS_RE = re.compile(r"(?<=\w)[.\-_*•·+~^'`|/\\]+(?=\w)")
_NON_WORD_RE = re.compile(r"[\W_]+")
_REPEATS_RE = re.compile(r"(\D)\1+")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_LATIN_RE = re.compile("[a-z]")


def clean(text: str) -> str:
    """Remove what no reader sees (bidi controls, zero-width characters) and unify letters."""
    text = INVISIBLE_RE.sub("", text).replace(ZWNJ, "").replace(TATWEEL, "")
    return DIACRITICS_RE.sub("", fold_letters(text)).translate(_LETTER_VARIANTS)


def fold_token(token: str) -> str:
    """Fold one token: digits used as Latin letters, then letters stretched by repetition."""
    if _LATIN_RE.search(token):
        token = token.translate(_LEET)
    return _REPEATS_RE.sub(r"\1", token)


def tokens(text: str) -> list[str]:
    """Return the folded tokens of *text*, with runs of lone letters joined into a word."""
    text = _SPLITTERS_RE.sub("", clean(text).casefold().replace("@", "a").replace("$", "s"))
    raw = [fold_token(t) for t in _NON_WORD_RE.split(text) if t]
    out: list[str] = []
    run: list[str] = []
    for token in [*raw, ""]:
        # «و» alone is the word "and"; three or more lone letters in a row are a spelled word.
        if len(token) == 1:
            run.append(token)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if token:
            out.append(token)
    return out


@lru_cache(maxsize=4096)
def fold_phrase(phrase: str) -> tuple[str, ...]:
    """Fold a word-list entry the way comment text is folded."""
    return tuple(tokens(phrase))


def sentences(text: str) -> list[str]:
    """Split *text* into sentences, where accusations and their targets are looked for."""
    return [s for s in re.split(r"[.!?؟؛\n]+|،\s*(?:ولی|اما|و)\s", text) if s.strip()]
