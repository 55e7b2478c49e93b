#!/usr/bin/env bash
# moto (an AWS API emulator from PyPI) on 127.0.0.1, patched by scripts/moto-shim/ before it serves.
# TEST TOOLING for `npm run prove` (scripts/lib/prove-aws.ts); nothing in the product depends on it.
#
# Usage: scripts/moto.sh start|stop|status [--account ID] [--port N]
#        scripts/moto.sh install            only install (idempotent; prints the virtualenv's python)
#        scripts/moto.sh python ARGS...     runs the virtualenv's python (boto3 is there), e.g. the shim's tests
#
#   start   installs the pinned moto[server] (scripts/moto-shim/requirements.txt) into a virtualenv under
#           $CACHE/moto/<moto version>/ once, then starts the shim on 127.0.0.1:PORT with MOTO_ACCOUNT_ID=ID
#           (so a provider's allowed_account_ids is really checked against what STS answers) and
#           MOTO_IAM_LOAD_MANAGED_POLICIES=true (AWS managed policies exist to attach). Idempotent: a server
#           this script started on PORT for the same account is reused; for another account it is an error.
#   stop    stops the server this script started on PORT (never anything else).
#   status  says whether it runs, with which account, and its log file.
#
# Options: --account ID (12 digits; default 123456789012, moto's own), --port N (default 5055).
# Logs: $CACHE/moto/run/<port>.log. Install time and peak memory go to $CACHE/build-stats.tsv.
set -euo pipefail

CACHE="${ORDERBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderbook-platform}"
SHIM_DIR="$(cd "$(dirname "$0")" && pwd)/moto-shim"
REQUIREMENTS="$SHIM_DIR/requirements.txt"
MOTO_VERSION=$(sed -n 's/^moto\[server\]==\(.*\)$/\1/p' "$REQUIREMENTS")
VENV="$CACHE/moto/$MOTO_VERSION"
RUN_DIR="$CACHE/moto/run"
STATS="$CACHE/build-stats.tsv"
HOST=127.0.0.1

# shellcheck source=lib/measure.sh
source "$(dirname "$0")/lib/measure.sh"
log() { printf '[moto] %s\n' "$*" >&2; }
die() { printf '[moto] error: %s\n' "$*" >&2; exit 1; }

[[ -n "$MOTO_VERSION" ]] || die "no moto[server]==VERSION line in $REQUIREMENTS"

command_name=${1:-}
[[ -n "$command_name" ]] || die "usage: scripts/moto.sh start|stop|status|install|python [--account ID] [--port N]"
shift
if [[ "$command_name" != "python" ]]; then
  ACCOUNT=123456789012
  PORT=5055
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --account) ACCOUNT=${2:-}; shift 2 ;;
      --port) PORT=${2:-}; shift 2 ;;
      *) die "unknown option '$1' (expected --account ID or --port N)" ;;
    esac
  done
  [[ "$ACCOUNT" =~ ^[0-9]{12}$ ]] || die "--account must be 12 digits, got '$ACCOUNT'"
  [[ "$PORT" =~ ^[0-9]+$ ]] && ((PORT > 0 && PORT < 65536)) || die "--port must be a TCP port number, got '$PORT'"
fi

# A virtualenv is complete when its marker holds the hash of the requirements it was built from; an
# interrupted or outdated install is rebuilt from scratch. One install at a time across the machine.
install() {
  local want marker start end rss
  want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)
  marker="$VENV/.installed"
  [[ -f "$marker" && "$(cat "$marker")" == "$want" ]] && return 0
  mkdir -p "$CACHE/moto"
  exec 8>"$CACHE/moto/.install.lock"
  flock 8
  if [[ -f "$marker" && "$(cat "$marker")" == "$want" ]]; then exec 8>&-; return 0; fi
  command -v python3 >/dev/null || die "python3 (3.9+) is required to install moto"
  [[ -f "$STATS" ]] || printf 'when\tartifact\tversion\tseconds\tpeak_rss_mib\n' >"$STATS"
  log "installing moto[server]==$MOTO_VERSION and its pinned dependencies into $VENV (once; a few minutes)"
  rm -rf "$VENV"
  start=$(date +%s)
  python3 -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  measured "$VENV/.install.rss" "$VENV/bin/pip" install --disable-pip-version-check --no-input -q -r "$REQUIREMENTS" \
    || { rm -rf "$VENV"; die "pip install -r $REQUIREMENTS failed"; }
  end=$(date +%s)
  rss=$(( $(tail -n 1 "$VENV/.install.rss") / 1024 ))
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "moto" "$MOTO_VERSION" "$((end - start))" "$rss" >>"$STATS"
  echo "$want" >"$marker"
  log "moto $MOTO_VERSION installed in $((end - start)) s, peak RSS ${rss} MiB"
  exec 8>&-
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

