#!/usr/bin/env bash
# PostgreSQL on 127.0.0.1:5432 for the tests, from Debian's package (installed when missing).
#   .ci/postgres.sh start   starts the cluster if it is down, prints the DATABASE_URL to use
#   .ci/postgres.sh stop    stops it again, if `start` was what started it
# Safe to repeat: it reuses a cluster that is up, and leaves alone one it did not start.
set -euo pipefail
cd "$(dirname "$0")/.."
started=var/ci/postgres.started
case "${1:-start}" in
stop)
  if [ -f "$started" ]; then
    pg_ctlcluster "$(cat "$started")" main stop >&2 || true
    rm -f "$started"
  fi
  exit 0 ;;
esac
tools/apt-install.sh postgresql
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  pg_ctlcluster "$version" main start >&2
  mkdir -p var/ci && echo "$version" > "$started"
fi
for _ in $(seq 30); do
  su postgres -c "pg_isready -q -h 127.0.0.1" && break
  sleep 1
done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='newsroom'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE newsroom LOGIN CREATEDB PASSWORD 'newsroom'\"" >&2
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='newsroom'\"" | grep -q 1 \
  || su postgres -c "createdb -O newsroom newsroom" >&2
echo "postgres://newsroom:newsroom@127.0.0.1:5432/newsroom"
