#!/bin/bash
# A PostgreSQL 15 cluster at national scale for the benchmarks, as the README's table was
# measured: 1 000 000 resolutions (`peygir generate`, seed 1405), a stopped copy that no
# sweep has touched (for benchmarks/sweep_first_pass_pg.sh), then the search index and the
# stored tallies. About 16 minutes on the project's 2-core machine; 12 GB for the copy.
#   benchmarks/national_pg.sh [DIR] [PORT] [RESOLUTIONS]
# Then: DATABASE_URL=postgres://postgres@127.0.0.1:PORT/peygir .venv/bin/peygir bench ...
# Run as root: the cluster belongs to the postgres user (initdb refuses root).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/var/tmp/peygir-1m-pg}
port=${2:-55432}
resolutions=${3:-1000000}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_owner=(runuser -u postgres --)
[ ! -e "$dir/data" ] || { echo "$dir/data exists: remove it or name another DIR" >&2; exit 1; }
mkdir -p "$dir/data" && chown -R postgres "$dir"
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -E UTF8 --locale=C.UTF-8 >/dev/null
# Production settings for a 24 GiB, 2-core machine (benchmarks/README.md).
cat >> "$dir/data/postgresql.conf" <<CONF
shared_buffers = 6GB
effective_cache_size = 18GB
work_mem = 32MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
checkpoint_completion_target = 0.9
random_page_cost = 1.1
effective_io_concurrency = 200
max_worker_processes = 2
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
max_parallel_maintenance_workers = 1
CONF
start() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
}
stop() { "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null; }
start
"$bin/createdb" -h "$dir" -p "$port" -U postgres peygir
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/peygir"
cd "$here"
.venv/bin/peygir migrate --no-input -v 0
/usr/bin/time -f "generate %e s" nice -n 19 .venv/bin/peygir generate --resolutions "$resolutions"
stop
cp -a "$dir/data" "$dir/pristine"
start
/usr/bin/time -f "search_reindex %e s" nice -n 19 .venv/bin/peygir search_reindex
"$bin/psql" -h "$dir" -p "$port" -U postgres peygir -qc 'VACUUM ANALYZE'
/usr/bin/time -f "tallies_refresh %e s" nice -n 19 .venv/bin/peygir tallies_refresh
echo "ready: DATABASE_URL=$DATABASE_URL (running); pristine copy for the sweep: $dir/pristine"
