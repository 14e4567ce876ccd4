"""Highlighted snippets cut from the display text, matched through the same folding as the index.

The index holds folded keys, which must never be shown (no ZWNJ, «ا» for «آ», Latin digits).
So snippets are built here from the clean display text: each word is folded on its own and
compared with the query terms by prefix, as the full-text engines do. A word that search_key
glues to its neighbour («می شود», «مصوبه های») is matched as the pair or triple it forms.
Everything is HTML-escaped; only our own <mark> tags are markup.
"""

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from peygir.persian import search_key

MAX_WORDS_SCANNED = 5000
BEFORE = 8


@lru_cache(maxsize=65536)
def _word_key(word: str) -> tuple[str, ...]:
    return tuple(search_key(word).split())


def _match_length(keys: list[tuple[str, ...]], i: int, terms: list[str]) -> int:
    """Return how many words starting at `i` make up a match of a term (0: none)."""
    if any(token.startswith(term) for token in keys[i] for term in terms):
        return 1
    glued = "".join(keys[i])
    for n in (2, 3):
        if i + n > len(keys) or not glued:
            break
        glued += "".join(keys[i + n - 1])
        if any(glued.startswith(term) and len(term) > len("".join(keys[i])) for term in terms):
            return n
    return 0


def highlight(display: str, terms: list[str], *, words: int = 30) -> SafeString:
    """Return about `words` words of `display` around the first match, matches in <mark>."""
    all_words = display.split()
    scanned = all_words[:MAX_WORDS_SCANNED]
    keys = [_word_key(word) for word in scanned]
    marks: list[int] = [0] * len(scanned)
    i = 0
    while i < len(scanned):
        length = _match_length(keys, i, terms) if terms else 0
        if length:
            marks[i] = length
            i += length
        else:
            i += 1
    first = next((i for i, length in enumerate(marks) if length), 0)
    start = max(0, first - BEFORE)
    end = min(len(all_words), start + words)
    pieces: list[str] = ["…"] if start > 0 else []
    i = start
    while i < end:
        length = marks[i] if i < len(marks) else 0
        if length:
            pieces.append(f"<mark>{escape(' '.join(all_words[i : i + length]))}</mark>")
            i += length
        else:
            pieces.append(str(escape(all_words[i])))
            i += 1
    if end < len(all_words):
        pieces.append("…")
    return mark_safe(" ".join(pieces))  # every piece is escaped above
