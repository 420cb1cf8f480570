# Two commands matter: `make run` and `make test`. Everything else is a step of theirs,
# but `make serve` (production) and the benchmarks.
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
VENDOR := diaspora/static/vendor

.PHONY: run serve bench-serve test test-sqlite test-postgres lint format bench bench-names-realworld bench-search bench-import bench-duplicates bench-events bench-attendance bench-badges bench-deps pg-server assets messages install demo clean

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

# Settings default to production (debug off, a secret key and hosts required): the
# development targets say so.
run demo messages: export DJANGO_DEBUG = 1
# Links in the emails the worker sends, and the demo accounts' login address, lead to
# this server unless DIASPORA_SITE_URL says otherwise.
run: export DIASPORA_SITE_URL ?= http://localhost:$(PORT)
# Plain log lines beside the development server's own (production's are JSON).
run: export DIASPORA_LOG_FORMAT ?= text

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo --if-empty
	$(PY) manage.py demo_accounts
	# The task worker (imports and other long work) runs beside the server, and stops with it.
	$(PY) manage.py db_worker --queue-name '*' & trap 'kill $$!' EXIT INT TERM; \
	$(PY) manage.py runserver localhost:$(PORT)

demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo

# Production: gunicorn (deploy/gunicorn.conf.py) and the task worker beside it, on the
# PostgreSQL database of DATABASE_URL, static files collected with hashed names and
# served by WhiteNoise. Needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and
# DIASPORA_SITE_URL (README: Production); deploy/ has the systemd units and the image.
serve: install
	@test -n "$$DATABASE_URL" || { echo "make serve: set DATABASE_URL (PostgreSQL)" >&2; exit 1; }
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py check --deploy --fail-level ERROR
	$(PY) manage.py migrate --no-input
	$(PY) manage.py db_worker --queue-name '*' & trap 'kill $$!' EXIT INT TERM; \
	$(VENV)/bin/gunicorn --config deploy/gunicorn.conf.py diaspora.wsgi:application

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

# gunicorn (2 workers) against runserver, both on a throwaway PostgreSQL cluster with the
# demo network: public pages, person search, registrations (bench/results/serve.*).
bench-serve: install pg-server
	$(PY) -m bench.serve

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles var
