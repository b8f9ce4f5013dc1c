# Newsroom: `make run` to see the site, `make test` to check it.

PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SECRET_KEY_FILE = var/secret_key


.PHONY: messages install run serve serve-edge stop-edge test test-consistency test-postgres test-redis test-s3 test-servers test-edge test-browser lint check migrate demo clean backup restore load-test audit bench bench-churn bench-data bench-http bench-photos bench-places bench-profile bench-floor bench-postgres bench-live bench-newsletter snapshot page-weight gazetteer-extract eval-places

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "Installing the Python packages into $(VENV) (a minute or two the first time)…"
	$(BIN)/pip install --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Development server with DEBUG on, on demo content when the database is empty, and the queue's
# worker beside it (tools/with-worker.sh).
SITE_ENV = NEWSROOM_SITE_URL="$${NEWSROOM_SITE_URL:-http://$(HOST):$(PORT)}"
run: install
	mkdir -p var
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py import_places --if-needed
	DJANGO_DEBUG=1 $(SITE_ENV) $(BIN)/python manage.py load_demo --if-empty
	DJANGO_DEBUG=1 $(SITE_ENV) tools/with-worker.sh $(BIN)/python $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production settings (DEBUG off, hashed static files, gunicorn and the queue's worker) on plain
# HTTP at $(HOST):$(PORT). A secret key is made once in var/secret_key unless DJANGO_SECRET_KEY is set.
serve: install $(SECRET_KEY_FILE)
	$(SITE_ENV) DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $(SECRET_KEY_FILE))}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_HTTPS="$${DJANGO_HTTPS:-0}" \
	DJANGO_SERVE_MEDIA="$${DJANGO_SERVE_MEDIA:-1}" \
	sh -c '$(BIN)/python manage.py migrate --no-input && \
	       $(BIN)/python manage.py import_places --if-needed && \
	       $(BIN)/python manage.py collectstatic --no-input --verbosity 0 && \
	       $(BIN)/python manage.py load_demo --if-empty && \
	       exec tools/with-worker.sh $(BIN)/python $(BIN)/gunicorn newsroom.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} --limit-request-line 16384 --access-logfile -'

# Varnish on $(HOST):$(EDGE_PORT) in front of `make serve` on $(HOST):$(PORT), purged by the site
# after each change readers will see. Varnish outlives the site: stop the site (or let it fail) and
# readers get Varnish's copies; Ctrl-C stops both, `make stop-edge` stops a Varnish left running.
EDGE_PORT ?= 6081
VARNISH_PID = var/varnish/varnishd.pid
serve-edge: install $(SECRET_KEY_FILE)
	$(VARNISH_PACKAGES)
	mkdir -p var/varnish
	$(BIN)/python manage.py varnish_vcl --backend $(HOST):$(PORT) > var/varnish/default.vcl
	if [ -f $(VARNISH_PID) ] && kill -0 $$(cat $(VARNISH_PID)) 2>/dev/null; then \
	  name=edge-$$(date +%s); \
	  varnishadm -n $(CURDIR)/var/varnish/state vcl.load $$name $(CURDIR)/var/varnish/default.vcl >/dev/null && \
	  varnishadm -n $(CURDIR)/var/varnish/state vcl.use $$name >/dev/null; \
	else \
	  varnishd -a $(HOST):$(EDGE_PORT) -f $(CURDIR)/var/varnish/default.vcl -n $(CURDIR)/var/varnish/state \
	    -s malloc,$${VARNISH_MEMORY:-256m} -P $(CURDIR)/$(VARNISH_PID); \
	fi
	@echo "Varnish at http://$(HOST):$(EDGE_PORT)/ in front of the site at http://$(HOST):$(PORT)/"
	trap '$(MAKE) --no-print-directory stop-edge; exit 130' INT TERM; \
	  NEWSROOM_SITE_URL="$${NEWSROOM_SITE_URL:-http://$(HOST):$(EDGE_PORT)}" \
	  NEWSROOM_VARNISH_URLS=http://$(HOST):$(EDGE_PORT)/ NEWSROOM_PROXY_COUNT=1 $(MAKE) serve; \
	  echo "The site stopped; Varnish still answers from its copies at http://$(HOST):$(EDGE_PORT)/ (make stop-edge stops it)."

stop-edge:
	if [ -f $(VARNISH_PID) ]; then kill $$(cat $(VARNISH_PID)) 2>/dev/null || true; rm -f $(VARNISH_PID); fi

