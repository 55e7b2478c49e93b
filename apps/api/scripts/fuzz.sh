#!/usr/bin/env bash
# `npm run fuzz:api`: runs schemathesis (PyPI, pinned, in a cached venv) against the OpenAPI document the
# API serves, with a real user's token, then counts the 5xx answers the API gave (from its own /metrics).
# Exits non-zero when there was any 5xx. Bound the run with FUZZ_MAX_EXAMPLES (default 30 per operation).
# One worker: with several, hypothesis's lambda introspection trips over CPython 3.11's ast in threads.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SCHEMATHESIS_VERSION=4.32.5
VENV="$HOME/.cache/orderbook-platform/venv"
PG_ADMIN_URL="${TEST_PG_ADMIN_URL:-postgres://orderbook:orderbook@127.0.0.1:5432/postgres}"

bash "$ROOT/scripts/services.sh" start

if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

ID="fuzz$(date +%s)$RANDOM"
DB="api_$ID"
psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $DB"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
LOG="$(mktemp)"

cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
}
trap cleanup EXIT

cd "$HERE"
HOST=127.0.0.1 PORT="$PORT" LOG_LEVEL=warn \
  DATABASE_URL="${PG_ADMIN_URL%/*}/$DB" REDIS_PREFIX="$ID:" KAFKA_PREFIX="$ID." \
  DEV_DEPOSITS_ENABLED=true RATE_LIMIT_MAX=100000000 \
  node --import tsx src/server.ts >"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do curl -fs "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$BASE/readyz" >/dev/null || { cat "$LOG"; echo "API did not become ready" >&2; exit 1; }

TOKEN="$(curl -fs -X POST "$BASE/api/v1/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$ID@example.com\",\"password\":\"fuzzing-password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"

set +e
"$VENV/bin/schemathesis" run "$BASE/api/docs/json" \
  --header "Authorization: Bearer $TOKEN" \
  --max-examples "${FUZZ_MAX_EXAMPLES:-30}" \
  --checks not_a_server_error \
  --workers 1 \
  --no-color
ST_RC=$?
set -e

TOTAL="$(curl -fs "$BASE/metrics" | awk '/^http_request_duration_seconds_count/ { n += $NF } END { print n + 0 }')"
FIVEXX="$(curl -fs "$BASE/metrics" | awk '/^http_request_duration_seconds_count.*status="5[0-9][0-9]"/ { n += $NF } END { print n + 0 }')"
echo
echo "schemathesis exit code: $ST_RC"
echo "API answered $TOTAL requests during the run; 5xx responses: $FIVEXX"
if [ "$FIVEXX" != 0 ]; then
  grep -i '"level":50' "$LOG" | head -20 || true
  exit 1
fi
