"""The comment screen: pure Python, shared by the site and `peygir screen-comments`.

Nothing here imports Django. The screen triages; people decide. It rejects automatically
only what is nearly certain (obscenity from the severe list, a writer's own repeat); every
other signal holds the comment for a moderator with a reason code from the source
article's policy, and a civil comment, however sharp its criticism, is published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from peygir.comments.screening import (
    accusations,
    classifier,
    insults,
    language,
    relevance,
    spam,
)
from peygir.comments.screening.accusations import target_keys
from peygir.comments.screening.fold import tokens
from peygir.comments.screening.wordlists import VERSION

PUBLISH = "publish"
HOLD = "hold"
REJECT = "reject"

# Reason codes, in the order the policy lists them.
INSULT = "insult"
ACCUSATION = "accusation"
NOT_PERSIAN = "not_persian"
OFF_TOPIC = "off_topic"
SPAM = "spam"
DUPLICATE = "duplicate"
REASONS = (INSULT, ACCUSATION, NOT_PERSIAN, OFF_TOPIC, SPAM, DUPLICATE)

SPAM_THRESHOLD = 2
# The naive Bayes insult score above which a comment the word list passed is held
# (chosen by cross-validation: no false alarm on the held-out comments).
MODEL_THRESHOLD = 0.7

__all__ = [
    "HOLD",
    "PUBLISH",
    "REASONS",
    "REJECT",
    "Screen",
    "screen",
    "target_keys",
]


@dataclass(frozen=True)
class Screen:
    """The screen's verdict and everything behind it, kept in the moderation log."""

    decision: str
    reasons: list[str]
    scores: dict[str, Any]
    signals: dict[str, Any] = field(default_factory=dict)

    @property
    def needs_senior(self) -> bool:
        """An accusation waits for a senior moderator: truth is not the screen's to judge."""
        return ACCUSATION in self.reasons


def _same(a: list[str], b: list[str]) -> bool:
    if a == b:
        return True
    sa, sb = set(a), set(b)
    return bool(sa and sb) and len(sa & sb) / len(sa | sb) >= 0.9


def screen(
    text: str,
    *,
    context: str = "",
    names: dict[str, str] | None = None,
    own_recent: Iterable[str] = (),
    others_recent: Iterable[str] = (),
) -> Screen:
    """Screen one comment posted on an item whose text is *context*.

    *names* are the folded names of the province's organizations and people
    (:func:`target_keys`); *own_recent* are the writer's recent comments and
    *others_recent* recent comments by others on the same item, for duplicates.
    """
    toks = tokens(text)
    lang = language.detect(text)
    insult = insults.detect(toks)
    accusation = accusations.detect(text, names)
    spam_signal = spam.detect(text, toks)
    persian = lang.language == language.PERSIAN
    topic = relevance.detect(text, context) if persian else None
    repeat = any(_same(toks, tokens(t)) for t in own_recent)
    copied = any(_same(toks, tokens(t)) for t in others_recent)

    model_score = classifier.insult_probability(text) if persian else None
    # The model only ever holds, and only what the word list let through.
    by_model = not insult.severity and model_score is not None and model_score >= MODEL_THRESHOLD

    reasons: list[str] = []
    if insult.severity or by_model:
        reasons.append(INSULT)
    if accusation.found:
        reasons.append(ACCUSATION)
    if not persian:
        reasons.append(NOT_PERSIAN)
    if spam_signal.score >= SPAM_THRESHOLD:
        reasons.append(SPAM)
    if repeat or copied:
        reasons.append(DUPLICATE)
    # Relevance is a weak signal, people agree on it only moderately: it is named only
    # when nothing stronger explains why the comment waits.
    if topic and topic.off_topic and not reasons:
        reasons.append(OFF_TOPIC)

    decision = PUBLISH
    if reasons:
        decision = HOLD
    # Nearly certain: obscenity from the severe list, or the writer posting the same again.
    if insult.severity >= 3 or repeat:
        decision = REJECT

    scores: dict[str, Any] = {
        "language": lang.language,
        "persian_share": lang.persian_share,
        "insult": insult.severity,
        "accusation": int(accusation.found),
        "relevance": topic.score if topic else None,
        "spam": spam_signal.score,
        "duplicate": int(repeat or copied),
        "insult_model": model_score,
    }
    signals: dict[str, Any] = {
        "version": VERSION,
        "language": lang.evidence,
        "insult_terms": insult.terms,
        "insult_allowed": insult.allowed,
        "insult_by_model": by_model,
        "accusation_terms": accusation.accusations,
        "accusation_targets": accusation.targets,
        "general_terms": accusation.general,
        "links": spam_signal.links,
        "phones": spam_signal.phones,
        "ad_words": spam_signal.ad_words,
    }
    return Screen(decision, reasons, scores, signals)