our_pid() {
  local pid
  [[ -f "$RUN_DIR/$PORT.pid" ]] || return 1
  pid=$(cat "$RUN_DIR/$PORT.pid")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  local pid running_account i
  install
  mkdir -p "$RUN_DIR"
  if pid=$(our_pid); then
    running_account=$(cat "$RUN_DIR/$PORT.account" 2>/dev/null || true)
    [[ "$running_account" == "$ACCOUNT" ]] || die "moto on port $PORT (pid $pid) serves account $running_account, not $ACCOUNT; stop it first or use another --port"
    log "reusing moto on http://$HOST:$PORT (pid $pid, account $ACCOUNT)"
    return 0
  fi
  port_open "$PORT" && die "port $PORT on $HOST is taken by a process this script did not start; use --port"
  : >"$RUN_DIR/$PORT.log"
  MOTO_ACCOUNT_ID="$ACCOUNT" MOTO_IAM_LOAD_MANAGED_POLICIES=true \
    nohup "$VENV/bin/python" "$SHIM_DIR/server.py" --host "$HOST" --port "$PORT" >>"$RUN_DIR/$PORT.log" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN_DIR/$PORT.pid"
  echo "$ACCOUNT" >"$RUN_DIR/$PORT.account"
  for i in $(seq 1 480); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$RUN_DIR/$PORT.log" >&2
      rm -f "$RUN_DIR/$PORT.pid" "$RUN_DIR/$PORT.account"
      die "moto exited during start (log above: $RUN_DIR/$PORT.log)"
    fi
    if port_open "$PORT"; then
      log "moto $MOTO_VERSION (with scripts/moto-shim) on http://$HOST:$PORT, account $ACCOUNT, pid $pid, started in $((i / 4)) s"
      grep '^\[moto-shim\]' "$RUN_DIR/$PORT.log" >&2 || true
      return 0
    fi
    sleep 0.25
  done
  kill "$pid" 2>/dev/null || true
  rm -f "$RUN_DIR/$PORT.pid" "$RUN_DIR/$PORT.account"
  die "moto did not listen on $HOST:$PORT within 120 s (log: $RUN_DIR/$PORT.log)"
}

stop() {
  local pid i
  if ! pid=$(our_pid); then
    rm -f "$RUN_DIR/$PORT.pid" "$RUN_DIR/$PORT.account"
    log "no moto started by this script on port $PORT"
    return 0
  fi
  kill "$pid"
  for i in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$RUN_DIR/$PORT.pid" "$RUN_DIR/$PORT.account"
  log "stopped moto on port $PORT (pid $pid)"
}

status() {
  local pid
  if pid=$(our_pid); then
    echo "moto $MOTO_VERSION running on http://$HOST:$PORT (pid $pid, account $(cat "$RUN_DIR/$PORT.account")); log: $RUN_DIR/$PORT.log"
  else
    echo "moto not running on port $PORT (installed: $([[ -f "$VENV/.installed" ]] && echo "yes, $VENV" || echo no))"
    return 3
  fi
}

case "$command_name" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  install) install; echo "$VENV/bin/python" ;;
  python) install; exec "$VENV/bin/python" "$@" ;;
  *) die "unknown command '$command_name' (expected start, stop, status, install or python)" ;;
esac
