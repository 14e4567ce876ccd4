"""How a comment relates to the item it is posted on: shared word stems.

People agree on relevance only moderately, so a low score flags a comment for a moderator
and never rejects it. Words of public affairs (مسئولین، وعده، روستا…) count as on topic
for every item of a governorate's portal.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from peygir.comments.screening.fold import tokens
from peygir.comments.screening.wordlists import lexicon

STEM = 4  # letters kept: enough to meet «جاده» in «جاده‌ها» and «آسفالت» in «آسفالتش»


def _stems(text: str) -> set[str]:
    lex = lexicon()
    return {
        t[:STEM] for t in tokens(text) if len(t) > 2 and t not in lex.stopwords and not t.isdigit()
    }


@lru_cache(maxsize=128)
def _context_stems(context: str) -> frozenset[str]:
    return frozenset(_stems(context))


@dataclass(frozen=True)
class RelevanceSignal:
    score: float  # share of the comment's content words found in the item or civic words
    words: int
    off_topic: bool


def detect(text: str, context: str) -> RelevanceSignal:
    stems = _stems(text)
    if not context.strip() or not stems:
        return RelevanceSignal(1.0, len(stems), False)
    known = _context_stems(context) | _civic()
    shared = sum(1 for s in stems if s in known or s[:3] in known)
    score = shared / len(stems)
    # Too few words say nothing either way («عالی بود»); a longer comment sharing no word
    # at all with the item or with public affairs is flagged.
    return RelevanceSignal(round(score, 3), len(stems), len(stems) >= 3 and shared == 0)


@lru_cache(maxsize=1)
def _civic() -> frozenset[str]:
    return frozenset(w[:STEM] for w in lexicon().civic if len(w) > 2)
