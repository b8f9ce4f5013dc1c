#!/usr/bin/env bash
# An S3-compatible server (moto in server mode, from PyPI, in .venv-moto) on 127.0.0.1:5055.
#   .ci/s3.sh start   starts it if nothing answers there, creates the test bucket and prints the
#                     environment the tests need
#   .ci/s3.sh stop    stops it again, if `start` was what started it
set -euo pipefail
cd "$(dirname "$0")/.."
port=5055
bucket=newsroom-test
started=var/ci/s3.started
case "${1:-start}" in
stop)
  if [ -f "$started" ]; then
    kill "$(cat "$started")" 2>/dev/null || true
    rm -f "$started"
  fi
  exit 0 ;;
esac
if [ ! -x .venv-moto/bin/moto_server ]; then
  "${PYTHON:-python3}" -m venv .venv-moto >&2
  mkdir -p var
  .venv-moto/bin/pip install --quiet -r requirements-moto.txt > var/pip-moto.log 2>&1 \
    || { tail -n 20 var/pip-moto.log >&2; exit 1; }
fi
if ! curl -s -o /dev/null "http://127.0.0.1:$port/"; then
  mkdir -p var/ci
  nohup .venv-moto/bin/moto_server -H 127.0.0.1 -p "$port" > var/moto.log 2>&1 &
  echo $! > "$started"
  for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.2
  done
fi
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
.venv-moto/bin/python - "$port" "$bucket" >&2 <<'PY'
import json, sys, boto3
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1")
bucket = sys.argv[2]
if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
    s3.create_bucket(Bucket=bucket)
# As in production (README): anyone may read renditions, nobody reads originals without the keys.
policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
          "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/renditions/*"}]}
s3.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
PY
echo "NEWSROOM_S3_BUCKET=$bucket NEWSROOM_S3_ENDPOINT_URL=http://127.0.0.1:$port NEWSROOM_S3_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing"
