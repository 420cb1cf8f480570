# Two commands matter: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
VENDOR := diaspora/static/vendor

.PHONY: run test test-sqlite test-postgres lint format bench bench-names-realworld bench-search bench-import bench-duplicates bench-events bench-attendance bench-badges bench-deps pg-server assets messages install demo clean

$(VENV)/.installed: pyproject.toml uv.lock
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv sync --frozen --quiet
	touch $@

install: $(VENV)/.installed assets

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/@picocss/pico/css/pico.min.css $(VENDOR)/
	cp node_modules/jsqr/dist/jsQR.js $(VENDOR)/
	cp node_modules/world-atlas/countries-110m.json $(VENDOR)/
	cp node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf $(VENDOR)/
	touch $@

assets: $(VENDOR)/.installed

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo --if-empty
	$(PY) manage.py demo_accounts
	# The task worker (imports and other long work) runs beside the server, and stops with it.
	# Links in the emails it sends lead to this server unless DIASPORA_SITE_URL says otherwise.
	export DIASPORA_SITE_URL="$${DIASPORA_SITE_URL:-http://localhost:$(PORT)}"; \
	$(PY) manage.py db_worker --queue-name '*' & trap 'kill $$!' EXIT INT TERM; \
	$(PY) manage.py runserver localhost:$(PORT)

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo

test: install
	scripts/test

test-sqlite: install
	$(PY) -m pytest -m "not browser"

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	cd diaspora && ../$(PY) ../manage.py makemessages -l az -l ru -l en --no-obsolete
	cd diaspora && ../$(PY) ../manage.py compilemessages

# Names on the synthetic gold set and on real spellings (the shared Wikidata set in
# ../shared/names-realworld, both modes), against three baselines; about 2 minutes
# (the first run also picks the set's hard negatives: 5 more, cached in /tmp).
bench: install
	$(PY) -m bench.names_eval

# Only the real spellings, Azerbaijani-looking names (about 20 s).
bench-names-realworld: install
	$(PY) -m bench.names_realworld

# Person search at 1M (SQLite, PostgreSQL) and 10M (PostgreSQL) against ILIKE and
# pg_trgm; needs Debian's postgresql, as make test does; about 40 minutes.
bench-search: install pg-server
	$(PY) -m bench.search

# The baselines (django-import-export, Splink on DuckDB) live in the `bench` group.
bench-deps: install
	$(VENV)/bin/uv sync --frozen --inexact --group bench --quiet

pg-server:
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null)

# Import rows/s at 100k and 1M on SQLite and PostgreSQL against django-import-export.
bench-import: bench-deps pg-server
	$(PY) -m bench.imports

# A duplicate scan of 1M people against Splink with its DuckDB backend.
bench-duplicates: bench-deps
	$(PY) -m bench.duplicates

# Event registrations per second and p99 latency through HTTP, on PostgreSQL and SQLite.
bench-events: install pg-server
	$(PY) -m bench.events

# Online-conference attendance matched to the registry, ours against email-then-exact-name
# (SQLite, ~60 s): bench/results/attendance.{json,md}.
bench-attendance: install
	$(PY) -m bench.attendance

# 400 congress badges, each with its own photo, in one PDF (A6 and card), against 400 tickets
bench-badges: install
	$(PY) -m bench.badges

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles var
