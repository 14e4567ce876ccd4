#!/bin/bash
# The sweep on SQLite at full scale: copy a generated database that no sweep has touched,
# migrate the copy, then time a first pass, a pass when nothing changed and the next day's.
#   benchmarks/sweep_first_pass.sh var/bench-1m.pristine.sqlite3 [--processes N]
# (further arguments go to each `peygir sweep`; by default a long pass uses the cores)
# (make one with `PEYGIR_SQLITE_PATH=... peygir migrate && peygir generate --resolutions 1000000`)
set -eu
cd "$(dirname "$0")/.."
pristine=${1:?usage: benchmarks/sweep_first_pass.sh PRISTINE.sqlite3 [SWEEP ARGS]}
shift
export PEYGIR_SQLITE_PATH=${pristine%.sqlite3}.first-pass.sqlite3
echo "commit $(git rev-parse --short HEAD) start $(date -u +%H:%M:%S) load $(cat /proc/loadavg)"
cp "$pristine" "$PEYGIR_SQLITE_PATH"
/usr/bin/time -f "migrate %e s" .venv/bin/python -m peygir.manage migrate --no-input -v 0
echo "== sweep $(date -u +%H:%M:%S) load $(cat /proc/loadavg)"
# As the worker runs in production: DEBUG off (no per-statement query log).
export PEYGIR_DEBUG=0 PEYGIR_SECRET_KEY=${PEYGIR_SECRET_KEY:-bench-only-$(head -c 24 /dev/urandom | base64)}
/usr/bin/time -f "first pass %e s, %U s user, %S s sys, max RSS %M KB" .venv/bin/python -m peygir.manage sweep "$@"
/usr/bin/time -f "nothing changed %e s, %U s user" .venv/bin/python -m peygir.manage sweep "$@"
tomorrow=$(.venv/bin/python -c 'import datetime, jdatetime; print(jdatetime.date.fromgregorian(date=datetime.date.today() + datetime.timedelta(days=1)).strftime("%Y/%m/%d"))')
/usr/bin/time -f "the next day %e s, %U s user" .venv/bin/python -m peygir.manage sweep --date "$tomorrow" "$@"
echo "end $(date -u +%H:%M:%S) load $(cat /proc/loadavg)"
rm -f "$PEYGIR_SQLITE_PATH" "$PEYGIR_SQLITE_PATH-wal" "$PEYGIR_SQLITE_PATH-shm"
