#!/bin/bash
# The sweep's first pass on PostgreSQL at full scale, on a fresh copy of a stopped cluster
# that no sweep has touched, migrated with a tree's code; prints the pass's wall time, the
# sweep's CPU (both processes) and the server's CPU (the postmaster's reaped backends).
#   benchmarks/sweep_first_pass_pg.sh PRISTINE_DATA_DIR [TREE] [SWEEP ARGS]
# TREE (default: this checkout) is any checkout or `git worktree` of Peygir, run with this
# checkout's .venv: alternate two trees in the same minutes for an A/B, as this machine's
# speed drifts by a fifth within an hour. Make the pristine cluster as benchmarks/README.md
# says («National scale: … on PostgreSQL 15»), stop it cleanly, and (optional) `pg_resetwal`
# it to drop the WAL the generation left. Run as root: the copy belongs to the postgres user.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
pristine=${1:?usage: benchmarks/sweep_first_pass_pg.sh PRISTINE_DATA_DIR [TREE] [SWEEP ARGS]}
tree=$(cd "${2:-$here}" && pwd)
shift $(( $# > 1 ? 2 : 1 ))
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=${PEYGIR_BENCH_PG_DIR:-/tmp/peygir-sweep-pg}
port=${PEYGIR_BENCH_PG_PORT:-55433}
as_owner=(runuser -u postgres --)
stop() { "${as_owner[@]}" "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true; }
stop
rm -rf "$work" && mkdir -p "$work" && cp -a "$pristine" "$work/data" && chown -R postgres "$work"
rm -f "$work/data/postmaster.pid"
"${as_owner[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
trap stop EXIT
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/peygir" PYTHONPATH="$tree"
cd "$tree"
/usr/bin/time -f "migrate %e s" "$here/.venv/bin/peygir" migrate --no-input -v 0
"$bin/psql" -h "$work" -p "$port" -U postgres peygir -qc 'VACUUM ANALYZE' -c 'CHECKPOINT'
echo "commit $(git -C "$tree" rev-parse --short HEAD) start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
postmaster=$(head -1 "$work/data/postmaster.pid")
server_cpu() { awk '{print $16 + $17}' "/proc/$postmaster/stat"; }
before=$(server_cpu)
# As the worker runs in production: DEBUG off (no per-statement query log).
export PEYGIR_DEBUG=0 PEYGIR_SECRET_KEY=${PEYGIR_SECRET_KEY:-bench-only-$(head -c 24 /dev/urandom | base64)}
/usr/bin/time -f "first pass %e s, %U s user, %S s sys, max RSS %M KB" \
  "$here/.venv/bin/peygir" sweep --processes "${PEYGIR_SWEEP_PROCESSES:-2}" "$@" | head -c 400
echo
echo "server CPU $(( ($(server_cpu) - before) / $(getconf CLK_TCK) )) s; end $(date -u +%H:%M:%S)"
