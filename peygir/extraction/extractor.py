"""From Persian minutes or news to proposed commitments, with offsets into the input.

Pure Python (no Django): the ``peygir extract`` command and the staff page give it the
known bodies and places from the database; tests and the benchmark give it lists.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from peygir.persian import jalali_iso, parse_amount_rials

from . import sentences
from .bodies import BodyMatcher, Mention, mentions
from .deadlines import WorkingDay, find_deadlines, pick
from .folding import Folded, fold
from .triggers import Kind, Trigger, find_trigger

_AGENT_RE = re.compile(r"(?:توسط|از\s+سوی|از\s+طریق|به\s+وسیله|بوسیله|به\s+همت)\s*$")
_NOT_SUBJECT = frozenset(
    [
        "با",
        "از",
        "به",
        "برای",
        "در",
        "همکاری",
        "مشارکت",
        "هماهنگی",
        "حمایت",
        "نظر",
        "سوی",
        "طریق",
        "کمک",
        "مکاتبه",
    ]
)
_NUMBER_TOKEN = (
    r"(?:\d[\d,٬.]*|یک|دو|سه|چهار|پنج|شش|هفت|هشت|نه|ده|یازده|دوازده|پانزده|بیست|سی|چهل"
    r"|پنجاه|شصت|هفتاد|هشتاد|نود|صد|یکصد|دویست|سیصد|چهارصد|پانصد|ششصد|هفتصد|هشتصد|نهصد"
    r"|هزار|میلیون|ملیون|میلیارد|ملیارد|تریلیون|نیم)"
)
_AMOUNT_RE = re.compile(
    rf"(?<!\w){_NUMBER_TOKEN}(?:\s+(?:و\s+)?{_NUMBER_TOKEN})*\s*(?:ریال|ریالی|تومان|تومانی|همت)(?!\w)"
)
_VILLAGE_RE = re.compile(r"(?<!\w)روستا(?:ی|های)\s+(?P<name>[^\s،.؛:]+)")
_PLACE_STOP = frozenset(
    ["ان", "این", "استان", "شهرستان", "بخش", "هدف", "محروم", "مرزی", "کم", "برخوردار"]
)
_OBJECT_RE = re.compile(
    r"^\s*(?:نسبت\s+به|برای|جهت)\s+(?P<x>.+?)\s+اقدام\s+(?:کند|کنند|نماید|نمایند|شود|گردد)\s*[.!]?$"
)
_LEAD_RE = re.compile(r"^[\s:،,]*(?:(?:که|تا|است|شد)\s+)*")


@dataclass(slots=True)
class Commitment:
    """One proposed resolution: the sentence, what, who, by when, where, how much."""

    start: int
    end: int
    sentence: str
    action: str
    responsible: str | None
    responsible_id: int | None
    deadline_text: str | None
    deadline: datetime.date | None
    vague_deadline: bool
    places: list[str] = field(default_factory=list)
    amount_rials: int | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the object ``peygir extract`` prints, keys in the documented order."""
        return {
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "action": self.action,
            "responsible": self.responsible,
            "responsible_id": self.responsible_id,
            "deadline_text": self.deadline_text,
            "deadline": jalali_iso(self.deadline) or None,
            "vague_deadline": self.vague_deadline,
            "places": self.places,
            "amount_rials": self.amount_rials,
        }


def _not_friday(day: datetime.date) -> bool:
    return day.weekday() != 4


class Extractor:
    """Reusable extractor: compile the place names once, then read many documents."""

    def __init__(
        self,
        *,
        bodies: BodyMatcher | None = None,
        places: Iterable[str] = (),
        is_working_day: WorkingDay = _not_friday,
    ) -> None:
        self.bodies = bodies or BodyMatcher(())
        self.is_working_day = is_working_day
        names = sorted({fold(p).text.strip() for p in places if p.strip()}, key=len, reverse=True)
        self._places = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
            if names
            else None
        )

    def extract(self, text: str, *, reference: datetime.date) -> list[Commitment]:
        """Return the commitments stated in *text*, whose meeting date is *reference*."""
        folded = fold(text)
        found: list[Commitment] = []
        for start, end in sentences.split(folded):
            commitment = self._sentence(text, folded, start, end, reference)
            if commitment is not None:
                found.append(commitment)
        return found

    def _sentence(
        self, text: str, folded: Folded, start: int, end: int, reference: datetime.date
    ) -> Commitment | None:
        s = folded.text[start:end]
        deadlines = find_deadlines(s, reference, is_working_day=self.is_working_day)
        trigger = find_trigger(s, deadlines, reference)
        if trigger is None:
            return None

        def original(a: int, b: int) -> str:
            return text[folded.start(start + a) : folded.end(start + b)]

        named = mentions(s)
        body = _responsible(s, named, trigger)
        if body is None and trigger.kind is not Kind.PASSIVE:
            body = self._known_body_after(s, trigger, original)
        deadline = pick(deadlines)
        responsible = original(body.start, body.end) if body else None
        return Commitment(
            start=folded.start(start),
            end=folded.end(end),
            sentence=original(0, len(s)),
            action=_action(s, trigger, body, deadline, original),
            responsible=responsible,
            responsible_id=self.bodies.match(responsible),
            deadline_text=original(deadline.start, deadline.end) if deadline else None,
            deadline=deadline.date if deadline else None,
            vague_deadline=bool(deadline and deadline.vague),
            places=self._find_places(s, named, original),
            amount_rials=_amount(s, original),
        )

    def _known_body_after(self, s: str, trigger: Trigger, original: Any) -> Mention | None:
        """«مقرر شد راه و شهرسازی استان قم …»: no head noun, but a registered short name."""
        words = list(re.finditer(r"[^\s،.؛:]+", s[trigger.end :]))[:6]
        for n in range(len(words), 0, -1):
            a, b = trigger.end + words[0].start(), trigger.end + words[n - 1].end()
            if self.bodies.match(original(a, b)) is not None:
                return Mention(a, b)
        return None

    def _find_places(self, s: str, named: list[Mention], original: Any) -> list[str]:
        spans: list[tuple[int, int]] = []
        if self._places is not None:
            spans += [(m.start(), m.end()) for m in self._places.finditer(s)]
        for m in _VILLAGE_RE.finditer(s):
            if m.group("name") not in _PLACE_STOP:
                spans.append((m.start("name"), m.end("name")))
        out: list[str] = []
        for a, b in sorted(spans):
            if any(n.start <= a and b <= n.end for n in named):
                continue  # «قم» in «اداره کل … استان قم» names the body, not a place
            name = original(a, b)
            if name not in out:
                out.append(name)
        return out


