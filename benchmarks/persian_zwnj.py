"""Measure ZWNJ restoration, normalization throughput and search recall.

Run it with `make bench-persian`, which builds `.venv-bench` (hazm 0.12 and shekar are
installed there only, never in the project) and runs:

    .venv-bench/bin/python benchmarks/persian_zwnj.py

Without hazm or shekar installed the script measures ours alone.

How restoration is scored: the article and each tool's output are aligned on their
Persian letters (tools add or remove spaces and ZWNJs, never letters). Between every two
neighbouring letters the separator is classed as nothing, ZWNJ or space. A gold word is
*restored* when every separator inside it matches the hand-checked correct form
(data/article_zwnj_gold.json); any other word is *damaged* when a separator inside or
right after it changed and the change is not an accepted spelling.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from peygir.persian import normalize, search_key  # noqa: E402
from peygir.persian.letters import PERSIAN_LETTERS, ZWNJ  # noqa: E402

ARTICLE = ROOT.parent / "shared" / "seed" / "article-fa.txt"
ARTICLE_COPY = ROOT / "peygir" / "persian" / "tests" / "data" / "article-fa.txt"
GOLD = Path(__file__).parent / "data" / "article_zwnj_gold.json"
LETTER = set(PERSIAN_LETTERS) | set("يكة")
THROUGHPUT_BYTES = 1_000_000


def skeleton(text: str) -> tuple[str, list[str]]:
    """Return the letters of *text* and the separator class after each letter."""
    letters: list[str] = []
    seps: list[str] = []
    gap = ""
    for ch in text:
        if ch in LETTER:
            if letters:
                seps.append(_sep_class(gap))
            letters.append(ch)
            gap = ""
        else:
            gap += ch
    seps.append("end")
    return "".join(letters), seps


def _sep_class(gap: str) -> str:
    if re.search(r"[^\s\u200c]", gap):
        return "punct"  # punctuation spacing is not ZWNJ business
    if re.search(r"\s", gap):
        return "space"
    return "zwnj" if ZWNJ in gap else "none"


def _word_spans(text: str, written: str) -> list[tuple[int, int]]:
    """Return letter-index spans of whole-word occurrences of *written* in *text*."""
    pattern = re.compile(f"(?<![{PERSIAN_LETTERS}]){re.escape(written)}(?![{PERSIAN_LETTERS}])")
    spans = []
    for m in pattern.finditer(text):
        start = len(skeleton(text[: m.start()])[0])
        spans.append((start, start + len(skeleton(written)[0])))
    return spans


def score(
    original: str, output: str, gold: dict[str, list[dict[str, object]]]
) -> dict[str, object]:
    """Count restored gold words and damaged other words in *output*."""
    letters_in, seps_in = skeleton(original)
    letters_out, seps_out = skeleton(output)
    if letters_in.translate(str.maketrans("يكة", "یکه")) != letters_out.translate(
        str.maketrans("يكة", "یکه")
    ):
        return {"error": "letters changed; cannot align"}
    accepted: dict[int, set[str]] = {}  # separator index -> accepted classes
    gold_words: list[tuple[str, int, int, list[str]]] = []
    for item in gold["required"]:
        written, correct = str(item["written"]), str(item["correct"])
        want = skeleton(correct)[1][:-1]
        for start, end in _word_spans(original, written):
            gold_words.append((correct, start, end, want))
            for k, cls in enumerate(want):
                accepted.setdefault(start + k, set()).add(cls)
    for item in gold["optional"]:
        for start, _end in _word_spans(original, str(item["written"])):
            for form in item["accept"]:  # type: ignore[attr-defined]
                for k, cls in enumerate(skeleton(str(form))[1][:-1]):
                    accepted.setdefault(start + k, set()).add(cls)
    restored = [w for w, s, e, want in gold_words if seps_out[s : e - 1] == want]
    missed = [w for w, s, e, want in gold_words if seps_out[s : e - 1] != want]
    damaged = []
    for i, (before, after) in enumerate(zip(seps_in, seps_out, strict=True)):
        if before == after or "punct" in (before, after) or after in accepted.get(i, set()):
            continue
        left = max(0, i - 6)
        damaged.append(_context(letters_out, seps_out, left, min(len(letters_out), i + 7)))
    return {
        "restored": len(restored),
        "total": len(gold_words),
        "unique_restored": len(set(restored)),
        "unique_total": len({w for w, *_ in gold_words}),
        "missed": sorted(set(missed)),
        "damaged": damaged,
    }


def _context(letters: str, seps: list[str], start: int, end: int) -> str:
    out = []
    for i in range(start, end):
        out.append(letters[i])
        out.append({"zwnj": ZWNJ, "space": " ", "punct": " ", "end": ""}.get(seps[i], ""))
    return "…" + "".join(out).strip() + "…"


def throughput(fn: Callable[[str], str], text: str) -> float:
    """Return MB/s of *fn* over about 1 MB of *text* repeated (best of three)."""
    big = text * max(1, THROUGHPUT_BYTES // len(text.encode("utf-8")))
    size = len(big.encode("utf-8")) / 1_000_000
    fn(text)  # warm up: load lexicons outside the timing
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        fn(big)
        best = min(best, time.perf_counter() - began)
    return size / best


def tools() -> dict[str, Callable[[str], str]]:
    """Return the normalizers to compare, skipping those not installed."""
    found: dict[str, Callable[[str], str]] = {"peygir": normalize}
    try:
        from hazm import Normalizer as HazmNormalizer

        found["hazm"] = HazmNormalizer().normalize
    except ImportError:
        print("hazm not installed: skipped", file=sys.stderr)
    try:
        from shekar import Normalizer as ShekarNormalizer

        found["shekar"] = ShekarNormalizer()
    except ImportError:
        print("shekar not installed: skipped", file=sys.stderr)
    return found


# Spelling variants of words a user may search for, and text that contains them.
SEARCH_CASES = [
    ("مصوبه‌های سفر", "مصوبههای سفر استاندار"),
    ("مصوبه های سفر", "مصوبه‌های سفر استاندار"),
    ("مصوبههای", "فهرست مصوبه‌های جلسه"),
    ("می‌شود", "پیگیری میشود"),
    ("میشود", "پیگیری می‌شود"),
    ("می شود", "پیگیری می‌شود"),
    ("مي‌شود", "پیگیری میشود"),
    ("كهك", "بخش کهک"),
    ("کهک", "بخش كهك"),
    ("علي", "روستای علی‌آباد"),
    ("۱۴۰۳", "سال 1403"),
    ("1403", "سال ۱۴۰۳"),
    ("١٤٠٣", "سال ۱۴۰۳"),
    ("آبادانی", "پیشرفت و ابادانی"),
    ("تاکید", "تأکید کرد"),
    ("بین الملل", "روابط بین‌الملل"),
    ("بین‌الملل", "امور بین الملل"),
    ("نیازمندی ها", "فهرست نیازمندیها"),
    ("آن‌ها", "برای آنها"),
    ("ویژه ای", "اهتمام ویژهای"),
    ("بهره مندی", "برای بهرهمندی"),
    ("گام‌های", "گامهای مثبت"),
    ("۱۲٬۵۰۰", "مبلغ 12500 ریال"),
    ("استانداری", "استانــداری قم"),
    ("مسئولیت", "احساس مسئوليت"),
]


def search_recall() -> tuple[int, int, int]:
    """Return (found by search_key, found by icontains, cases)."""
    ours = naive = 0
    for query, document in SEARCH_CASES:
        doc_key = f" {search_key(document)} "
        if all(f" {term}" in doc_key for term in search_key(query).split()):
            ours += 1
        if query.casefold() in document.casefold():
            naive += 1
    return ours, naive, len(SEARCH_CASES)


def main() -> None:
    article_path = ARTICLE if ARTICLE.exists() else ARTICLE_COPY
    article = article_path.read_text(encoding="utf-8")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    print(
        f"Article: {article_path.name}, {len(article)} characters, no ZWNJ: {ZWNJ not in article}"
    )
    print(f"Gold: {len(gold['required'])} distinct words that need a ZWNJ\n")
    header = f"{'tool':8} {'restored':>14} {'distinct':>10} {'damaged':>8} {'MB/s':>8}"
    print(header)
    print("-" * len(header))
    details = []
    for name, fn in tools().items():
        result = score(article, fn(article), gold)
        speed = throughput(fn, article)
        if "error" in result:
            print(f"{name:8} {result['error']}")
            continue
        pct = 100 * int(result["restored"]) / int(result["total"])  # type: ignore[call-overload]
        print(
            f"{name:8} {result['restored']:>4}/{result['total']} {pct:5.1f}%"
            f" {result['unique_restored']:>4}/{result['unique_total']:<4}"
            f" {len(result['damaged']):>8} {speed:8.2f}"  # type: ignore[arg-type]
        )
        details.append((name, result))
    for name, result in details:
        print(f"\n{name}: missed {result['missed'] or 'none'}")
        for context in result["damaged"]:  # type: ignore[attr-defined]
            print(f"  damaged: {context}")
    ours, naive, cases = search_recall()
    print(f"\nSearch recall on {cases} spelling-variant pairs:")
    print(f"  search_key: {ours}/{cases} ({100 * ours / cases:.0f}%)")
    print(f"  icontains : {naive}/{cases} ({100 * naive / cases:.0f}%)")


if __name__ == "__main__":
    main()
