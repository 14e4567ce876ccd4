"""Accusations: a named official or body and an accusation word in the same sentence.

Truth cannot be judged automatically, so such a comment is held for a senior moderator.
A remark about corruption in general names no one and is not an accusation; neither is
an accusation word in a frame like «مبارزه با فساد».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from peygir.comments.screening.fold import sentences, tokens
from peygir.comments.screening.matching import find
from peygir.comments.screening.wordlists import lexicon


@dataclass(frozen=True)
class AccusationSignal:
    found: bool
    accusations: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    general: list[str] = field(default_factory=list)  # accusation words in a general frame


def target_keys(names: Iterable[str]) -> dict[str, str]:
    """Fold the names of the province's organizations and people into lookup keys.

    People write a body's core name («راه و شهرسازی», «گاز»), so the generic words of
    long names (اداره کل، شرکت، استان قم) are also dropped to make a short alias.
    """
    keys: dict[str, str] = {}
    generic = {"اداره", "کل", "شرکت", "سازمان", "استان", "شهرستان", "قم", "اسلامی", "جمهوری"}
    for name in names:
        folded = tokens(name)
        if not folded:
            continue
        keys.setdefault("".join(folded), name)
        core = [t for t in folded if t not in generic]
        if core and len("".join(core)) >= 3:
            keys.setdefault("".join(core), name)
    return keys


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def detect(text: str, names: dict[str, str] | None = None) -> AccusationSignal:
    lex = lexicon()
    targets_index = {**lex.targets, **(names or {})}
    accusations: list[str] = []
    targets: list[str] = []
    general: list[str] = []
    for sentence in sentences(text):
        toks = tokens(sentence)
        hits = find(toks, lex.accusations)
        if not hits:
            continue
        specific: list[str] = []
        fighting = any(len(f) == 1 and f[0] in toks for f in lex.general_frames)
        for hit in hits:
            before = toks[max(0, hit.start - 4) : hit.start]
            framed = fighting or any(_contains(before, frame) for frame in lex.general_frames)
            (general if framed else specific).append(lex.accusations[hit.key])
        named = [targets_index[m.key] for m in find(toks, targets_index, max_span=8)]
        if specific and named:
            accusations.extend(specific)
            targets.extend(named)
        else:
            general.extend(specific)
    return AccusationSignal(bool(accusations), accusations, targets, general)
