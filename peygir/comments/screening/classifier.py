"""A small naive Bayes insult classifier over folded tokens, in pure Python.

Trained on Peygir's own labelled comments; its score is a signal shown to moderators.
The word list decides: with a few dozen insults to learn from, the model is measured by
cross-validation (benchmarks/comments.py) and not trusted to hold comments on its own.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

from peygir.comments.screening import insults
from peygir.comments.screening.fold import tokens

MODEL = Path(__file__).resolve().parent / "data" / "insult_nb.json"
POSITIVE = frozenset({"insult", "severe"})
# Labels of Persian-script comments the model learns from.
PERSIAN_LABELS = frozenset(
    {"civil", "harsh", "general", "insult", "severe", "accusation", "off_topic", "spam"}
)


class Labelled(Protocol):
    label: str
    text: str


def features(text: str) -> list[str]:
    toks = tokens(text)
    return toks + [f"{a}_{b}" for a, b in pairwise(toks)]


@dataclass
class NaiveBayes:
    counts: dict[str, dict[str, int]]
    totals: dict[str, int]
    docs: dict[str, int]
    vocabulary: int

    @classmethod
    def train(cls, samples: Iterable[tuple[str, bool]]) -> NaiveBayes:
        counts: dict[str, Counter[str]] = {"1": Counter(), "0": Counter()}
        docs = Counter[str]()
        for text, positive in samples:
            key = "1" if positive else "0"
            docs[key] += 1
            # Binary features: a word repeated in one comment counts once.
            counts[key].update(set(features(text)))
        vocabulary = len(set(counts["1"]) | set(counts["0"]))
        return cls(
            counts={k: dict(v) for k, v in counts.items()},
            totals={k: sum(v.values()) for k, v in counts.items()},
            docs=dict(docs),
            vocabulary=vocabulary,
        )

    def probability(self, text: str) -> float:
        """Return P(insult | text)."""
        n = sum(self.docs.values()) or 1
        logs = {}
        for key in ("1", "0"):
            log = math.log((self.docs.get(key, 0) + 1) / (n + 2))
            denominator = self.totals.get(key, 0) + self.vocabulary + 1
            for feature in set(features(text)):
                # Words never seen in training say nothing; counting them would favour
                # the class with fewer words, here the insults.
                if feature not in self.counts["1"] and feature not in self.counts["0"]:
                    continue
                log += math.log((self.counts[key].get(feature, 0) + 1) / denominator)
            logs[key] = log
        top = max(logs.values())
        odds = {k: math.exp(v - top) for k, v in logs.items()}
        return odds["1"] / (odds["1"] + odds["0"])

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "totals": self.totals,
            "docs": self.docs,
            "vocabulary": self.vocabulary,
        }


@cache
def model() -> NaiveBayes | None:
    if not MODEL.exists():
        return None
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    return NaiveBayes(**data)


def insult_probability(text: str) -> float | None:
    trained = model()
    return round(trained.probability(text), 3) if trained else None


def _samples(items: Sequence[Labelled]) -> list[tuple[str, bool]]:
    return [(i.text, i.label in POSITIVE) for i in items if i.label in PERSIAN_LABELS]


def train_and_save(items: Sequence[Labelled]) -> NaiveBayes:
    trained = NaiveBayes.train(_samples(items))
    MODEL.write_text(json.dumps(trained.to_json(), ensure_ascii=False), encoding="utf-8")
    model.cache_clear()
    return trained


def _figures(pairs: list[tuple[bool, bool]]) -> str:
    tp = sum(1 for gold, pred in pairs if gold and pred)
    fp = sum(1 for gold, pred in pairs if not gold and pred)
    fn = sum(1 for gold, pred in pairs if gold and not pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"precision {precision:.1%}, recall {recall:.1%}, F1 {f1:.2f} (false alarms {fp})"


def cross_validate(
    items: Sequence[Labelled], *, folds: int = 5, threshold: float = 0.5
) -> dict[str, str]:
    """Compare the word list, the model and both together on held-out folds."""
    samples = _samples(items)
    results: dict[str, list[tuple[bool, bool]]] = {"word list": [], "model": [], "either": []}
    for fold in range(folds):
        train = [s for n, s in enumerate(samples) if n % folds != fold]
        test = [s for n, s in enumerate(samples) if n % folds == fold]
        trained = NaiveBayes.train(train)
        for text, gold in test:
            listed = insults.detect(tokens(text)).severity > 0
            learned = trained.probability(text) >= threshold
            results["word list"].append((gold, listed))
            results["model"].append((gold, learned))
            results["either"].append((gold, listed or learned))
    return {name: _figures(pairs) for name, pairs in results.items()}