$(SECRET_KEY_FILE):
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# GNU gettext reads the strings out of the code (the catalog test and `make messages` need it).
GETTEXT = command -v xgettext >/dev/null || tools/apt-install.sh gettext

# The whole suite, after the linter and the formatter check, on every core (pytest-xdist: each
# test class on one worker; tests/conftest.py starts the slowest first).
PARALLEL = -n auto --dist loadscope --no-loadscope-reorder
test: install lint
	$(GETTEXT)
	$(BIN)/pytest $(PARALLEL)

# Refresh the Ukrainian catalog from the code and templates, then compile it: translate what
# locale/uk/LC_MESSAGES/django.po then lists with an empty msgstr, and run this again. Both the
# .po and the compiled .mo are committed, so `make run` needs no gettext.
messages: install
	$(GETTEXT)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l uk --no-location --ignore "tools/*" --ignore "var/*"
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages -l uk --ignore ".venv*"

# The whole suite on PostgreSQL (Debian's package, installed and started on 127.0.0.1 if needed).
# The legs that need servers run them through .ci/with-servers.sh, which stops what it started.
test-postgres: install
	.ci/with-servers.sh postgres -- $(BIN)/pytest $(PARALLEL)

# Everything that caches (pages, counts, the news version, sessions' neighbours) against a real
# Redis, which .ci/redis.sh installs from Debian's packages and starts on 127.0.0.1:6390.
REDIS_TESTS = tests/test_cache_contract.py tests/test_consistency.py tests/test_page_cache.py tests/test_invalidation.py tests/locations/test_views.py tests/articles/test_workflow.py \
	tests/articles/test_query_budgets.py tests/test_security.py tests/test_no_leaks.py
test-redis: install
	.ci/with-servers.sh redis -- $(BIN)/pytest $(REDIS_TESTS)

# The cache contract's randomised check, long (docs/caching.md, tests/test_consistency.py): on SQLite
# with the embedded cache, then with Redis. Each run prints its seed; CONSISTENCY_SEED replays one
# (and a failure is shrunk to its shortest run). About 15 minutes for each cache.
CONSISTENCY_STEPS ?= 2000
CONSISTENCY_SAMPLE ?= 24
CONSISTENCY = CONSISTENCY_STEPS=$(CONSISTENCY_STEPS) CONSISTENCY_SAMPLE=$(CONSISTENCY_SAMPLE) CONSISTENCY_SHRINK=1 $(BIN)/pytest tests/test_consistency.py -p no:logging -s -q
test-consistency: install
	$(CONSISTENCY)
	.ci/with-servers.sh redis -- env $(CONSISTENCY)

# Photos in object storage: the media tests and the object-storage test against moto's S3 server,
# which .ci/s3.sh installs from PyPI into .venv-moto and starts on 127.0.0.1:5055.
S3_TESTS = tests/media tests/articles/test_photo_markup.py tests/test_object_storage.py
test-s3: install
	mkdir -p var
	.ci/with-servers.sh s3 -- $(BIN)/pytest $(S3_TESTS)

# Two gunicorn processes over one PostgreSQL and one Redis: an edit, a login, a preview link and
# failed logins made through one are seen through the other; a database cut off for a moment gives
# 503 + Retry-After and the server recovers by itself (tests/test_two_servers.py).
test-servers: install
	DJANGO_SECRET_KEY=ci-only-key-for-two-servers-0123456789abcdefghijklmn $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	NEWSROOM_TWO_SERVERS=1 .ci/with-servers.sh postgres redis -- $(BIN)/pytest tests/test_two_servers.py

# Varnish in front of gunicorn (deploy/varnish/default.vcl, Debian's varnish + varnish-modules,
# installed when missing), over PostgreSQL: corrections reach readers within a second, drafts
# purge nothing, staff pages never come from Varnish, 64 connections get no error.
VARNISH_PACKAGES = tools/apt-install.sh varnish varnish-modules wrk
test-edge: install
	$(VARNISH_PACKAGES)
	DJANGO_SECRET_KEY=ci-only-key-for-the-edge-tests-0123456789abcdefghijk $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	NEWSROOM_EDGE_TESTS=1 .ci/with-servers.sh postgres -- $(BIN)/pytest tests/test_edge.py

# The browser tests: Debian's Chromium (installed when missing), Playwright and axe-core; an editor
# writes and publishes a story, readers find it at phone and desktop sizes, keyboard only, axe on
# every page type. Screenshots land in var/screenshots/.
test-browser: install
	command -v chromium >/dev/null || tools/apt-install.sh chromium
	$(BIN)/pip install --quiet -r requirements-browser.txt
	cd tools && npm ci --no-audit --no-fund --silent
	NEWSROOM_BROWSER_TESTS=1 $(BIN)/pytest tests/browser

