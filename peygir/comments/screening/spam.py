"""Spam and advertising: links, phone numbers and the words of ads."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peygir.comments.screening.matching import find
from peygir.comments.screening.wordlists import lexicon
from peygir.persian.digits import to_latin_digits

_LINK_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:ir|com|net|org|info|xyz|me|io|co|shop|site|link)\b"
    r"|@\w{4,}|\bt\.me/\S+",
    re.IGNORECASE,
)
# Iranian mobile and landline numbers, however written: 0912 123 4567, +98 912…, 025-3xxxx.
_PHONE_RE = re.compile(
    r"(?:\+|00)?98[\s-]?9\d{2}[\s-]?\d{3}[\s-]?\d{4}|\b09\d{2}[\s-]?\d{3}[\s-]?\d{4}\b"
    r"|\b0\d{2,3}[\s-]?\d{7,8}\b"
)


@dataclass(frozen=True)
class SpamSignal:
    score: int
    links: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    ad_words: list[str] = field(default_factory=list)


def detect(text: str, toks: list[str]) -> SpamSignal:
    latin = to_latin_digits(text)
    links = _LINK_RE.findall(latin)
    phones = _PHONE_RE.findall(latin)
    lex = lexicon()
    ads = [lex.ads[m.key] for m in find(toks, lex.ads)]
    score = 2 * bool(links) + len(links[1:]) + 2 * bool(phones) + len(ads)
    return SpamSignal(score, links, phones, ads)
