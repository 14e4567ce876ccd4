"""Find the responsible body in a sentence as written, and match it to a known body.

Mentions are found by their head noun («اداره کل», «شرکت», «شهرداری», «فرماندار» …) and
run until a word that cannot be part of a name («موظف», «ظرف», «نسبت», «با» …). Matching
folds both sides with ``search_key`` and also compares the core of the name, without the
kind of body and the province: «اداره کل راه و شهرسازی» and «راه و شهرسازی استان قم»
both reduce to «راه و شهرسازی».
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from peygir.persian import search_key

_HEADS = (
    "اداره کل|اداره|سازمان|شرکت|شهرداری|شهرداری ها|شهرداریهای|شهرداریها|فرمانداری|بخشداری"
    "|دهیاری|دهیاری ها|دهیاریها|استانداری|معاونت|دفتر|دانشگاه|بنیاد|کمیته|بانک|وزارت|شورای"
    "|شوراهای|دبیرخانه|جمعیت|دادگستری|ستاد|کمیسیون|کارگروه|نهاد|پست بانک|قرارگاه|پلیس"
    "|اموزش و پرورش|جهاد کشاورزی|بهزیستی|ابفا|هلال احمر|راهداری|میراث فرهنگی|محیط زیست"
    "|منابع طبیعی|اوقاف|مخابرات|توزیع برق|اب منطقه ای|اب و فاضلاب|گاز استان|مدیرکل|مدیر کل"
    "|مدیرعامل|مدیر عامل|استاندار|فرماندار|بخشدار|شهردار|دهیار|رییس|معاون|سرپرست|دستگاه"
    "|دستگاه های اجرایی|اتاق بازرگانی|مجمع|سپاه|بسیج|حوزه|صندوق|پارک علم"
)
_HEAD_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(sorted(_HEADS.split("|"), key=len, reverse=True)) + r")(?![\w])"
)
_STOP = frozenset(
    [
        "موظف",
        "مکلف",
        "متعهد",
        "مامور",
        "مقرر",
        "قرار",
        "ظرف",
        "طی",
        "تا",
        "نسبت",
        "با",
        "در",
        "برای",
        "از",
        "به",
        "را",
        "که",
        "نیز",
        "هم",
        "باید",
        "حداکثر",
        "ضمن",
        "پس",
        "سپس",
        "جهت",
        "درخصوص",
        "درباره",
        "توسط",
        "اقدام",
        "همچنین",
        "می",
        "شد",
        "است",
        "گردید",
        "شود",
        "گردد",
        "بود",
        "هستند",
        "اند",
        "ند",
        "دستور",
        "خواست",
        "خواستار",
        "موظفند",
        "مکلفند",
        "متعهدند",
        "و",
        "یا",
        "این",
        "ان",
        "وی",
        "ایشان",
        "کند",
        "کنند",
        "نماید",
        "نمایند",
        "باشد",
        "بایستی",
        "طی",
        "ظرف",
        "جاری",
        "اینده",
        "امسال",
        "هر",
        "همه",
        "دیگر",
    ]
)
_PUNCT = set("،,.؛;:()«»[]!؟?\"'-–")
_MAX_WORDS = 9
# A person's title names the body they run: «مدیرکل X» answers for «اداره کل X».
_TITLE_TO_BODY = (
    (re.compile(r"^مدیر\s*کل\s+"), "اداره کل "),
    (re.compile(r"^مدیر\s*عامل\s+"), ""),
    (re.compile(r"^فرماندار\s+"), "فرمانداری "),
    (re.compile(r"^بخشدار\s+"), "بخشداری "),
    (re.compile(r"^شهردار\s+"), "شهرداری "),
    (re.compile(r"^دهیار\s+"), "دهیاری "),
    (re.compile(r"^(?:رییس|سرپرست)\s+"), ""),
    (re.compile(r"^معاون\s+"), "معاونت "),
)
_GENERIC_PREFIX_RE = re.compile(r"^(?:اداره کل|اداره|سازمان|شرکت|مدیریت|شعب)\s+")
_PLACE_SUFFIX_RE = re.compile(
    r"(?:\s+(?:استانداری|استان|منطقه|شهرستان|مدیریت شعب استان))?\s+قم$|\s+استان$|\s+کشور$"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A body named at [start, end) of the folded sentence."""

    start: int
    end: int