# The linter, the formatter check and the import contracts (.importlinter: one direction of
# imports between our packages, no cycles inside any of them).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

# Missing migrations and system checks.
check: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(BIN)/python manage.py check

# Benchmarks; results go to docs/benchmarks.md. Synthetic data lives in scratch SQLite files in
# var/, built once per size (delete var/bench-*.sqlite3 to rebuild).
BENCH_SIZES ?= 1000 100000
BENCH_ENV = DJANGO_SECRET_KEY=bench-only-key-not-for-production-0123456789abcdefghij \
	DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1 DJANGO_HTTPS=0 MEDIA_ROOT=var/bench-media

bench: bench-photos bench-places bench-http

# The synthetic data sets, built once per size (delete var/bench-*.sqlite3 to rebuild).
bench-data: install
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	for n in $(BENCH_SIZES); do \
	  db=var/bench-$$n.sqlite3; \
	  if [ ! -f $$db ]; then \
	    $(BENCH_ENV) DATABASE_URL=sqlite:///$$db $(BIN)/python manage.py migrate --no-input --verbosity 0 && \
	    $(BENCH_ENV) DATABASE_URL=sqlite:///$$db $(BIN)/python manage.py import_places && \
	    $(BENCH_ENV) DATABASE_URL=sqlite:///$$db $(BIN)/python manage.py bench_data --articles $$n || { rm -f $$db; exit 1; }; \
	  else \
	    $(BENCH_ENV) DATABASE_URL=sqlite:///$$db $(BIN)/python manage.py migrate --no-input --verbosity 0 && \
	    $(BENCH_ENV) DATABASE_URL=sqlite:///$$db $(BIN)/python manage.py import_places --if-needed || exit 1; \
	  fi; \
	done

bench-places: bench-data
	for n in $(BENCH_SIZES); do \
	  $(BENCH_ENV) DATABASE_URL=sqlite:///var/bench-$$n.sqlite3 $(BIN)/python manage.py bench_places || exit 1; \
	done

# A day's digest to 10,000 and 100,000 readers into a local SMTP server, the worker killed once
# mid-send; on a copy of the 1,000-story database (its stories make the digest).
NEWSLETTER_DB = var/bench-newsletter.sqlite3
bench-newsletter: bench-data
	cp var/bench-$(firstword $(BENCH_SIZES)).sqlite3 $(NEWSLETTER_DB)
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(NEWSLETTER_DB) $(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BENCH_ENV) DJANGO_LOG_LEVEL=ERROR DATABASE_URL=sqlite:///$(NEWSLETTER_DB) CACHE_URL=dummy:// \
	  NEWSROOM_SITE_URL=https://news.example $(BIN)/python manage.py bench_newsletter $(NEWSLETTER_OPTIONS)

# Where a page drawn from nothing spends its time: each reader page rendered in-process with nothing
# kept (as bench-http's "nothing kept": no page cache, a cache that keeps nothing), timed and profiled
# (cProfile), on each synthetic database; the top costs in docs/benchmarks.md.
bench-profile: bench-data
	for n in $(BENCH_SIZES); do \
	  $(BENCH_ENV) DJANGO_LOG_LEVEL=ERROR DATABASE_URL=sqlite:///var/bench-$$n.sqlite3 CACHE_URL=dummy:// \
	    NEWSROOM_PAGE_CACHE_SECONDS=0 \
	    $(BIN)/python manage.py bench_profile || exit 1; \
	done

# How fast a page drawn from nothing could be: the story and home pages' reads alone, in their
# plainest ORM form, timed in-process, against what issue 29's floors leave them over HTTP.
bench-floor: bench-data
	command -v wrk >/dev/null || tools/apt-install.sh wrk || echo "wrk not available: using the slower Python client"
	for n in $(BENCH_SIZES); do \
	  $(BENCH_ENV) DJANGO_LOG_LEVEL=ERROR DATABASE_URL=sqlite:///var/bench-$$n.sqlite3 CACHE_URL=dummy:// \
	    NEWSROOM_PAGE_CACHE_SECONDS=0 \
	    $(BIN)/python manage.py bench_floor || exit 1; \
	done

