"""Decide whether a folded sentence states a commitment, and where its trigger is.

A commitment is a decision that someone will do something: «مقرر شد …», «… موظف است»,
«دستور داد …», «باید … تا …», or the directive passive «… تهیه شود». The same words
also appear in reports of the past («قرار بود …», «مقرر شده بود …»), in praise, in
background («طبق قانون … موظفند») and in general exhortation («همه ما باید …»); those
are rejected here. Patterns run on folded text (see :mod:`folding`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from .deadlines import Deadline


class Kind(StrEnum):
    DECIDED = "decided"  # مقرر شد، قرار شد: the body follows the trigger
    OBLIGED = "obliged"  # موظف/مکلف/متعهد: the body precedes the trigger
    ORDERED = "ordered"  # دستور داد: the addressee is the body
    MUST = "must"  # باید … تا …
    PASSIVE = "passive"  # … تهیه شود


_COPULA = (
    r"(?:است|اند|ند|هستند|شد|شدند|شده\s+است|شده\s+اند|گردید|گردیدند|گردیده\s+است"
    r"|گردیده\s+اند|می\s*باشد|می\s*باشند|میباشد|خواهد\s+بود|خواهند\s+بود|خواهد\s+شد"
    r"|خواهند\s+شد|است\s+که|شده\s+اند)\b"
)
_TRIGGERS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        Kind.DECIDED,
        re.compile(
            r"\b(?:مقرر|قرار)\s*(?:شد|گردید|گشت|است|شده\s+است|گردیده\s+است|میشود|می\s+شود)\b"
            r"(?!\s+(?:بود|بوده))"
        ),
    ),
    (Kind.DECIDED, re.compile(r"\bتصویب\s+(?:شد|گردید)\s+(?:که|تا)\b")),
    (Kind.OBLIGED, re.compile(r"\b(?:موظف|مکلف|متعهد|مامور)\s*" + _COPULA)),
    (Kind.OBLIGED, re.compile(r"\b(?:موظفند|مکلفند|متعهدند|ماموریت\s+یافت|ماموریت\s+یافتند)\b")),
    (Kind.OBLIGED, re.compile(r"\bتعهد\s+(?:کرد|کردند|نمود|نمودند|داد|دادند)\b")),
    (
        Kind.ORDERED,
        re.compile(
            r"\bدستور\s+(?:داد|دادند|فرمود|فرمودند|داده\s+شد|صادر\s+شد|صادر\s+کرد|صادر\s+گردید)\b"
        ),
    ),
)
# «باید», «خواست» and «خواستار شد» only count with a definite deadline (checked by caller).
_MUST_RE = re.compile(r"\b(?:باید|بایستی|می\s*بایست|خواست|خواستار)\b")
# «به دستور استاندار، X ظرف یک ماه … تهیه می‌کند»: news reporting an order, with a deadline.
_ON_ORDER_RE = re.compile(r"\bبه\s+دستور\b")
# Subjunctive passive: «تهیه شود», «انجام گردد», «صورت گیرد»; not «می‌شود» or «نشود».
_PASSIVE_RE = re.compile(
    r"(?<!\S)(?P<w>[^\s،.؛:]+)\s+(?:شود|گردد|شوند|گردند)\b"
    r"|\b(?:صورت|انجام)\s+(?:گیرد|پذیرد)\b|\bبه\s+عمل\s+اید\b|\b(?:اختصاص|تخصیص)\s+یابد\b"
)
_NOT_DIRECTIVE_WORDS = frozenset({"می", "نمی", "باعث", "موجب", "سبب", "تا", "که", "اگر"})
_SUBORDINATE_RE = re.compile(
    r"\b(?:که|تا|اگر|چنانچه|چون|زیرا|وقتی|هنگامی|مبادا|امیدواریم|امید\s+است|تلاش|انتظار)\b"
    # forecasts and reports are not directives: «پیش‌بینی می‌شود …», «ممکن است …»
    r"|\bپیش\s*بینی\b|\b(?:ممکن|احتمال|احتمالا|شاید)\b|\bقرار\s+(?:گرفت|گرفته)\b"
)

_PAST_RE = re.compile(
    r"\b(?:مقرر|قرار|موظف|مکلف|متعهد)\s+(?:شده\s+)?(?:بود|بودند|بوده)\b"
    r"|\bدستور\s+داده\s+(?:بود|بودند)\b"
)
_PAST_TIME_RE = re.compile(
    r"\b(?:سال|ماه|هفته)\s+(?:گذشته|قبل|پیش)\b|\bپارسال\b|\bقبلا\b|\bپیش\s+از\s+این\b"
    r"|\bسفر\s+(?:قبلی|گذشته|پیشین|قبل)\b|\bدولت\s+(?:قبل|گذشته)\b|\bدر\s+\d{4}\b"
)
_DONE_RE = re.compile(
    r"\b(?:انجام|تکمیل|افتتاح|اجرا|محقق|تهیه|ثبت|برگزار|پرداخت|تحویل)\s+"
    r"(?:شد|شدند|شده|گردید|گردیده)\b|\bبه\s+بهره\s*برداری\s+رسید|\bکرده\s*(?:ایم|اند|است)\b"
    r"|\bداده\s*(?:ایم|اند|است)\b|\bرفته\s*(?:ایم|اند)\b"
)
_NEGATED_RE = re.compile(
    r"\b(?:مقرر|قرار)\s+(?:نشد|نگردید|نیست)\b|\b(?:موظف|مکلف|متعهد)\s+(?:نیست|نیستند|نشد)\b"
    r"|\bنباید\b|\bالزامی\s+نیست\b"
)
_PRAISE_RE = re.compile(
    r"\b(?:تقدیر|قدردانی|تشکر|سپاسگزاری)\s+(?:کرد|کردند|نمود|نمودند|شد|می\s*کنم|میکنم)\b"
    r"|\bشایسته\s+تقدیر\b|\bقابل\s+تقدیر\b|\bجای\s+تقدیر\b"
)
_GENERAL_RE = re.compile(
    r"\b(?:همه|تمامی|تمام)\s+(?:ما|مدیران|مسئولان|مسیولان|مسیولین|دستگاه\s*ها|دستگاه\s*های)\b"
    r"|\bهمگی\b|\bهر\s*کسی\b|\bهیچ\s+مدیری\b|\bهمه\s+باید\b|\bما\s+باید\b"
)
_BACKGROUND_RE = re.compile(
    r"\b(?:طبق|براساس|بر\s+اساس|به\s+موجب|به\s+استناد|مطابق)\s+(?:قانون|ماده|اساسنامه|ایین\s*نامه|مقررات)"
    r"|\bقانونا\b|\bبه\s+طور\s+کلی\b|\bعموما\b|\bهمواره\b"
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """Where the commitment's trigger sits in the folded sentence, and its kind."""

    kind: Kind
    start: int
    end: int


