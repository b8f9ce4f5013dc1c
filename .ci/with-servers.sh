#!/usr/bin/env bash
# Run a command beside the test servers it needs, then stop those this started, whether the
# command passes, fails or is interrupted:
#   .ci/with-servers.sh postgres redis s3 -- COMMAND ARGS...
# postgres sets DATABASE_URL, redis CACHE_URL, s3 NEWSROOM_S3_* and AWS_* (see each script).
set -euo pipefail
cd "$(dirname "$0")/.."
servers=()
while [ "$1" != "--" ]; do
  servers+=("$1")
  shift
done
shift
stop_servers() {
  for server in "${servers[@]}"; do
    ".ci/$server.sh" stop
  done
}
trap stop_servers EXIT
trap 'exit 130' INT TERM
for server in "${servers[@]}"; do
  case "$server" in
    postgres) DATABASE_URL="$(.ci/postgres.sh start)" && export DATABASE_URL ;;
    redis) CACHE_URL="$(.ci/redis.sh start)" && export CACHE_URL ;;
    s3) for assignment in $(.ci/s3.sh start); do export "${assignment?}"; done ;;
    *) echo "Unknown server $server (postgres, redis or s3)" >&2; exit 2 ;;
  esac
done
"$@"
