"""Measure the comment screen on Peygir's own labelled set (peygir/comments/data/eval.tsv).

    .venv/bin/python benchmarks/comments.py

Prints precision and recall per reason code, how often civil comments (civil criticism,
harsh-but-civil criticism, general remarks about corruption) are wrongly held or
rejected, the issue's targets, the naive Bayes classifier's cross-validated figures, and
the latency per comment. Pure Python: no database, no Django settings.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peygir.comments import screening  # noqa: E402
from peygir.comments.screening import classifier  # noqa: E402
from peygir.comments.screening.evalset import CIVIL, GOLD_REASON, load  # noqa: E402

ORGS = ROOT / "peygir" / "organizations" / "data" / "organizations.json"


def _names() -> dict[str, str]:
    rows = json.loads(ORGS.read_text(encoding="utf-8"))
    return screening.target_keys(
        n for row in rows for n in (row["name"], row.get("short_name")) if n
    )


def main() -> None:
    names = _names()
    for name in ("eval.tsv", "holdout.tsv"):
        print(f"===== {name} =====")
        report(load(name), names)
    print(
        "(holdout.tsv before any tuning on it, word list only: insults and accusations kept "
        "13/18 = 72.2%, insult recall 58.3%, non-Persian 14/14, civil wrongly held 1/18, "
        "rejected 0)"
    )
    print()
    print("Naive Bayes insult classifier, 5-fold cross-validation on eval.tsv (Persian script)")
    for key, value in classifier.cross_validate(load(), folds=5).items():
        print(f"  {key}: {value}")
    holdout = [i for i in load("holdout.tsv") if i.label in classifier.PERSIAN_LABELS]
    trained = classifier.NaiveBayes.train(classifier._samples(load()))
    pairs = [(i.label in classifier.POSITIVE, trained.probability(i.text) >= 0.5) for i in holdout]
    print(f"  model trained on eval.tsv, tested on holdout.tsv: {classifier._figures(pairs)}")


def report(items: list, names: dict[str, str]) -> None:
    # One pass to load the word lists and the items' texts, as a running site has.
    for item in items:
        screening.screen(item.text, context=item.context, names=names)
    verdicts = []
    timings = []
    cpu = []
    for item in items:
        start, start_cpu = time.perf_counter(), time.process_time()
        verdicts.append(screening.screen(item.text, context=item.context, names=names))
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    print(
        f"Comments: {len(items)}  "
        + "  ".join(f"{k} {v}" for k, v in sorted(Counter(i.label for i in items).items()))
    )
    print()
    print(f"{'reason':<12} {'gold':>5} {'flagged':>8} {'precision':>10} {'recall':>8}")
    for reason in screening.REASONS:
        gold = {n for n, i in enumerate(items) if GOLD_REASON.get(i.label) == reason}
        flagged = {n for n, v in enumerate(verdicts) if reason in v.reasons}
        hit = len(gold & flagged)
        precision = f"{hit / len(flagged):.1%}" if flagged else "n/a"
        recall = f"{hit / len(gold):.1%}" if gold else "n/a"
        print(f"{reason:<12} {len(gold):>5} {len(flagged):>8} {precision:>10} {recall:>8}")
    print()
    civil = [n for n, i in enumerate(items) if i.label in CIVIL]
    held = [n for n in civil if verdicts[n].decision == screening.HOLD]
    rejected = [n for n in civil if verdicts[n].decision == screening.REJECT]
    print(
        f"Civil comments: {len(civil)}; wrongly held {len(held)} ({len(held) / len(civil):.1%}), "
        f"wrongly rejected {len(rejected)}"
    )
    for n in held + rejected:
        print(f"   {verdicts[n].decision} {verdicts[n].reasons} [{items[n].label}] {items[n].text}")
    foreign = [n for n, i in enumerate(items) if GOLD_REASON.get(i.label) == "not_persian"]
    caught = sum(screening.NOT_PERSIAN in verdicts[n].reasons for n in foreign)
    harmful = [n for n, i in enumerate(items) if i.label in {"insult", "severe", "accusation"}]
    kept = sum(verdicts[n].decision != screening.PUBLISH for n in harmful)
    print()
    print("Targets")
    print(f"  civil comments rejected automatically: {len(rejected)} (target 0)")
    print(
        f"  non-Persian caught: {caught}/{len(foreign)} = {caught / len(foreign):.1%} "
        "(target >= 95%)"
    )
    print(
        f"  insults and accusations kept from publication: {kept}/{len(harmful)} = "
        f"{kept / len(harmful):.1%} (target >= 90%)"
    )
    timings.sort()
    print(
        f"  latency per comment: median {statistics.median(timings):.2f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)]:.2f} ms, max {timings[-1]:.2f} ms (target < 20 ms)"
    )
    print(
        f"  CPU time per comment: mean {statistics.mean(cpu):.2f} ms, max {max(cpu):.2f} ms; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores while measuring"
    )
    missed = [n for n in harmful if verdicts[n].decision == screening.PUBLISH]
    for n in missed:
        print(f"   published: [{items[n].label}] {items[n].text}")
    other = [
        n
        for n, i in enumerate(items)
        if i.label not in CIVIL
        and GOLD_REASON.get(i.label)
        and GOLD_REASON[i.label] not in verdicts[n].reasons
    ]
    for n in other:
        if n not in missed:
            print(
                f"   missed reason {GOLD_REASON[items[n].label]}: "
                f"{verdicts[n].decision} {verdicts[n].reasons} {items[n].text}"
            )


if __name__ == "__main__":
    main()
