#!/usr/bin/env bash
# Start a PostgreSQL server on 127.0.0.1 for the test suite, installing Debian's package if needed.
# Prints the DATABASE_URL to use. Safe to run again: it reuses what is there.
set -euo pipefail
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
pg_lsclusters -h | grep -q "^$version main .* online" || pg_ctlcluster "$version" main start >&2
for _ in $(seq 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1" && break
  sleep 1
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='newsroom'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE newsroom LOGIN CREATEDB PASSWORD 'newsroom'\"" >&2
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='newsroom'\"" | grep -q 1 \
  || su postgres -c "createdb -O newsroom newsroom" >&2
echo "postgres://newsroom:newsroom@127.0.0.1:5432/newsroom"
