"""Measure commitment extraction on the labelled set: detection, body, deadline, speed.

    .venv/bin/python benchmarks/extraction.py [--split dev|heldout|article|all]

Each labelled sentence is read on its own with its own reference date. A sentence is
predicted a commitment when the extractor proposes at least one. The responsible body and
the deadline are scored on the true positives: bodies by folded equality (``search_key``,
so ZWNJ and ي/ك do not count), deadlines by exact Jalali date on the sentences whose
label states a definite one. ``heldout`` was written together with ``dev`` and never
looked at while tuning; report it as the honest figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from peygir.extraction.bodies import Body, BodyMatcher  # noqa: E402
from peygir.extraction.extractor import Extractor  # noqa: E402
from peygir.persian import jalali_iso, parse_jalali_date, search_key  # noqa: E402

LABELLED = ROOT / "peygir" / "extraction" / "data" / "labelled.jsonl"
ORGS = ROOT / "peygir" / "organizations" / "data" / "organizations.json"
PLACES = ROOT / "peygir" / "places" / "data" / "places.json"


def _extractor() -> Extractor:
    orgs = json.loads(ORGS.read_text(encoding="utf-8"))
    bodies = [
        Body(i, (o["name"], o.get("short_name") or ""), 1 if o.get("level") == "national" else 0)
        for i, o in enumerate(orgs)
    ]
    places = [p["name"] for p in json.loads(PLACES.read_text(encoding="utf-8"))]
    return Extractor(bodies=BodyMatcher(bodies), places=places)


def _same_body(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    return search_key(a) == search_key(b)


def score(rows: list[dict[str, object]], extractor: Extractor, verbose: bool) -> dict[str, float]:
    tp = fp = fn = tn = 0
    body_ok = body_n = deadline_ok = deadline_n = vague_ok = matched = 0
    for row in rows:
        reference = parse_jalali_date(str(row["reference_date"]))
        found = extractor.extract(str(row["sentence"]), reference=reference)
        predicted = bool(found)
        gold = bool(row["is_commitment"])
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
        tn += not predicted and not gold
        if verbose and predicted != gold:
            print(f"  {'FP' if predicted else 'FN'} {row['id']}: {row['sentence']}")
        if not (predicted and gold):
            continue
        c = found[0]
        body_n += 1
        matched += c.responsible_id is not None
        if _same_body(c.responsible, row["responsible"]):  # type: ignore[arg-type]
            body_ok += 1
        elif verbose:
            print(f"  BODY {row['id']}: got {c.responsible!r}, want {row['responsible']!r}")
        vague_ok += c.vague_deadline == row["vague_deadline"]
        if row["deadline"]:
            deadline_n += 1
            got = jalali_iso(c.deadline) or None
            if got == row["deadline"]:
                deadline_ok += 1
            elif verbose:
                print(
                    f"  DATE {row['id']}: got {got} ({c.deadline_text!r}), want {row['deadline']}"
                )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": len(rows),
        "positives": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "body_accuracy": body_ok / body_n if body_n else 0.0,
        "body_n": body_n,
        "body_matched_to_org": matched,
        "deadline_accuracy": deadline_ok / deadline_n if deadline_n else 0.0,
        "deadline_n": deadline_n,
        "vague_flag_accuracy": vague_ok / body_n if body_n else 0.0,
    }


def throughput(rows: list[dict[str, object]], extractor: Extractor, seconds: float = 2.0) -> float:
    prepared = [(str(r["sentence"]), parse_jalali_date(str(r["reference_date"]))) for r in rows]
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for sentence, reference in prepared:
            extractor.extract(sentence, reference=reference)
        count += len(prepared)
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="all", choices=["dev", "heldout", "article", "all"])
    parser.add_argument("--ids", default="", help="only ids starting with this, e.g. h1")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every error")
    args = parser.parse_args()
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if str(r["id"]).startswith(args.ids)]
    extractor = _extractor()
    splits = ["dev", "heldout", "article"] if args.split == "all" else [args.split]
    print(f"{'split':8} {'n':>4} {'pos':>4} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'body':>12} {'deadline':>12} {'vague':>6} {'org':>6}")  # fmt: skip
    for split in [*splits, "all"] if len(splits) > 1 else splits:
        part = [r for r in rows if split == "all" or r["split"] == split]
        if args.verbose:
            print(f"[{split}]")
        s = score(part, extractor, args.verbose and split != "all")
        print(
            f"{split:8} {s['sentences']:>4} {s['positives']:>4} {s['precision']:>6.3f} "
            f"{s['recall']:>6.3f} {s['f1']:>6.3f} "
            f"{s['body_accuracy']:>6.1%} ({s['body_n']:>3}) "
            f"{s['deadline_accuracy']:>6.1%} ({s['deadline_n']:>3}) "
            f"{s['vague_flag_accuracy']:>6.1%} {s['body_matched_to_org']:>6}"
        )
    print(f"throughput: {throughput(rows, extractor):,.0f} sentences/s (one core)")


if __name__ == "__main__":
    main()