def _words(text: str, start: int) -> Iterable[tuple[int, int]]:
    for m in re.finditer(r"[^\s]+", text[start:]):
        yield start + m.start(), start + m.end()


def mentions(text: str) -> list[Mention]:
    """Return the body names in folded *text*, left to right."""
    found: list[Mention] = []
    for head in _HEAD_RE.finditer(text):
        if found and head.start() < found[-1].end:
            continue
        end = head.end()
        words = 0
        tokens = list(_words(text, head.end()))
        later = [text[a:b] for a, b in tokens]
        for i, (ws, we) in enumerate(tokens):
            word = later[i]
            following = later[i + 1].rstrip("".join(_PUNCT)) if i + 1 < len(later) else ""
            if word == "(ره)":  # «کمیته امداد امام خمینی (ره) استان قم»
                end = we
                continue
            bare = word.rstrip("".join(_PUNCT))
            if following in _COMPOUND_TAILS and i + 2 < len(later):
                following = later[i + 2].rstrip("".join(_PUNCT))  # «لکه‌گیری شود»
            if word[0] in _PUNCT or words >= _MAX_WORDS or following in _LIGHT_VERBS:
                break  # «… تامین شود»: the word before a light verb is the predicate
            if bare == "و":
                continues = following in _PLURAL_PARTS and text.startswith(_OFFICES, head.start())
                next_head = i + 1 < len(tokens) and _HEAD_RE.match(text, tokens[i + 1][0])
                if not continues and (following in _STOP or next_head or following[:1] in _PUNCT):
                    break
                words += 1
                continue
            if bare in _STOP or not bare:
                break
            end = ws + len(bare)
            words += 1
            if word.endswith("،") and _enumeration_follows(later[i + 1 : i + 4]):
                continue  # «اداره کل تعاون، کار و رفاه اجتماعی»
            if bare != word:  # the word carried punctuation: the name ends here
                break
        found.append(Mention(head.start(), end))
    return found


_LIGHT_VERBS = frozenset(
    [
        "شود",
        "گردد",
        "شوند",
        "گردند",
        "کند",
        "کنند",
        "نماید",
        "نمایند",
        "شد",
        "گردید",
        "دهد",
        "دهند",
        "یابد",
        "گیرد",
    ]
)
# Second halves of compounds that folding split at the ZWNJ: «لکه‌گیری», «ایمن‌سازی».
_COMPOUND_TAILS = frozenset(
    {"گیری", "سازی", "رسانی", "اندازی", "برداری", "روبی", "گذاری", "ریزی", "بندی", "یابی"}
)
_PLURAL_PARTS = frozenset({"شوراهای", "شوراها", "شوراهای اسلامی"})
_OFFICES = ("دفتر", "اداره", "معاونت")


def _enumeration_follows(words: list[str]) -> bool:
    """«تعاون، کار و رفاه»: a comma inside a name is followed by «X و Y»."""
    return (
        len(words) >= 3
        and words[0] not in _STOP
        and not _HEAD_RE.match(words[0])
        and "و" in words[1:3]
    )


@lru_cache(maxsize=4096)
def _keys(name: str) -> tuple[str, str]:
    key = search_key(name)
    for pattern, body in _TITLE_TO_BODY:
        if pattern.search(key):
            key = pattern.sub(body, key, count=1)
            break
    core = _PLACE_SUFFIX_RE.sub("", _GENERIC_PREFIX_RE.sub("", key)).strip()
    return key, core or key


@dataclass(frozen=True, slots=True)
class Body:
    """A known body: its id, every name it goes by, and a rank (lower wins ties)."""

    id: int
    names: tuple[str, ...]
    rank: int = 0


class BodyMatcher:
    """Match a body as written to the known bodies by folded name, then by folded core."""

    def __init__(self, bodies: Iterable[Body]) -> None:
        self._by_key: dict[str, tuple[int, int]] = {}
        self._by_core: dict[str, tuple[int, int]] = {}
        for body in bodies:
            for name in body.names:
                if not name:
                    continue
                key, core = _keys(name)
                for index, k in ((self._by_key, key), (self._by_core, core)):
                    if k not in index or index[k][0] > body.rank:
                        index[k] = (body.rank, body.id)

    def match(self, written: str | None) -> int | None:
        """Return the id of the body *written* names, or None."""
        if not written:
            return None
        key, core = _keys(written)
        for index, k in ((self._by_key, key), (self._by_core, key), (self._by_core, core)):
            if k in index:
                return index[k][1]
        return None
