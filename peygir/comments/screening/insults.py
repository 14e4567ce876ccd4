"""Insults and obscenity from the project word list, on folded tokens."""

from __future__ import annotations

from dataclasses import dataclass, field

from peygir.comments.screening.matching import covered_by, find
from peygir.comments.screening.wordlists import lexicon


@dataclass(frozen=True)
class InsultSignal:
    severity: int  # 0 none, 1 mild, 2 insult, 3 obscenity
    terms: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)  # listed words excused by news usage


def detect(tokens: list[str]) -> InsultSignal:
    lex = lexicon()
    severity = 0
    terms: list[str] = []
    allowed: list[str] = []
    for match in find(tokens, lex.insults):
        level, term = lex.insults[match.key]
        if match.key in lex.allow_words or covered_by(match, tokens, lex.allow_phrases):
            allowed.append(term)
            continue
        severity = max(severity, level)
        terms.append(term)
    return InsultSignal(severity, terms, allowed)
