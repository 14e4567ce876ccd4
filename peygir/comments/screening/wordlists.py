"""The screen's word lists, read once from the data files beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from peygir.comments.screening.fold import fold_phrase, fold_token

DATA = Path(__file__).resolve().parent / "data"
# Persian endings a listed stem may take: plural, indefinite, person, comparative.
SUFFIXES = (
    "",
    "ها",
    "های",
    "هایی",
    "ان",
    "ای",
    "ی",
    "ید",
    "ین",
    "ا",
    "تر",
    "ترین",
    "تان",
    "شان",
    "تون",
    "شون",
    "ه",
    "هاشان",
    "هاتون",
    "ند",
    "م",
    "اید",
    "ایم",
    "هاست",
)


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _words(name: str) -> frozenset[str]:
    return frozenset(fold_token(w) for line in _lines(name) for w in fold_phrase(line))


@dataclass(frozen=True)
class Lexicon:
    """Folded forms of every list: keys are whole tokens or tokens joined without spaces."""

    insults: dict[str, tuple[int, str]]  # folded key → (severity, listed term)
    insult_lengths: frozenset[int]  # how many tokens an insult may be typed across
    allow_words: frozenset[str]
    allow_phrases: tuple[tuple[str, ...], ...]
    accusations: dict[str, str]
    targets: dict[str, str]
    general_frames: tuple[tuple[str, ...], ...]
    ads: dict[str, str]
    english: frozenset[str]
    finglish: frozenset[str]
    stopwords: frozenset[str]
    civic: frozenset[str]


def _expand(term: str, stem: bool) -> list[str]:
    key = "".join(fold_phrase(term))
    return [fold_token(key + s) for s in (SUFFIXES if stem else ("",))]


def _keyed(name: str, *, stem: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in _lines(name):
        for key in _expand(line, stem):
            out.setdefault(key, line)
    return out


@cache
def lexicon() -> Lexicon:
    insults: dict[str, tuple[int, str]] = {}
    for line in _lines("insults.tsv"):
        term, severity, *flags = line.split("\t")
        for key in _expand(term, "s" in flags):
            # A key shared by two entries keeps the more severe one.
            if key not in insults or insults[key][0] < int(severity):
                insults[key] = (int(severity), term)
    allow = [fold_phrase(line) for line in _lines("allow.txt")]
    allow_words = frozenset("".join(p) for p in allow if len(p) == 1)
    return Lexicon(
        insults=insults,
        insult_lengths=frozenset({1, 2, 3}),
        allow_words=allow_words,
        allow_phrases=tuple(p for p in allow if len(p) > 1),
        accusations=_keyed("accusations.txt", stem=True),
        targets=_keyed("targets.txt", stem=False),
        general_frames=tuple(fold_phrase(line) for line in _lines("general_frames.txt")),
        ads=_keyed("ads.txt", stem=False),
        english=frozenset(
            w.replace("'", "") for line in _lines("english.txt") for w in line.split()
        ),
        finglish=frozenset(w for line in _lines("finglish.txt") for w in line.split()),
        stopwords=_words("stopwords.txt"),
        civic=_words("civic.txt"),
    )


VERSION = "2026-11-26.1"
