#!/bin/sh
# Runs a command (the web server) with the durable queue's worker beside it, and stops the worker
# when the command ends: `tools/with-worker.sh PYTHON COMMAND...`. The worker sends the edge
# cache's purges (and, later, e-mails); see common/edge.py and the README's Caching section.
python="$1"
shift
"$python" manage.py queue_worker --interval 0.2 --queue-name "*" &
worker=$!
trap 'kill "$worker" 2>/dev/null' EXIT INT TERM
"$@"
