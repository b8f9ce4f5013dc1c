#!/usr/bin/env bash
# Start a Redis server on 127.0.0.1:6390 for the cache tests, installing Debian's package if needed.
# Prints the CACHE_URL to use. Safe to run again: it reuses a server that answers.
set -euo pipefail
port=6390
if ! command -v redis-server >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
fi
if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >&2
  for _ in $(seq 30); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
echo "redis://127.0.0.1:$port/0"
