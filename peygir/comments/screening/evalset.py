"""Peygir's labelled evaluation set of comments (peygir/comments/data/eval.tsv)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
# The labels a civil comment carries: these must be published.
CIVIL = frozenset({"civil", "harsh", "general"})
GOLD_REASON = {
    "insult": "insult",
    "severe": "insult",
    "accusation": "accusation",
    "arabic": "not_persian",
    "urdu": "not_persian",
    "english": "not_persian",
    "finglish": "not_persian",
    "off_topic": "off_topic",
    "spam": "spam",
}


@dataclass(frozen=True)
class Item:
    label: str
    context_key: str
    context: str
    text: str


def load(name: str = "eval.tsv") -> list[Item]:
    """Load a labelled set: eval.tsv (the word lists were tuned on it) or holdout.tsv."""
    contexts = json.loads((DATA / "contexts.json").read_text(encoding="utf-8"))
    items = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, key, text = line.split("\t", 2)
        items.append(Item(label, key, contexts[key], text))
    return items
