"""Restore the zero-width non-joiner (ZWNJ) where Persian needs it and writers left it out.

Rules first, lexicon second: a rule proposes a split (verb prefix, plural, clitic after a
silent ه, comparative, compound) and the lexicon vetoes it when the written word is
already a known word («میز», «میدان», «تنها», «دفتر»). Words that already carry a ZWNJ
are trusted as written. See tests/test_zwnj.py for every rule and trap.
"""

from __future__ import annotations

import functools
import re

from .letters import LEFT_JOINING, PERSIAN_LETTERS, ZWNJ
from .lexicon import Lexicon, lexicon

WORD_RE = re.compile(f"([{PERSIAN_LETTERS}{ZWNJ}]+)")

VERB_PREFIXES = ("نمی", "می")
# Preverbs written joined to می: «برمی‌گردد», «درمی‌آید».
PREVERBS = ("", "بر", "در", "فرو", "فرا", "باز", "وا")
PRESENT_ENDINGS = ("ند", "ید", "یم", "م", "ی", "د")
PAST_ENDINGS = ("ند", "ید", "یم", "م", "ی", "ه", "")
# Modal and impersonal forms that take می without a personal ending.
BARE_VERBS = frozenset({"توان", "بایست", "بایستی", "باید", "شاید"})

# Real words that merely end like a plural: «تنهایی» is not «تن‌هایی».
NOT_PLURALS = frozenset(
    {"تنها", "تنهایی", "انتها", "انتهای", "انتهایی", "اشتها", "اشتهای", "اشتهایی"}
)
PLURAL_SUFFIXES = ("هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ها")
# After a silent ه these are written apart: «ویژه‌ای», «داده‌ایم», «شده‌اند», «خانه‌اش».
SILENT_H_SUFFIXES = ("ایم", "اید", "اند", "ای", "ام", "اش", "ات")
COMPARATIVE_SUFFIXES = ("ترین", "تر")
# Short words that end in ه or take ها but are never the stem of these suffixes.
FUNCTION_WORDS = frozenset(
    {"که", "چه", "به", "نه", "از", "با", "در", "بر", "تا", "هم", "یا", "و", "را", "ای", "اگر"}
    | {"می", "نمی", "هر", "چند"}
)
# How much more frequent the plain stem must be before «Xهای» reads as X + های rather than
# Xه + ای: the indefinite after a silent ه («مصوبه‌ای», «خانه‌ای») is the common case.
_PLURAL_OVER_INDEFINITE = 20


def is_verb_form(word: str, lex: Lexicon) -> bool:
    """Tell whether *word* is a present or past stem with a personal ending."""
    if word in BARE_VERBS:
        return True
    for ending in PRESENT_ENDINGS:
        if len(word) > len(ending) and word.endswith(ending):
            stem = word[: -len(ending)]
            if stem in lex.present_stems and len(stem) >= 2:
                return True
            # A glide ی after a vowel-final stem: «نما» + ی + د.
            if stem.endswith("ی") and stem[:-1] in lex.present_stems and stem[-2:-1] in "اوآ":
                return True
    for ending in PAST_ENDINGS:
        stem = word[: -len(ending)] if ending else word
        if len(stem) >= 2 and word.endswith(ending) and stem in lex.past_stems:
            return True
    return False


def _freq(word: str, lex: Lexicon) -> int:
    return lex.tagged.get(word, -1 if word in lex.known else -2)


def _join(left: str, right: str, lex: Lexicon) -> str | None:
    if left[-1] in LEFT_JOINING:
        return left + ZWNJ + right
    # Written solid, the pair must not read as another word next time round («اد های»).
    solid = left + right
    return solid if fix_word(solid) == solid else None


def _split_verb(word: str, lex: Lexicon) -> str | None:
    # «میدانی» (of the field) is a known noun plus ی before it is «می‌دانی» (you know).
    if word.endswith("ی") and word[:-1] in lex.tagged:
        return None
    for preverb in PREVERBS:
        for prefix in VERB_PREFIXES:
            head = preverb + prefix
            rest = word[len(head) :]
            if word.startswith(head) and rest and is_verb_form(rest, lex):
                return head + ZWNJ + rest
    return None


