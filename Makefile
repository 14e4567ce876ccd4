# Peygir's two commands: `make demo` and `make test`. Everything else here serves them.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PEYGIR := $(BIN)/peygir
PYTEST_WORKERS ?= 2

.PHONY: demo test install system lint messages test-sqlite test-postgres bench bench-persian clean

$(BIN)/.installed: pyproject.toml
	@python=$$(scripts/find-python) && echo "Using $$python" && \
	  { [ -x $(BIN)/python ] || $$python -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

system:
	scripts/ensure-system-packages chromium wrk

messages: install system
	cd peygir && ../$(PEYGIR) compilemessages --ignore=tests -v 0

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy peygir

test-sqlite: install messages
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

test-postgres: install messages
	scripts/with-postgres $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

## Install everything, run the linters, then the whole suite on SQLite and on PostgreSQL.
test: install system messages lint test-sqlite test-postgres

## Install everything, load the demo data into SQLite and serve on http://127.0.0.1:8000.
demo: install messages
	$(PEYGIR) migrate --no-input -v 0
	$(PEYGIR) demo
	@echo "Staff pages: http://127.0.0.1:8000/staff/  ·  public portal: http://127.0.0.1:8000/  ·  admin: http://127.0.0.1:8000/admin/  (password: peygir-demo)"
	$(PEYGIR) worker --sweep-every 300 & trap 'kill $$!' EXIT; $(PEYGIR) runserver 127.0.0.1:8000

## Speed at scale: synthetic data, then page times, sweep, memory and load, on SQLite and
## PostgreSQL. BENCH_RESOLUTIONS=1000000 for the national scale (takes a while).
BENCH_RESOLUTIONS ?= 100000
bench: install messages
	rm -f var/bench.sqlite3
	PEYGIR_SQLITE_PATH=var/bench.sqlite3 $(PEYGIR) migrate --no-input -v 0
	PEYGIR_SQLITE_PATH=var/bench.sqlite3 $(PEYGIR) bench --resolutions $(BENCH_RESOLUTIONS)
	scripts/with-postgres sh -c '$(PEYGIR) migrate --no-input -v 0 && $(PEYGIR) bench --resolutions $(BENCH_RESOLUTIONS)'

## ZWNJ restoration and normalization throughput against hazm and shekar (their own venv).
bench-persian:
	@python=$$(scripts/find-python) && { [ -x .venv-bench/bin/python ] || $$python -m venv .venv-bench; }
	.venv-bench/bin/pip install --quiet "hazm==0.12.1" "shekar==1.7.0" "jdatetime==6.1.1"
	.venv-bench/bin/python benchmarks/persian_zwnj.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