# Reader pages over HTTP: gunicorn + wrk (installed from Debian's packages when missing and possible),
# cached and uncached, against /health/ and a static file; worker memory on the first size.
BENCH_MEMORY_REQUESTS ?= 20000
bench-http: bench-data
	command -v wrk >/dev/null || tools/apt-install.sh wrk || echo "wrk not available: using the slower Python client"
	memory=$(BENCH_MEMORY_REQUESTS); for n in $(BENCH_SIZES); do \
	  rm -rf var/bench-cache-$$n; \
	  $(BENCH_ENV) DATABASE_URL=sqlite:///var/bench-$$n.sqlite3 CACHE_URL=diskcache://$(CURDIR)/var/bench-cache-$$n \
	    $(BIN)/python manage.py bench_http --memory-requests $$memory || exit 1; \
	  memory=0; \
	done
	$(if $(word 2,$(BENCH_SIZES)),$(BENCH_ENV) $(BIN)/python manage.py bench_http --scale \
	  sqlite:///var/bench-$(firstword $(BENCH_SIZES)).sqlite3 sqlite:///var/bench-$(lastword $(BENCH_SIZES)).sqlite3)

# Readers while editors work: Zipf traffic over 1,000+ addresses of the 100,000-story database (a
# fresh copy each run), quiet and busy in turn, through gunicorn alone and through Varnish.
CHURN_DB = var/bench-churn.sqlite3
bench-churn: bench-data
	$(VARNISH_PACKAGES)
	rm -f $(CHURN_DB)-wal $(CHURN_DB)-shm  # a stopped run's journal would not match the fresh copy
	cp $(lastword $(patsubst %,var/bench-%.sqlite3,$(BENCH_SIZES))) $(CHURN_DB)
	rm -rf var/bench-churn-cache
	$(BENCH_ENV) DJANGO_LOG_LEVEL=ERROR DATABASE_URL=sqlite:///$(CHURN_DB) CACHE_URL=diskcache://$(CURDIR)/var/bench-churn-cache \
	  $(BIN)/python manage.py bench_churn $(CHURN_OPTIONS)

# A live page on a busy day: 10,000 simulated readers polling every 20 s (≈500 req/s, from a
# process of their own) while an editor posts every 30 s, through Varnish and through gunicorn
# alone, on a fresh copy of the 1,000-story database.
LIVE_DB = var/bench-live.sqlite3
bench-live: bench-data
	$(VARNISH_PACKAGES)
	rm -f $(LIVE_DB)-wal $(LIVE_DB)-shm
	cp var/bench-$(firstword $(BENCH_SIZES)).sqlite3 $(LIVE_DB)
	rm -rf var/bench-live-cache
	$(BENCH_ENV) DJANGO_LOG_LEVEL=ERROR DATABASE_URL=sqlite:///$(LIVE_DB) CACHE_URL=diskcache://$(CURDIR)/var/bench-live-cache \
	  $(BIN)/python manage.py bench_live $(LIVE_OPTIONS)

# Lighthouse (mobile) on six page types of the demo site (and a live page with 200 posts) under
# gunicorn and production settings;
# median of three runs each, written to docs/audit.md (Lighthouse lives in tools/lighthouse).
AUDIT_ENV = DJANGO_SECRET_KEY=audit-only-key-not-for-production-0123456789abcdefghij \
	DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_HTTPS=0 DJANGO_SERVE_MEDIA=1 \
	DATABASE_URL=sqlite:///var/audit.sqlite3 MEDIA_ROOT=var/audit-media DJANGO_LOG_LEVEL=ERROR
audit: install
	command -v chromium >/dev/null || tools/apt-install.sh chromium
	cd tools/lighthouse && npm install --no-audit --no-fund --silent
	$(AUDIT_ENV) $(BIN)/python manage.py migrate --no-input --verbosity 0
	$(AUDIT_ENV) $(BIN)/python manage.py import_places --if-needed
	$(AUDIT_ENV) $(BIN)/python manage.py load_demo --if-empty
	$(AUDIT_ENV) $(BIN)/python manage.py bench_live --story-only
	$(AUDIT_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(AUDIT_ENV) sh -c '$(BIN)/gunicorn newsroom.wsgi --bind 127.0.0.1:8099 --workers 2 --log-level warning & \
	  server=$$!; sleep 3; $(BIN)/python tools/audit.py http://127.0.0.1:8099; status=$$?; kill $$server; exit $$status'

# 60 s at 64 connections against a mix of reader pages (gunicorn + wrk on 127.0.0.1); fails on any error.
load-test: bench-data
	command -v wrk >/dev/null || tools/apt-install.sh wrk
	$(BENCH_ENV) DJANGO_LOG_LEVEL=ERROR DATABASE_URL=sqlite:///var/bench-1000.sqlite3 $(BIN)/python manage.py load_test

# Place suggestions: precision and recall on the labelled passages in bench/data (a database of
# places of its own, loaded once and again whenever the shipped gazetteer changes).
EVAL_DB = var/eval-places.sqlite3
eval-places: install
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(EVAL_DB) $(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(EVAL_DB) $(BIN)/python manage.py import_places --if-needed
	$(BENCH_ENV) DATABASE_URL=sqlite:///$(EVAL_DB) $(BIN)/python manage.py eval_places $(if $(NER_UK),--ner-uk $(NER_UK)) $(EVAL_OPTIONS)

bench-photos: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py bench_photos

# Image bytes per page at phone and desktop widths, in Debian's Chromium, against a running site.
page-weight: install
	$(BIN)/pip install --quiet -r requirements-browser.txt
	$(BIN)/python tools/page_weight.py http://$(HOST):$(PORT)

# Rebuild the gazetteer extract from GeoNames and KATOTTG (large packages, in a virtualenv of their own).
gazetteer-extract:
	$(PYTHON) -m venv .venv-gazetteer
	.venv-gazetteer/bin/pip install --quiet -r requirements-gazetteer.txt
	.venv-gazetteer/bin/python tools/build_gazetteer.py
	.venv-gazetteer/bin/python tools/build_world_places.py

# The same page benchmarks on PostgreSQL (databases newsroom_bench_N, built once).
bench-postgres: install
	url="$$(.ci/postgres.sh start)"; base="$${url%/*}"; \
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0; \
	for n in $(BENCH_SIZES); do \
	  db=newsroom_bench_$$n; \
	  if ! su postgres -c "psql -lqtA" | cut -d'|' -f1 | grep -qx $$db; then \
	    su postgres -c "createdb -O newsroom $$db" && \
	    $(BENCH_ENV) DATABASE_URL=$$base/$$db $(BIN)/python manage.py migrate --no-input --verbosity 0 && \
	    $(BENCH_ENV) DATABASE_URL=$$base/$$db $(BIN)/python manage.py import_places && \
	    $(BENCH_ENV) DATABASE_URL=$$base/$$db $(BIN)/python manage.py bench_data --articles $$n \
	      || { su postgres -c "dropdb $$db"; exit 1; }; \
	  fi; \
	  $(BENCH_ENV) DATABASE_URL=$$base/$$db $(BIN)/python manage.py bench_places || exit 1; \
	done

# Back up the database and uploaded media (safe while the site runs) into var/backups/<time>/;
# restore one with `make restore BACKUP=var/backups/<time>` (replaces everything stored now).
# Both run in the environment that runs the site, installing nothing: SITE_PYTHON, else the active
# virtualenv, else .venv; the site's settings come from the environment as for the site itself.
SITE_PYTHON ?= $(or $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV)/bin/python),$(wildcard $(BIN)/python),$(PYTHON))
SITE_PYTHON_CHECK = @$(SITE_PYTHON) -c 'import django' 2>/dev/null || { \
	echo "$(SITE_PYTHON) has no Django: activate the site's virtualenv, pass SITE_PYTHON=/path/to/venv/bin/python, or run make install."; exit 2; }

backup:
	$(SITE_PYTHON_CHECK)
	$(SITE_PYTHON) manage.py backup

restore:
	@test -n "$(BACKUP)" || { echo "Say which: make restore BACKUP=var/backups/<time>"; exit 2; }
	$(SITE_PYTHON_CHECK)
	$(SITE_PYTHON) manage.py restore "$(BACKUP)"

migrate: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate

# Every public page of the demo site (make run's database), drawn with nothing kept at one moment,
# into var/snapshot/before; once that exists, into var/snapshot/after at the same moment, compared
# page by page with before. For work that must not change what readers get: snapshot, change, snapshot.
SNAPSHOT = var/snapshot
snapshot: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input --verbosity 0
	DJANGO_DEBUG=1 $(SITE_ENV) $(BIN)/python manage.py load_demo --if-empty
	if [ -d $(SNAPSHOT)/before ]; then \
	  rm -rf $(SNAPSHOT)/after; \
	  DJANGO_DEBUG=1 $(SITE_ENV) CACHE_URL=dummy:// $(BIN)/python manage.py snapshot_pages $(SNAPSHOT)/after --against $(SNAPSHOT)/before; \
	else \
	  DJANGO_DEBUG=1 $(SITE_ENV) CACHE_URL=dummy:// $(BIN)/python manage.py snapshot_pages $(SNAPSHOT)/before; \
	fi

demo: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo

clean:
	rm -rf $(VENV) var/static
