"""The word list behind ZWNJ restoration, loaded once on first use.

The data is hazm's word and verb lists (MIT); see data/README.md for where they come from.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from .letters import DIACRITICS_RE, ZWNJ, fold_letters

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Lexicon:
    """Words, their frequency and tags, compounds and verb stems."""

    # word -> corpus frequency, only for entries hazm gives a part of speech: these are
    # vetted, whereas untagged entries include misspellings such as «میشود» and «کتابها».
    tagged: dict[str, int] = field(default_factory=dict)
    adjectives: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()  # every entry, tagged or not
    compounds: dict[str, str] = field(default_factory=dict)  # «نامهنگاری» -> «نامه‌نگاری»
    present_stems: frozenset[str] = frozenset()
    past_stems: frozenset[str] = frozenset()


def _clean(text: str) -> str:
    return DIACRITICS_RE.sub("", fold_letters(text))


@functools.cache
def lexicon() -> Lexicon:
    """Load the shipped word lists (cached)."""
    tagged: dict[str, int] = {}
    adjectives: set[str] = set()
    known: set[str] = set()
    compounds: dict[str, tuple[int, str]] = {}
    # Folding the whole file at once is ten times faster than word by word.
    raw = _clean((DATA_DIR / "hazm-words.dat").read_text(encoding="utf-8"))
    for line in raw.splitlines():
        word, _, rest = line.partition("\t")
        freq_text, _, tags = rest.partition("\t")
        if not word or not tags:
            continue
        freq = int(freq_text) if freq_text.isdigit() else 0
        known.add(word)
        if tags != "0":
            tagged[word] = max(freq, tagged.get(word, 0))
            if "AJ" in tags.split(","):
                adjectives.add(word)
        if ZWNJ in word:
            joined = word.replace(ZWNJ, "")
            # Two spellings may share a joined form; the more frequent one wins.
            if joined not in compounds or compounds[joined][0] < freq:
                compounds[joined] = (freq, word)
    present: set[str] = set()
    past: set[str] = set()
    with (DATA_DIR / "hazm-verbs.dat").open(encoding="utf-8") as lines:
        for line in lines:
            past_stem, _, present_stem = line.strip().partition("#")
            for stem, bucket in ((past_stem, past), (present_stem, present)):
                stem = _clean(stem.strip())
                if stem and " " not in stem:
                    bucket.add(stem)
    return Lexicon(
        tagged=tagged,
        adjectives=frozenset(adjectives),
        known=frozenset(known),
        compounds={joined: word for joined, (_, word) in compounds.items()},
        present_stems=frozenset(present),
        past_stems=frozenset(past),
    )
