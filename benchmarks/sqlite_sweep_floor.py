"""The floor under a sweep's first pass on SQLite: the database's own cost of its writes.

    .venv/bin/python benchmarks/sqlite_sweep_floor.py var/bench-1m.sqlite3 [--rows 60000]

Inserts `--rows` step rows and as many timeline events, and runs as many guarded due-day
updates (of `followup_sweepdue`: a file migrated to followup 0008 or later), in chunks of
1 000 as the sweep does, inside one transaction that is rolled back
(the file is left as it was). Raw sqlite3, no Django: what remains is SQLite maintaining
the tables and their indexes. Runs twice: with the project's PRAGMAs, then with a 256 MB
page cache and the file memory-mapped, to see whether either would pay.
"""

import argparse
import datetime
import json
import sqlite3
import time

BASE = ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"]
BIG_CACHE = ["PRAGMA cache_size=-262144", "PRAGMA mmap_size=8589934592"]


def run(path: str, rows: int, pragmas: list[str]) -> dict[str, float]:
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in BASE + pragmas:
        con.execute(pragma)
    ids = [
        r[0]
        for r in con.execute(
            "SELECT id FROM resolutions_resolution WHERE id % 7 = 3 LIMIT ?", (rows,)
        )
    ]
    now = datetime.datetime.now(datetime.UTC).isoformat(" ")
    data = json.dumps({"condition": "stale", "period": "2031-01-01", "level": 2})
    events = [(i, "escalated", None, now, 0, "ارجاع به سطح بالاتر", data) for i in ids]
    steps = [(i, "stale", 3, "2031-01-01", "2031-01-01", now, "bench", None) for i in ids]
    con.execute("BEGIN IMMEDIATE")
    wall, cpu = time.perf_counter(), time.process_time()
    for k in range(0, len(ids), 1000):
        con.executemany(
            "INSERT INTO resolutions_resolutionevent (resolution_id, kind, actor_id, "
            "created_at, is_public, message, data) VALUES (?,?,?,?,?,?,?)",
            events[k : k + 1000],
        )
        con.executemany(
            "INSERT INTO followup_sweepstep (resolution_id, condition, level, period, "
            "taken_on, taken_at, run, deadline) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
            steps[k : k + 1000],
        )
        con.executemany(
            "UPDATE followup_sweepdue SET due_on = ? WHERE resolution_id = ? AND mark = ?",
            [("2031-01-01", i, -1) for i in ids[k : k + 1000]],
        )
    figures = {
        "rows": len(ids),
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(time.process_time() - cpu, 2),
    }
    con.execute("ROLLBACK")
    con.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--rows", type=int, default=60000)
    args = parser.parse_args()
    for name, pragmas in [("project pragmas", []), ("256 MB cache + mmap", BIG_CACHE)]:
        print(json.dumps({"setting": name, **run(args.path, args.rows, pragmas)}))


if __name__ == "__main__":
    main()
