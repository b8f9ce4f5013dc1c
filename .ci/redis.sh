#!/usr/bin/env bash
# Redis on 127.0.0.1:6390 for the cache tests, from Debian's package (installed when missing, with
# no system-wide server started: tools/apt-install.sh).
#   .ci/redis.sh start   starts it if nothing answers there, prints the CACHE_URL to use
#   .ci/redis.sh stop    stops it again, if `start` was what started it
set -euo pipefail
cd "$(dirname "$0")/.."
port=6390
started=var/ci/redis.started
case "${1:-start}" in
stop)
  if [ -f "$started" ]; then
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$started"
  fi
  exit 0 ;;
esac
tools/apt-install.sh redis-server
if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >&2
  mkdir -p var/ci && touch "$started"
  for _ in $(seq 30); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
echo "redis://127.0.0.1:$port/0"
