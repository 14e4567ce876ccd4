"""Search side by side: Django's icontains (what the admin did) against Peygir's full-text index.

    .venv/bin/python benchmarks/search.py [N]                          # SQLite (a temp file)
    scripts/with-postgres .venv/bin/python benchmarks/search.py [N]    # throwaway PostgreSQL

N synthetic resolutions (default 100 000) are written with bulk_create into a fresh
database, then indexed with search_reindex (the same code `peygir search_reindex` runs).
Their titles and texts are Persian-like sentences drawn from a fixed vocabulary (seeded, so
every run writes the same rows). Into some rows the script plants words in each spelling
people type: ZWNJ, space or nothing («پرونده‌های»), می with ZWNJ/space/nothing, Arabic ي/ك,
digits in three scripts, آ/ا. The rows hold the raw spellings, as a legacy import would.

For every planted spelling it queries (a) ``title__icontains OR text__icontains`` and
(b) ``search_ids`` (all matching ids, unranked) and ``search`` (top 20, ranked, with
snippets), and reports recall against every row planted with any spelling of that word,
and the median time of 5 runs. A few common-word queries show the cost of large result sets.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peygir.settings")
_TMP = tempfile.mkdtemp(prefix="peygir-bench-search-")
if not os.environ.get("DATABASE_URL"):
    os.environ["PEYGIR_SQLITE_PATH"] = str(Path(_TMP) / "bench.sqlite3")

ZWNJ = "\u200c"
RUNS = 5
BATCH = 5000

VOCABULARY = """
آسفالت راه روستای احداث پل مدرسه گازرسانی آبرسانی بهسازی خیابان درمانگاه تکمیل پروژه
ساختمان اداره شهرستان جعفریه سلفچگان قم تامین اعتبار میلیارد ریال سال ۱۴۰۴ ۱۴۰۵ مقرر
شد تا پایان اجرا بازدید استاندار از و به در برای ساخت مجتمع ورزشی فرهنگی بیمارستان سد
خط انتقال آب برق فاضلاب شبکه توزیع روشنایی معابر بوستان کتابخانه سالن چندمنظوره زمین
چمن مصنوعی جاده کمربندی تقاطع غیرهمسطح ایستگاه آتش‌نشانی پایگاه اورژانس خانه بهداشت
دهیاری بخشداری فرمانداری شورای اسلامی شهرداری دستگاه‌ها اجرایی مسئول پیگیری گزارش
پیشرفت درصد فیزیکی مالی تخصیص مصوب هزینه طرح‌ها عمرانی نیمه‌تمام اولویت ویژه کشاورزی
دامداری گلخانه صنایع تبدیلی اشتغال روستاییان جوانان بانک تسهیلات قرض‌الحسنه مسکن
محرومان بنیاد کمیته امداد بهزیستی نوسازی بافت فرسوده میراث فرهنگی گردشگری زائران
""".split()  # noqa: SIM905

# Each group: one word in every spelling people type; none of them is in the vocabulary.
GROUPS: dict[str, list[str]] = {
    "ZWNJ / space / nothing": [f"پرونده{ZWNJ}های", "پرونده های", "پروندههای"],
    "می + verb": [f"می{ZWNJ}گردد", "می گردد", "ميگردد"],
    "ك / ک": ["كهك", "کهک"],
    "ي / ی": ["وشنوي", "وشنوی"],
    "digits ۱۲۳ / ١٢٣ / 123": ["۴۷۱۱", "٤٧١١", "4711"],
    "آ / ا": ["آرامستان", "ارامستان"],
}
COMMON_QUERIES = ["آسفالت", "راه روستای", "تامین اعتبار ۱۴۰۵"]


def _sentence(rng: random.Random, low: int, high: int) -> list[str]:
    return rng.choices(VOCABULARY, k=rng.randint(low, high))


def _setup_database() -> str:
    import django
    from django.conf import settings

    if os.environ.get("DATABASE_URL"):
        import psycopg

        name = settings.DATABASES["default"]["NAME"]
        admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    return connection.vendor


def _generate(n: int, seed: int = 1405) -> dict[str, set[int]]:
    """Write n resolutions; return, per group, the ids of the rows planted with it."""
    import datetime

    from peygir.resolutions.models import Resolution, Source

    rng = random.Random(seed)
    source = Source.objects.create(
        code="BENCH", kind="trip", title="سفر آزمایشی", start_date=datetime.date(2025, 5, 20)
    )
    per_spelling = max(2, n // 5000)
    slots = rng.sample(range(n), sum(len(s) for s in GROUPS.values()) * per_spelling)
    planted: dict[int, str] = {}
    rows_of: dict[str, set[int]] = {}
    for group, spellings in GROUPS.items():
        for spelling in spellings:
            for _ in range(per_spelling):
                index = slots.pop()
                planted[index] = spelling
                rows_of.setdefault(group, set()).add(index)
    for start in range(0, n, BATCH):
        batch = []
        for i in range(start, min(n, start + BATCH)):
            title = _sentence(rng, 4, 8)
            text = _sentence(rng, 15, 35)
            if i in planted:
                text.insert(rng.randrange(len(text) + 1), planted[i])
            batch.append(
                Resolution(
                    tracking_code=f"BN-{i:07d}",
                    title=" ".join(title),
                    text=" ".join(text),
                    source=source,
                )
            )
        Resolution.objects.bulk_create(batch)
    codes = dict(
        Resolution.objects.filter(tracking_code__in=[f"BN-{i:07d}" for i in planted]).values_list(
            "tracking_code", "pk"
        )
    )
    return {group: {codes[f"BN-{i:07d}"] for i in rows} for group, rows in rows_of.items()}


def _median_ms(call: Callable[[], Any]) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    vendor = _setup_database()
    from django.db.models import Q

    from peygir.resolutions.models import Resolution
    from peygir.search.models import SearchKind
    from peygir.search.selectors import search, search_ids
    from peygir.search.services import search_reindex

    started = time.perf_counter()
    expected = _generate(n)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    search_reindex(kinds=[SearchKind.RESOLUTION])
    indexed = time.perf_counter() - started

    def naive(query: str) -> set[int]:
        rows = Resolution.objects.filter(Q(title__icontains=query) | Q(text__icontains=query))
        return set(rows.values_list("pk", flat=True))

    def ours(query: str) -> set[int]:
        return set(search_ids(query, kind=SearchKind.RESOLUTION))

    def ranked(query: str) -> list[Any]:
        return search(query, kinds=[SearchKind.RESOLUTION], limit=20)

    print(f"# Search: {n:,} resolutions on {vendor}")
    print(f"generated in {generated:.1f} s; indexed in {indexed:.1f} s ({n / indexed:,.0f}/s)")
    print()
    print("| query | group | rows | icontains found | ms | peygir found | ms | top 20 ms |")
    print("|---|---|---|---|---|---|---|---|")
    totals = {"expected": 0, "naive": 0, "ours": 0}
    for group, spellings in GROUPS.items():
        want = expected[group]
        for spelling in spellings:
            naive_ms, naive_found = _median_ms(lambda q=spelling: naive(q))
            ours_ms, ours_found = _median_ms(lambda q=spelling: ours(q))
            ranked_ms, _hits = _median_ms(lambda q=spelling: ranked(q))
            totals["expected"] += len(want)
            totals["naive"] += len(naive_found & want)
            totals["ours"] += len(ours_found & want)
            shown = spelling.replace(ZWNJ, "<ZWNJ>")
            print(
                f"| {shown} | {group} | {len(want)} | {len(naive_found & want)} "
                f"| {naive_ms:.1f} | {len(ours_found & want)} | {ours_ms:.1f} | {ranked_ms:.1f} |"
            )
    for query in COMMON_QUERIES:
        naive_ms, naive_found = _median_ms(lambda q=query: naive(q))
        ours_ms, ours_found = _median_ms(lambda q=query: ours(q))
        ranked_ms, _hits = _median_ms(lambda q=query: ranked(q))
        print(
            f"| {query} | common words | – | {len(naive_found)} | {naive_ms:.1f} "
            f"| {len(ours_found)} | {ours_ms:.1f} | {ranked_ms:.1f} |"
        )
    print()
    for name in ("naive", "ours"):
        share = 100 * totals[name] / totals["expected"]
        label = "icontains" if name == "naive" else "peygir"
        print(
            f"recall on spelling variants, {label}: {totals[name]}/{totals['expected']} "
            f"({share:.1f} %)"
        )


if __name__ == "__main__":
    main()