def _word_before(s: str, i: int) -> str:
    words = s[:i].split()
    return words[-1] if words else ""


def _first_of_chain(s: str, named: list[Mention], index: int) -> Mention:
    """«X و Y موظف شدند»: the first body of a coordinated subject is the lead."""
    while index > 0 and s[named[index - 1].end : named[index].start].strip() == "و":
        index -= 1
    return named[index]


def _responsible(s: str, named: list[Mention], trigger: Trigger) -> Mention | None:
    clause = s.rfind(":", 0, trigger.start) + 1
    # The governor speaks and orders; his office is «استانداری», never «استاندار».
    named = [
        m
        for m in named
        if m.start >= clause
        and not (s.startswith("استاندار", m.start) and not s.startswith("استانداری", m.start))
    ]
    for m in named:
        if _AGENT_RE.search(s[: m.start]):
            return m
    if trigger.kind is Kind.PASSIVE:
        return None
    before = [i for i, m in enumerate(named) if m.end <= trigger.start]
    after = [m for m in named if m.start >= trigger.end]
    subjects_after = [m for m in after if _word_before(s, m.start) not in _NOT_SUBJECT]
    if trigger.kind is Kind.OBLIGED and before:
        return _first_of_chain(s, named, before[-1])
    if trigger.kind is Kind.ORDERED:
        addressed = [named[i] for i in before if _word_before(s, named[i].start) == "به"]
        if addressed:
            return addressed[-1]
        return subjects_after[0] if subjects_after else None
    if trigger.kind is Kind.MUST and s.startswith("خواست", trigger.start):
        asked = [named[i] for i in before if _word_before(s, named[i].start) == "از"]
        if asked:  # «از شرکت آب و فاضلاب خواست …»: the one asked is the one to act
            return asked[-1]
    if trigger.kind is Kind.MUST:
        subjects = [i for i in before if _word_before(s, named[i].start) not in _NOT_SUBJECT]
        if subjects:
            return _first_of_chain(s, named, subjects[-1])
    if subjects_after:
        return subjects_after[0]
    if trigger.kind is Kind.OBLIGED:
        return _bare_subject(s, clause, trigger.start)
    return None


def _bare_subject(s: str, clause: int, at: int) -> Mention | None:
    """«آبفا موظف شد»: with no known head noun, take the short phrase before the trigger."""
    stop = max(s.rfind(mark, clause, at) for mark in ("،", "؛", ".", ":")) + 1
    words = [m for m in re.finditer(r"\S+", s[max(stop, clause) : at])]
    base = max(stop, clause)
    kept: list[re.Match[str]] = []
    for m in reversed(words):
        if m.group() in {"که", "شد", "همچنین", "ضمنا", "نیز", "هم"} or len(kept) >= 4:
            break
        kept.append(m)
    if not kept:
        return None
    return Mention(base + kept[-1].start(), base + kept[0].end())


def _action(s: str, trigger: Trigger, body: Mention | None, deadline: Any, original: Any) -> str:
    if trigger.kind is Kind.PASSIVE:
        a = s.rfind(":", 0, trigger.start) + 1
        b = trigger.end
    else:
        a, b = trigger.end, len(s)
    cut = sorted((x.start, x.end) for x in (body, deadline) if x is not None and a <= x.start < b)
    pieces: list[str] = []
    position = a
    for x, y in cut:
        pieces.append(original(position, x) if x > position else "")
        position = max(position, y)
    pieces.append(original(position, b) if b > position else "")
    action = " ".join(" ".join(p.split()) for p in pieces if p.strip())
    action = _LEAD_RE.sub("", action).rstrip(" .!")
    m = _OBJECT_RE.match(action)
    return m.group("x") if m else action


def _amount(s: str, original: Any) -> int | None:
    for m in _AMOUNT_RE.finditer(s):
        value = parse_amount_rials(original(m.start(), m.end()))
        if value is not None:
            return value
    return None


def extract(
    text: str,
    *,
    reference: datetime.date,
    bodies: BodyMatcher | None = None,
    places: Iterable[str] = (),
) -> list[Commitment]:
    """Return the commitments in *text*; see :class:`Extractor` to read many texts."""
    return Extractor(bodies=bodies, places=places).extract(text, reference=reference)