def _outside(deadlines: list[Deadline], start: int, end: int) -> bool:
    return all(end <= d.start or start >= d.end for d in deadlines)


def _passive(text: str, deadlines: list[Deadline]) -> Trigger | None:
    for m in _PASSIVE_RE.finditer(text):
        word = m.group("w")
        if word is not None and word in _NOT_DIRECTIVE_WORDS:
            continue  # «می شود» typed apart, «باعث شود», «تا … شود»
        clause_start = max(text.rfind(mark, 0, m.start()) for mark in ("،", ":", "؛", "\n"))
        clause = text[clause_start + 1 : m.start()]
        offset = clause_start + 1
        # Strip deadlines from the clause first: «تا پایان آذر» is a deadline, not «تا» = so that.
        masked = "".join(
            " " if not _outside(deadlines, offset + i, offset + i + 1) else ch
            for i, ch in enumerate(clause)
        )
        if _SUBORDINATE_RE.search(masked):
            continue
        return Trigger(Kind.PASSIVE, m.start(), m.end())
    return None


def find_trigger(text: str, deadlines: list[Deadline], reference: datetime.date) -> Trigger | None:
    """Return the trigger of the commitment in folded *text*, or None if it states none."""
    trigger = _explicit(text, deadlines)
    if trigger is None:
        return None
    definite = [d for d in deadlines if d.date is not None]
    stale = bool(definite) and all(d.date is not None and d.date < reference for d in definite)
    if text.rstrip().endswith(("؟", "?")) or _PRAISE_RE.search(text) or stale:
        return None
    if _PAST_RE.search(text) or _NEGATED_RE.search(text):
        return None
    if not definite and (
        _PAST_TIME_RE.search(text)
        or _DONE_RE.search(text, trigger.end)
        or _GENERAL_RE.search(text)
        or _BACKGROUND_RE.search(text)
    ):
        return None
    return trigger


def _explicit(text: str, deadlines: list[Deadline]) -> Trigger | None:
    best: Trigger | None = None
    for kind, pattern in _TRIGGERS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start):
            best = Trigger(kind, m.start(), m.end())
    if best is not None:
        return best
    definite = [d for d in deadlines if d.date is not None]
    must = _MUST_RE.search(text)
    if must and definite:
        return Trigger(Kind.MUST, must.start(), must.end())
    ordered = _ON_ORDER_RE.search(text)
    if ordered and definite:
        return Trigger(Kind.DECIDED, ordered.start(), ordered.end())
    return _passive(text, deadlines)
