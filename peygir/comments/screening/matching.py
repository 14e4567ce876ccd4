"""Find listed words in folded tokens: whole tokens, or a word typed across 2–3 tokens."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    start: int  # first token
    end: int  # one past the last token
    key: str


def find[V](tokens: Sequence[str], keys: Mapping[str, V], *, max_span: int = 3) -> list[Match]:
    """Return every listed key found at a token position, longest first at each position.

    A key may be typed across neighbouring tokens («بی شرف», «اح مق»): the tokens are joined
    without spaces and looked up again. Never a substring of a token: «هرکس» is not «کس».
    """
    found: list[Match] = []
    i = 0
    while i < len(tokens):
        hit = None
        for span in range(min(max_span, len(tokens) - i), 0, -1):
            key = "".join(tokens[i : i + span])
            if key in keys:
                hit = Match(i, i + span, key)
                break
        if hit:
            found.append(hit)
            i = hit.end
        else:
            i += 1
    return found


def covered_by(
    match: Match, tokens: Sequence[str], phrases: Sequence[tuple[str, ...]]
) -> tuple[str, ...] | None:
    """Return the allowed phrase that contains the match, if any («پلیس دزد را دستگیر کرد»)."""
    for phrase in phrases:
        n = len(phrase)
        for start in range(max(0, match.end - n), min(match.start, len(tokens) - n) + 1):
            if tuple(tokens[start : start + n]) == phrase:
                return phrase
    return None