def _split_suffix(word: str, lex: Lexicon) -> str | None:
    if word in NOT_PLURALS:
        return None
    indefinite: tuple[str, str] | None = None
    for suffix in SILENT_H_SUFFIXES:
        stem = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and len(stem) >= 3
            and stem.endswith("ه")
            and stem in lex.known
            and word not in lex.known
        ):
            indefinite = (stem, suffix)
            break
    plural: tuple[str, str] | None = None
    for suffix in PLURAL_SUFFIXES:
        stem = word[: -len(suffix)]
        # Untagged entries include junk fragments («انت»), so short stems must be tagged.
        if (
            word.endswith(suffix)
            and len(stem) >= 2
            and (stem in lex.tagged or (len(stem) >= 4 and stem in lex.known))
        ):
            plural = (stem, suffix)
            break
    if (
        indefinite
        and plural
        and _freq(plural[0], lex) > _PLURAL_OVER_INDEFINITE * max(_freq(indefinite[0], lex), 0)
    ):
        indefinite = None
    if plural and plural[0][-1] not in LEFT_JOINING:
        # «واحدهای» is «واحد» + «های», which needs no ZWNJ after a non-joining letter; it
        # must not be read as «واحده» + «ای».
        plural = None
        if indefinite is None:
            return None
    chosen = indefinite or plural
    if chosen is None:
        return None
    return fix_word(chosen[0]) + ZWNJ + chosen[1]


def _split_comparative(word: str, lex: Lexicon) -> str | None:
    for suffix in COMPARATIVE_SUFFIXES:
        stem = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and len(stem) >= 3
            and stem in lex.adjectives
            and stem[-1] in LEFT_JOINING
            and word not in lex.known
        ):
            return stem + ZWNJ + suffix
    return None


@functools.lru_cache(maxsize=1 << 16)
def fix_word(word: str) -> str:
    """Return *word* with a missing ZWNJ restored, or unchanged when unsure."""
    return _fix_word(word, lexicon())


def _fix_word(word: str, lex: Lexicon) -> str:
    if ZWNJ in word or len(word) < 3:
        return word
    compound = lex.compounds.get(word)
    if word in lex.tagged:
        # A known word stays, unless its ZWNJ spelling is the more common one.
        if compound and lex.tagged.get(compound, 0) > lex.tagged[word]:
            return compound
        return word
    return (
        _split_verb(word, lex)
        or compound
        or _split_suffix(word, lex)
        or _split_comparative(word, lex)
        or word
    )


@functools.lru_cache(maxsize=1 << 16)
def join_pair(left: str, right: str) -> str | None:
    """Return *left* and *right* (written with a space between) as one word, or None."""
    lex = lexicon()
    if ZWNJ in right:
        return None
    last = left.rsplit(ZWNJ, 1)[-1]
    if left.endswith(VERB_PREFIXES) and left in {p + v for p in PREVERBS for v in VERB_PREFIXES}:
        return left + ZWNJ + right if is_verb_form(right, lex) else None
    if last in FUNCTION_WORDS or last not in lex.known:
        return None
    if right in PLURAL_SUFFIXES:
        return _join(left, right, lex)
    if right in SILENT_H_SUFFIXES and left.endswith("ه") and len(last) >= 3:
        return _join(left, right, lex)
    if right in COMPARATIVE_SUFFIXES and last in lex.adjectives:
        return _join(left, right, lex)
    compound = last + ZWNJ + right
    if compound in lex.known and not (last in lex.tagged and right in lex.tagged):
        return left + ZWNJ + right
    return None


def restore_zwnj(text: str) -> str:
    """Return *text* with missing ZWNJs restored word by word."""
    parts = WORD_RE.split(text)
    # parts alternates separator, word, separator, word, ..., separator.
    out: list[str] = [parts[0]]
    i = 1
    while i < len(parts):
        word = fix_word(parts[i])
        while i + 2 < len(parts) and parts[i + 1] == " ":
            merged = join_pair(word, fix_word(parts[i + 2]))
            if merged is None:
                break
            word = merged
            i += 2
        out.append(word)
        out.append(parts[i + 1])
        i += 2
    return "".join(out)
