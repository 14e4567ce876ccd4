"""Keys for indexing and querying: one key for every spelling of the same words.

``search_key`` folds, in this order:

1. everything :func:`~peygir.persian.normalize.clean_characters` does (Arabic ي ك ة and
   presentation forms to Persian letters, diacritics, tatweel, bidi and zero-width
   characters removed);
2. missing ZWNJs restored as in ``normalize`` so that compounds typed with a space
   («بین الملل») become one word, then every ZWNJ removed: «مصوبه‌های», «مصوبه های» and
   «مصوبههای» all become «مصوبههای»;
3. affixes that people write apart glued to their word: «می شود» → «میشود», «آن ها» →
   «آنها», «بزرگ ترین» → «بزرگترین»;
4. letter variants that spelling does not agree on: آ أ إ → ا, ؤ → و, ئ → ی, ۀ → ه;
5. every digit to Latin, thousands separators dropped between digits, ٫ → «.»;
6. Latin letters case-folded; punctuation to spaces; runs of spaces to one.

The key is lossy on purpose: it is stored next to the text in the search index and used
only to match, never shown.
"""

from __future__ import annotations

import re

from .digits import to_latin_digits
from .letters import ZWNJ
from .lexicon import lexicon
from .normalize import clean_characters
from .zwnj import (
    COMPARATIVE_SUFFIXES,
    FUNCTION_WORDS,
    PLURAL_SUFFIXES,
    SILENT_H_SUFFIXES,
    is_verb_form,
    restore_zwnj,
)

_LETTER_VARIANTS = {"آ": "ا", "أ": "ا", "إ": "ا", "ؤ": "و", "ئ": "ی", "ۀ": "ه"}
_DIGIT_GROUPING_RE = re.compile(r"(?<=\d)[٬,،](?=\d{3})")
_DECIMAL_RE = re.compile(r"(?<=\d)٫(?=\d)")
_NON_WORD_RE = re.compile(r"[^\w.]+|(?<!\d)\.|\.(?!\d)")
_GLUE_AFTER = frozenset(PLURAL_SUFFIXES) | frozenset(SILENT_H_SUFFIXES) | {"ترین"}
_GLUE_BEFORE = frozenset({"می", "نمی"})


def _glue_affixes(words: list[str]) -> list[str]:
    lex = lexicon()
    out: list[str] = []
    glue_next = False
    for word in words:
        previous = out[-1] if out else ""
        if (glue_next and is_verb_form(word, lex)) or (
            previous
            and previous not in FUNCTION_WORDS
            and (
                word in _GLUE_AFTER or (word in COMPARATIVE_SUFFIXES and previous in lex.adjectives)
            )
        ):
            out[-1] += word
        else:
            out.append(word)
        glue_next = word in _GLUE_BEFORE
    return out


_SPACES_RE = re.compile(r"[^\S\n]+")


def search_key(text: str) -> str:
    """Return the folded form of *text* used to index and to query.

    Folding again must change nothing (the index and the query meet on the same key), but
    gluing one affix can expose another («نمی اش اند»), so fold until the key is stable.
    """
    key = _fold(text)
    for _ in range(3):
        again = _fold(key)
        if again == key:
            break
        key = again
    return key


def _fold(text: str) -> str:
    # Runs of spaces are collapsed first, so that «بین  الملل» joins like «بین الملل».
    text = _SPACES_RE.sub(" ", clean_characters(text))
    text = restore_zwnj(text).replace(ZWNJ, "")
    for variant, plain in _LETTER_VARIANTS.items():
        if variant in text:
            text = text.replace(variant, plain)
    text = to_latin_digits(text)
    text = _DIGIT_GROUPING_RE.sub("", text)
    text = _DECIMAL_RE.sub(".", text)
    text = _NON_WORD_RE.sub(" ", text.casefold()).replace("_", " ")
    return " ".join(_glue_affixes(text.split()))


def search_terms(query: str) -> list[str]:
    """Return the distinct keys of the words in *query*, in order, for an FTS query."""
    return list(dict.fromkeys(search_key(query).split()))
