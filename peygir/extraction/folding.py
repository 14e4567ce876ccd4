"""Fold Persian text for matching while remembering where every character came from.

Triggers and deadlines are matched on a folded copy of the input (one letter for ي/ی,
ك/ک, one set of digits, ZWNJ read as a space), but what we report must index the text
exactly as the user gave it. So folding maps each input character to at most one output
character and keeps, for every folded character, its offset in the input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_MAP: dict[str, str] = {
    "ي": "ی",
    "ى": "ی",
    "ئ": "ی",
    "ك": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "\u200c": " ",  # ZWNJ: «می‌شود», «می شود» and «میشود» all become «می شود» or «میشود»
    "\u00a0": " ",
    "\u202f": " ",
    "\t": " ",
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",
}
for _i in range(10):
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits

# Dropped outright: tatweel, diacritics, hamza above, zero-width and bidi controls.
_DROP = frozenset(
    ["\u0640", "\u200b", "\u200d", "\u200e", "\u200f", "\ufeff", "\u0654", "\u0670"]
    + [chr(c) for c in range(0x064B, 0x0653)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


_TABLE = str.maketrans({**_MAP, "\r": "\n"})  # one character for one: offsets stay put
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]|\r(?=\n)")


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded copy of a text and, for each of its characters, the input offset."""

    text: str
    origin: Sequence[int]
    source_length: int

    def start(self, i: int) -> int:
        """Return the input offset where folded position *i* begins."""
        return self.origin[i] if i < len(self.origin) else self.source_length

    def end(self, j: int) -> int:
        """Return the input offset just after folded position *j* - 1 (a slice end)."""
        return self.origin[j - 1] + 1 if j > 0 else 0


def fold(text: str) -> Folded:
    """Fold *text*; a CR before LF is dropped so that CRLF and LF read the same."""
    dropped = {m.start() for m in _DROP_RE.finditer(text)}
    if not dropped:  # the common case: no offset moves
        return Folded(text.translate(_TABLE), range(len(text)), len(text))
    origin = [i for i in range(len(text)) if i not in dropped]
    kept = "".join(text[i] for i in origin)
    return Folded(kept.translate(_TABLE), origin, len(text))
