#!/usr/bin/env python3
"""Check Peygir's seed and demo data files.

Pure Python (stdlib); uses ``jdatetime`` for Jalali date checks when it is installed,
otherwise a built-in Jalali validity check (month lengths, leap years by the 33-year rule).

Checks: JSON loads; required keys and allowed values; code uniqueness; parents listed
before children; every place / organization / category code referenced exists; Jalali
dates are valid; deadlines, revisions, progress and funding are consistent; Persian text
uses the zero-width non-joiner where it must (no « ها » / « های » as separate words, no
«میشود»-style verbs, no doubled or stray ZWNJ).

Run from the repository root (or anywhere):

    python3 peygir/demo/data/check_data.py

Exit status 0 when clean, 1 with a list of problems otherwise.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
PKG = HERE.parent.parent  # .../peygir
FILES = {
    "places": PKG / "places/data/places.json",
    "organizations": PKG / "organizations/data/organizations.json",
    "categories": PKG / "resolutions/data/categories.json",
    "holidays": PKG / "workdays/data/holidays.json",
}
DEMO = [HERE / "article_meeting.json", HERE / "kahak_trip.json"]

ZWNJ = "\u200c"
PLACE_KINDS = {"province", "county", "district", "city", "village"}
ORG_KINDS = {
    "governorate",
    "deputy",
    "county_governorate",
    "district_governorate",
    "executive_body",
    "ministry",
    "national_body",
    "municipality",
    "council",
    "bank",
    "university",
    "company",
    "judiciary",
    "other",
}
LEVELS = {"national", "provincial", "county", "local"}
STATUSES = {
    "registered",
    "assigned",
    "accepted",
    "in_progress",
    "done",
    "partially_done",
    "stalled",
    "cancelled",
}
RATINGS = {"not_rated", "in_the_works", "stalled", "kept", "partly_kept", "broken"}
FUND_SOURCES = {"national", "provincial", "county", "own", "bank", "private", "other"}
PLACE_PARENT = {
    "county": {"province"},
    "district": {"county"},
    "city": {"district", "county"},
    "village": {"district", "county"},
    "province": set(),
}

problems: list[str] = []


def err(where: str, msg: str) -> None:
    problems.append(f"{where}: {msg}")


# ---------------------------------------------------------------- Jalali dates
try:
    import jdatetime  # type: ignore
except ImportError:  # pragma: no cover - fallback
    jdatetime = None


def _is_leap(y: int) -> bool:
    # 33-year arithmetic rule; matches the astronomical calendar for 1343-1472.
    return (((y - 474) % 2820 + 474 + 38) * 682) % 2816 < 682


def parse_jalali(s: object, sep: str) -> tuple[int, int, int] | None:
    if not isinstance(s, str):
        return None
    m = re.fullmatch(r"(\d{4})" + re.escape(sep) + r"(\d{2})" + re.escape(sep) + r"(\d{2})", s)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if jdatetime is not None:
        try:
            jdatetime.date(y, mo, d)
        except ValueError:
            return None
    else:
        if not 1 <= mo <= 12:
            return None
        days = 31 if mo <= 6 else 30 if mo <= 11 else (30 if _is_leap(y) else 29)
        if not 1 <= d <= days:
            return None
    return (y, mo, d)


def check_date(
    where: str, s: object, sep: str = "/", nullable: bool = False
) -> tuple[int, int, int] | None:
    if s is None and nullable:
        return None
    t = parse_jalali(s, sep)
    if t is None:
        err(where, f"invalid Jalali date {s!r} (expected YYYY{sep}MM{sep}DD)")
    return t


# ---------------------------------------------------------------- Persian text
BAD_TEXT = [
    (
        re.compile(r"(?:^|\s)(ها|های|هایی|هایم|هایش|ام|ای|اید|اند)(?=\s|$|[،.؛:!؟)])"),
        "suffix written as a separate word (needs ZWNJ)",
    ),
    (re.compile(r"(?:^|[\s(«])(ن?می)(?=[آ-ی])"), "«می» joined to the verb (needs ZWNJ: «می‌…»)"),
    (re.compile(r"(?:^|[\s(«])(ن?می) (?=[آ-ی])"), "«می» separated by a space (needs ZWNJ)"),
    (re.compile(r"[آ-ی](ها|های)(?=\s|$|[،.؛:])"), None),  # handled below with a whitelist
    (re.compile(ZWNJ + "{2,}"), "doubled ZWNJ"),
    (re.compile(r"(?:^|\s)" + ZWNJ + "|" + ZWNJ + r"(?:\s|$)"), "ZWNJ next to a space"),
    (re.compile("اداره" + ZWNJ + "کل"), "«اداره کل» is written with a space, not a ZWNJ"),
    (re.compile("[\u064a\u0643]"), "Arabic yeh/kaf instead of Persian «ی»/«ک»"),
    (re.compile(r"  +"), "double space"),
]
# Words that legitimately start with «می» joined (not the verb prefix).
MI_PREFIXES = (
    "میراث",
    "میدان",
    "میلاد",
    "میزان",
    "میان",
    "میوه",
    "میلیون",
    "میلیارد",
    "میهن",
    "میرزا",
    "میخ",
    "میله",
    "میهمان",
    "میمون",
)
MI_WORDS = {"میم", "میل", "میز", "میش", "می"}
# Joining letters after which «ها» must be separated by ZWNJ (all but ا د ذ ر ز ژ و and ه-less cases).
NON_JOINING = set("اآدذرزژو")
HA_WHITELIST = ("تنها", "بها", "رها", "انتها", "نهایی", "نهایت", "بهای", "اینها", "آنها")


def check_text(where: str, s: str) -> None:
    for rx, msg in BAD_TEXT:
        if msg is None:
            continue
        for m in rx.finditer(s):
            if "«می»" in msg and msg.startswith("«می» joined"):
                word = re.match(r"[\u0600-\u06ff]+", s[m.start(1) :]).group(0)
                if word in MI_WORDS or word.startswith(MI_PREFIXES):
                    continue
            err(where, f"{msg}: …{s[max(0, m.start() - 12) : m.end() + 12]}…")
    # «کتابها» style: a joining letter followed directly by ها / های at a word end
    for m in re.finditer(r"([آ-ی]+)(ها|های|هایی)(?=[\s،.؛:)»]|$)", s):
        word = m.group(0)
        stem = m.group(1)
        if word.startswith(HA_WHITELIST) or word in HA_WHITELIST:
            continue
        if stem[-1] not in NON_JOINING and stem[-1] != "ه":
            err(where, f"plural «ها» joined without ZWNJ: «{word}»")
        if stem[-1] == "ه":
            err(where, f"«ه» + «ها» needs ZWNJ: «{word}»")


def walk_text(where: str, obj: object) -> None:
    if isinstance(obj, str):
        if re.search(r"[آ-ی]", obj):
            check_text(where, obj)
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            walk_text(f"{where}[{i}]", x)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            walk_text(f"{where}.{k}", v)


# ---------------------------------------------------------------- loaders
def load(path: pathlib.Path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        err(str(path), "missing")
    except json.JSONDecodeError as e:
        err(str(path), f"invalid JSON: {e}")
    return None


def check_tree(name: str, rows: list[dict], keys: set[str]) -> dict[str, dict]:
    seen: dict[str, dict] = {}
    for i, r in enumerate(rows):
        where = f"{name}[{i}]"
        if set(r) != keys:
            err(where, f"keys {sorted(r)} != {sorted(keys)}")
        code = r.get("code")
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", code or ""):
            err(where, f"bad code {code!r}")
        if code in seen:
            err(where, f"duplicate code {code}")
        parent = r.get("parent")
        if parent is not None and parent not in seen:
            err(where, f"parent {parent!r} of {code} is missing or listed after it")
        seen[code] = r
    return seen


def main() -> int:
    places = load(FILES["places"]) or []
    orgs = load(FILES["organizations"]) or []
    cats = load(FILES["categories"]) or []
    hols = load(FILES["holidays"]) or []

    # places
    P = check_tree("places", places, {"code", "name", "kind", "parent"})
    first_non_province = False
    for code, r in P.items():
        if r["kind"] not in PLACE_KINDS:
            err(f"places:{code}", f"bad kind {r['kind']!r}")
            continue
        if r["kind"] == "province":
            if first_non_province:
                err(f"places:{code}", "provinces must come first")
            if r["parent"] is not None:
                err(f"places:{code}", "province with a parent")
        else:
            first_non_province = True
            par = P.get(r["parent"])
            if par and par["kind"] not in PLACE_PARENT[r["kind"]]:
                err(f"places:{code}", f"{r['kind']} under a {par['kind']}")
        walk_text(f"places:{code}.name", r["name"])
    n_prov = sum(1 for r in P.values() if r["kind"] == "province")
    if n_prov != 31:
        err("places", f"{n_prov} provinces, expected 31")

    # organizations
    O = check_tree(
        "organizations", orgs, {"code", "name", "short_name", "kind", "level", "place", "parent"}
    )
    for code, r in O.items():
        if r["kind"] not in ORG_KINDS:
            err(f"organizations:{code}", f"bad kind {r['kind']!r}")
        if r["level"] not in LEVELS:
            err(f"organizations:{code}", f"bad level {r['level']!r}")
        if r["level"] == "national" and r["place"] is not None:
            err(f"organizations:{code}", "national body with a place")
        if r["level"] != "national" and r["place"] not in P:
            err(f"organizations:{code}", f"unknown place {r['place']!r}")
        walk_text(f"organizations:{code}", {"name": r["name"], "short_name": r["short_name"]})

    # categories
    C: dict[str, dict] = {}
    for i, r in enumerate(cats):
        if set(r) != {"code", "name"}:
            err(f"categories[{i}]", f"keys {sorted(r)}")
        if r.get("code") in C:
            err(f"categories[{i}]", f"duplicate code {r.get('code')}")
        C[r.get("code")] = r
        walk_text(f"categories:{r.get('code')}", r.get("name"))

    # holidays
    seen_dates = set()
    for i, r in enumerate(hols):
        where = f"holidays[{i}]"
        if set(r) != {"date", "name", "kind"}:
            err(where, f"keys {sorted(r)}")
        check_date(where, r.get("date"), sep="-")
        if r.get("date") in seen_dates:
            err(where, f"duplicate date {r.get('date')}")
        seen_dates.add(r.get("date"))
        if r.get("kind") not in {"solar", "lunar"}:
            err(where, f"bad kind {r.get('kind')!r}")
        walk_text(where + ".name", r.get("name"))
    if [r.get("date") for r in hols] != sorted(r.get("date") for r in hols):
        err("holidays", "not sorted by date")

    # demo files
    for path in DEMO:
        data = load(path)
        if data is None:
            continue
        name = path.name
        src = data.get("source", {})
        want = {
            "code",
            "kind",
            "title",
            "start_date",
            "end_date",
            "places",
            "organizer",
            "delegation",
            "attendees",
            "minutes",
            "summary",
        }
        if set(src) != want:
            err(
                f"{name}.source",
                f"keys differ: missing {sorted(want - set(src))}, extra {sorted(set(src) - want)}",
            )
        if src.get("kind") not in {"meeting", "trip"}:
            err(f"{name}.source", f"bad kind {src.get('kind')!r}")
        s0 = check_date(f"{name}.source.start_date", src.get("start_date"))
        s1 = check_date(f"{name}.source.end_date", src.get("end_date"), nullable=True)
        if s0 and s1 and s1 < s0:
            err(f"{name}.source", "end_date before start_date")
        for p in src.get("places", []):
            if p not in P:
                err(f"{name}.source.places", f"unknown place {p}")
        if src.get("organizer") not in O:
            err(f"{name}.source.organizer", f"unknown org {src.get('organizer')}")
        walk_text(
            f"{name}.source",
            {
                k: v
                for k, v in src.items()
                if k not in {"code", "start_date", "end_date", "places", "organizer", "kind"}
            },
        )

        titles = set()
        for i, r in enumerate(data.get("resolutions", [])):
            w = f"{name}.resolutions[{i}]"
            want_r = {
                "title",
                "text",
                "category",
                "places",
                "responsible",
                "supporting",
                "followup_owner",
                "national_counterpart",
                "authority_level",
                "start_date",
                "deadline",
                "status",
                "progress",
                "public_rating",
                "rating_reason",
                "visibility",
                "funding",
                "funding_not_needed",
                "deadline_revisions",
                "progress_reports",
                "letters",
            }
            if set(r) != want_r:
                err(
                    w,
                    f"keys differ: missing {sorted(want_r - set(r))}, extra {sorted(set(r) - want_r)}",
                )
                continue
            if r["title"] in titles:
                err(w, "duplicate title")
            titles.add(r["title"])
            if r["category"] not in C:
                err(w, f"unknown category {r['category']}")
            for p in r["places"]:
                if p not in P:
                    err(w, f"unknown place {p}")
            for key in ("responsible", "followup_owner", "national_counterpart"):
                v = r[key]
                if v is None and key in ("responsible", "national_counterpart"):
                    continue
                if v not in O:
                    err(w, f"unknown org in {key}: {v}")
            nc = r["national_counterpart"]
            if nc in O and O[nc]["level"] != "national":
                err(w, f"national_counterpart {nc} is not a national body")
            for v in r["supporting"]:
                if v not in O:
                    err(w, f"unknown supporting org {v}")
            if r["responsible"] in r["supporting"]:
                err(w, "responsible body also listed as supporting")
            if r["authority_level"] not in {"province", "ministry"}:
                err(w, f"bad authority_level {r['authority_level']!r}")
            if r["status"] not in STATUSES:
                err(w, f"bad status {r['status']!r}")
            if r["public_rating"] not in RATINGS:
                err(w, f"bad public_rating {r['public_rating']!r}")
            if r["visibility"] not in {"public", "internal"}:
                err(w, f"bad visibility {r['visibility']!r}")
            if not isinstance(r["progress"], int) or not 0 <= r["progress"] <= 100:
                err(w, f"bad progress {r['progress']!r}")
            if r["status"] == "done" and r["progress"] != 100:
                err(w, "done but progress is not 100")
            if r["status"] != "done" and r["progress"] == 100:
                err(w, "progress 100 but not done")
            if r["status"] in {"cancelled", "stalled"} and not r["rating_reason"]:
                err(w, f"{r['status']} without a reason")
            sd = check_date(w + ".start_date", r["start_date"])
            dl = check_date(w + ".deadline", r["deadline"], nullable=True)
            if sd and dl and dl < sd:
                err(w, "deadline before start_date")
            prev = dl
            for j, rev in enumerate(r["deadline_revisions"]):
                nd = check_date(f"{w}.deadline_revisions[{j}].new_date", rev.get("new_date"))
                if not rev.get("reason"):
                    err(f"{w}.deadline_revisions[{j}]", "revision without a reason")
                if prev and nd and nd <= prev:
                    err(
                        f"{w}.deadline_revisions[{j}]",
                        "new_date is not after the previous deadline",
                    )
                prev = nd or prev
            last = -1
            for j, pr in enumerate(r["progress_reports"]):
                p = pr.get("progress")
                if not isinstance(p, int) or not 0 <= p <= 100 or p < last:
                    err(f"{w}.progress_reports[{j}]", f"bad or decreasing progress {p!r}")
                last = p if isinstance(p, int) else last
                if not pr.get("note"):
                    err(f"{w}.progress_reports[{j}]", "empty note")
            if r["progress_reports"] and last != r["progress"]:
                err(w, f"last progress report ({last}) != progress ({r['progress']})")
            if r["funding_not_needed"] and r["funding"]:
                err(w, "funding_not_needed but funding lines given")
            for j, f in enumerate(r["funding"]):
                fw = f"{w}.funding[{j}]"
                if set(f) != {"source", "fiscal_year", "approved", "allocated", "spent"}:
                    err(fw, f"keys {sorted(f)}")
                    continue
                if f["source"] not in FUND_SOURCES:
                    err(fw, f"bad source {f['source']!r}")
                if not isinstance(f["fiscal_year"], int) or not 1390 <= f["fiscal_year"] <= 1420:
                    err(fw, f"bad fiscal_year {f['fiscal_year']!r}")
                a, al, sp = f["approved"], f["allocated"], f["spent"]
                if not all(isinstance(x, int) and x >= 0 for x in (a, al, sp)):
                    err(fw, "amounts must be non-negative integers (rials)")
                elif not sp <= al <= a:
                    err(fw, f"expected spent <= allocated <= approved, got {sp} / {al} / {a}")
            for j, L in enumerate(r["letters"]):
                lw = f"{w}.letters[{j}]"
                if set(L) != {"direction", "number", "date", "recipient", "subject"}:
                    err(lw, f"keys {sorted(L)}")
                    continue
                if L["direction"] not in {"sent", "received"}:
                    err(lw, f"bad direction {L['direction']!r}")
                ld = check_date(lw + ".date", L["date"])
                if sd and ld and ld < sd:
                    err(lw, "letter dated before the resolution")
                if L["recipient"] not in O:
                    err(lw, f"unknown recipient {L['recipient']}")
            walk_text(w, {k: r[k] for k in ("title", "text", "rating_reason")})
            walk_text(w + ".deadline_revisions", [x.get("reason") for x in r["deadline_revisions"]])
            walk_text(w + ".progress_reports", [x.get("note") for x in r["progress_reports"]])
            walk_text(w + ".letters", [x.get("subject") for x in r["letters"]])

    if problems:
        for p in problems:
            print(p)
        print(f"\n{len(problems)} problem(s)")
        return 1
    print(
        f"OK: {len(P)} places, {len(O)} organizations, {len(C)} categories, {len(hols)} holidays, "
        f"{len(DEMO)} demo files (jdatetime {'used' if jdatetime else 'not installed; built-in check used'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
