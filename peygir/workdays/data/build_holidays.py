#!/usr/bin/env python3
"""Build holidays.json: Iran's official public holidays for a range of Jalali years.

Fridays are weekly days off and are NOT listed.

Solar holidays are fixed Jalali dates. Lunar (Hijri) holidays are converted from the
Umm al-Qura calendar (package ``hijridate``) and then replaced by the dates of the official
Iranian calendar where we know them (``OFFICIAL`` below). Iran fixes lunar months by moon
sighting, so its dates can differ from Umm al-Qura by a day: every lunar date not in
``OFFICIAL`` is an estimate that the administrator must confirm in the admin each year,
once the official calendar (تقویم رسمی کشور, University of Tehran Geophysics Institute's
calendar centre) is published.

When two holidays fall on the same day they are merged into one entry (names joined with
" / "; kind "solar" if either is solar), so each date appears once.

Run with a throwaway virtualenv:

    python3 -m venv /tmp/venv-data
    /tmp/venv-data/bin/pip install hijridate jdatetime
    /tmp/venv-data/bin/python peygir/workdays/data/build_holidays.py 1403 1406

It writes holidays.json beside this file (or to --out) and prints a summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys

import jdatetime
from hijridate import Gregorian, Hijri

ZWNJ = "\u200c"

# (month, day, name) in the Jalali calendar
SOLAR = [
    (1, 1, "عید نوروز"),
    (1, 2, "عید نوروز"),
    (1, 3, "عید نوروز"),
    (1, 4, "عید نوروز"),
    (1, 12, "روز جمهوری اسلامی ایران"),
    (1, 13, "روز طبیعت"),
    (3, 14, "رحلت حضرت امام خمینی (ره)"),
    (3, 15, "قیام ۱۵ خرداد"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 29, "روز ملی شدن صنعت نفت ایران"),
]

# (key, hijri month, hijri day, name). Day 30 of a 29-day month means "last day of month".
LUNAR = [
    ("tasua", 1, 9, "تاسوعای حسینی"),
    ("ashura", 1, 10, "عاشورای حسینی"),
    ("arbaeen", 2, 20, "اربعین حسینی"),
    ("rehlat", 2, 28, "رحلت حضرت رسول اکرم (ص) و شهادت امام حسن مجتبی (ع)"),
    ("reza", 2, 30, "شهادت امام رضا (ع)"),
    ("askari", 3, 8, "شهادت امام حسن عسکری (ع)"),
    ("mawlid", 3, 17, "میلاد حضرت رسول اکرم (ص) و امام جعفر صادق (ع)"),
    ("fatemeh", 6, 3, "شهادت حضرت فاطمه زهرا (س)"),
    ("ali-birth", 7, 13, "ولادت امام علی (ع)"),
    ("mabath", 7, 27, "مبعث حضرت رسول اکرم (ص)"),
    ("shaban", 8, 15, "ولادت حضرت قائم (عج)"),
    ("ali-death", 9, 21, "شهادت امام علی (ع)"),
    ("fitr", 10, 1, "عید سعید فطر"),
    ("fitr2", 10, 2, "تعطیل به مناسبت عید سعید فطر"),
    ("sadiq", 10, 25, "شهادت امام جعفر صادق (ع)"),
    ("adha", 12, 10, "عید سعید قربان"),
    ("ghadir", 12, 18, "عید سعید غدیر خم"),
]

# Official Iranian calendar dates we know, keyed by (hijri year, key) -> Jalali "YYYY-MM-DD".
# These override the Umm al-Qura conversion. Keep adding when a year's calendar is published.
OFFICIAL = {
    # 1445 AH (Jalali 1402-1403)
    (1445, "ali-death"): "1403-01-13",
    (1445, "fitr"): "1403-01-22",
    (1445, "fitr2"): "1403-01-23",
    (1445, "sadiq"): "1403-02-15",
    (1445, "adha"): "1403-03-28",
    (1445, "ghadir"): "1403-04-05",
    # 1446 AH (Jalali 1403-1404)
    (1446, "tasua"): "1403-04-25",
    (1446, "ashura"): "1403-04-26",
    (1446, "arbaeen"): "1403-06-04",
    (1446, "rehlat"): "1403-06-12",
    (1446, "reza"): "1403-06-14",
    (1446, "askari"): "1403-06-22",
    (1446, "mawlid"): "1403-06-31",
    (1446, "fatemeh"): "1403-09-15",
    (1446, "ali-birth"): "1403-10-24",
    (1446, "mabath"): "1403-11-08",
    (1446, "shaban"): "1403-11-25",
    (1446, "ali-death"): "1404-01-02",
    (1446, "fitr"): "1404-01-11",
    (1446, "fitr2"): "1404-01-12",
    (1446, "sadiq"): "1404-02-04",
    (1446, "adha"): "1404-03-16",
    (1446, "ghadir"): "1404-03-24",
    # 1447 AH (Jalali 1404-1405)
    (1447, "tasua"): "1404-04-14",
    (1447, "ashura"): "1404-04-15",
    (1447, "arbaeen"): "1404-05-23",
    (1447, "rehlat"): "1404-05-31",
    (1447, "reza"): "1404-06-02",  # last day of Safar: 8 Rabi' I fell on 1404-06-10
    (1447, "askari"): "1404-06-10",
    (1447, "mawlid"): "1404-06-19",
    (1447, "fatemeh"): "1404-09-03",
    (1447, "ali-birth"): "1404-10-13",
    (1447, "mabath"): "1404-10-27",
}


def jalali_str(d: dt.date) -> str:
    j = jdatetime.date.fromgregorian(date=d)
    return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"


def parse_jalali(s: str) -> jdatetime.date:
    y, m, d = (int(x) for x in s.split("-"))
    return jdatetime.date(y, m, d)  # raises ValueError when invalid


def lunar_date(hy: int, hm: int, hd: int) -> dt.date:
    """Umm al-Qura date; day 30 of a 29-day month falls back to its last day."""
    try:
        return Hijri(hy, hm, hd).to_gregorian()
    except (ValueError, OverflowError):
        if hd == 30:
            return Hijri(hy, hm, 29).to_gregorian()
        raise


def build(first: int, last: int) -> list[dict]:
    entries: dict[str, dict] = {}

    def put(date: str, name: str, kind: str, estimated: bool) -> None:
        y = int(date[:4])
        if not first <= y <= last:
            return
        parse_jalali(date)
        cur = entries.get(date)
        if cur is None:
            entries[date] = {"date": date, "name": name, "kind": kind, "_est": estimated}
        elif name not in cur["name"].split(" / "):
            cur["name"] += " / " + name
            if kind == "solar":
                cur["kind"] = "solar"
            cur["_est"] = cur["_est"] or estimated

    for y in range(first, last + 1):
        for m, d, name in SOLAR:
            put(f"{y:04d}-{m:02d}-{d:02d}", name, "solar", False)

    g_first = jdatetime.date(first, 1, 1).togregorian()
    g_last = jdatetime.date(last + 1, 1, 1).togregorian()
    hy_first = Gregorian(g_first.year, g_first.month, g_first.day).to_hijri().year
    hy_last = Gregorian(g_last.year, g_last.month, g_last.day).to_hijri().year
    for hy in range(hy_first, hy_last + 1):
        for key, hm, hd, name in LUNAR:
            official = OFFICIAL.get((hy, key))
            date = official or jalali_str(lunar_date(hy, hm, hd))
            put(date, name, "lunar", official is None)

    out = sorted(entries.values(), key=lambda e: e["date"])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("first", type=int, nargs="?", default=1403)
    ap.add_argument("last", type=int, nargs="?", default=1406)
    ap.add_argument("--out", default=str(pathlib.Path(__file__).with_name("holidays.json")))
    args = ap.parse_args(argv)
    rows = build(args.first, args.last)
    for r in rows:
        flag = "  (estimate)" if r["_est"] and r["kind"] == "lunar" else ""
        print(r["date"], r["kind"], r["name"] + flag)
    clean = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(clean, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    per_year: dict[str, int] = {}
    for r in clean:
        per_year[r["date"][:4]] = per_year.get(r["date"][:4], 0) + 1
    print("per year:", per_year, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
