#!/usr/bin/env bash
# Local PostgreSQL + Redis (Debian packages) and the Kafka broker (scripts/kafka.sh) for tests and dev.
#
#   scripts/services.sh start [pg] [redis] [kafka]   start what is not running (default: all), reuse the rest
#   scripts/services.sh stop  [pg] [redis] [kafka]   stop what this script started
#   scripts/services.sh status                       print endpoints and the test superuser
#
# Ports: PG_PORT (5432), REDIS_PORT (6379), KAFKA_PORT (9092, passed on to scripts/kafka.sh).
# Everything listens on 127.0.0.1 only. Running servers are reused, so several checkouts and helpers can
# share one set of services; tests isolate themselves with their own database names and key prefixes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_PORT="${PG_PORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
# A test-only superuser: the servers listen on loopback only and hold throwaway data.
PG_SUPERUSER="${PG_SUPERUSER:-orderbook}"
PG_PASSWORD="${PG_PASSWORD:-orderbook}"

if [ "$(id -u)" = 0 ]; then
  # /root is private, so the postgres and redis users could not reach a data dir under ~/.cache.
  STATE_DIR="${SERVICES_STATE_DIR:-/var/lib/orderbook-platform}"
else
  STATE_DIR="${SERVICES_STATE_DIR:-$HOME/.cache/orderbook-platform/services}"
fi
PG_DATA="$STATE_DIR/postgresql"
PG_SOCKET_DIR="$STATE_DIR/pg-run"
REDIS_DIR="$STATE_DIR/redis"

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port="$1" what="$2" i
  for i in $(seq 1 60); do port_open "$port" && return 0; sleep 0.5; done
  die "$what did not open 127.0.0.1:$port"
}

# Runs a command as a service account when root, as ourselves otherwise.
as_user() {
  local user="$1"; shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

apt_install() {
  [ "$(id -u)" = 0 ] || die "missing packages ($*); run as root or install them: apt-get install $*"
  log "installing $* from Debian packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return; }
  return 1
}

pg_user() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }

pg_can_login() {
  PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_SUPERUSER" -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

start_pg() {
  pg_bin >/dev/null || apt_install postgresql postgresql-client
  command -v psql >/dev/null || apt_install postgresql-client
  local bin; bin="$(pg_bin)"
  if port_open "$PG_PORT"; then
    if pg_can_login; then log "postgresql: reusing server on 127.0.0.1:$PG_PORT"; return; fi
    # A server we did not start (e.g. Debian's own cluster): add our test role through its local socket.
    if [ "$(id -u)" = 0 ] && runuser -u postgres -- psql -p "$PG_PORT" -Atqc 'select 1' >/dev/null 2>&1; then
      runuser -u postgres -- psql -p "$PG_PORT" -qc \
        "DO \$\$BEGIN CREATE ROLE \"$PG_SUPERUSER\" SUPERUSER LOGIN PASSWORD '$PG_PASSWORD';
         EXCEPTION WHEN duplicate_object THEN ALTER ROLE \"$PG_SUPERUSER\" SUPERUSER LOGIN PASSWORD '$PG_PASSWORD'; END\$\$;" >/dev/null
      pg_can_login && { log "postgresql: reusing server on 127.0.0.1:$PG_PORT (role $PG_SUPERUSER ensured)"; return; }
    fi
    die "port $PG_PORT is taken by a server where $PG_SUPERUSER cannot log in"
  fi
  local owner; owner="$(pg_user)"
  mkdir -p "$STATE_DIR" "$PG_SOCKET_DIR"
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "postgresql: initdb in $PG_DATA"
    mkdir -p "$PG_DATA"
    local pwfile="$STATE_DIR/.pgpass.init"
    printf '%s\n' "$PG_PASSWORD" >"$pwfile"
    if [ "$(id -u)" = 0 ]; then chown "$owner" "$PG_DATA" "$pwfile"; fi
    chmod 700 "$PG_DATA"
    as_user "$owner" "$bin/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  if [ "$(id -u)" = 0 ]; then chown "$owner" "$PG_SOCKET_DIR"; fi
  log "postgresql: starting on 127.0.0.1:$PG_PORT"
  # fsync off: a test server whose data may be lost on a host crash; it makes migrations and tests fast.
  as_user "$owner" "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_SOCKET_DIR/postgresql.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCKET_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off" >/dev/null
  wait_port "$PG_PORT" postgresql
  pg_can_login || die "postgresql started but $PG_SUPERUSER cannot log in"
}

stop_pg() {
  local bin; bin="$(pg_bin 2>/dev/null)" || return 0
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    log "postgresql: stopping"
    as_user "$(pg_user)" "$bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
  fi
}

redis_user() { if [ "$(id -u)" = 0 ] && id redis >/dev/null 2>&1; then echo redis; else id -un; fi; }

start_redis() {
  command -v redis-server >/dev/null || apt_install redis-server
  if port_open "$REDIS_PORT"; then
    [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ] \
      || die "port $REDIS_PORT is taken by something that is not Redis"
    log "redis: reusing server on 127.0.0.1:$REDIS_PORT"
    return
  fi
  local owner; owner="$(redis_user)"
  mkdir -p "$REDIS_DIR"
  if [ "$(id -u)" = 0 ]; then chown "$owner" "$REDIS_DIR"; fi
  log "redis: starting on 127.0.0.1:$REDIS_PORT"
  as_user "$owner" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --daemonize yes --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
    --save '' --appendonly no
  wait_port "$REDIS_PORT" redis
}

stop_redis() {
  if [ -f "$REDIS_DIR/redis.pid" ]; then
    log "redis: stopping"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$REDIS_DIR/redis.pid"
  fi
}

kafka() {
  if [ ! -f "$ROOT/scripts/kafka.sh" ]; then
    if [ "$1" = start ] && port_open "$KAFKA_PORT"; then log "kafka: reusing broker on 127.0.0.1:$KAFKA_PORT"; return; fi
    die "scripts/kafka.sh is missing (it comes from the engine's branch)"
  fi
  bash "$ROOT/scripts/kafka.sh" "$1"
}

status() {
  local pg=down redis=down kafka=down
  pg_can_login && pg=up
  [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || true)" = PONG ] && redis=up
  port_open "$KAFKA_PORT" && kafka=up
  cat <<EOF
postgresql  $pg    postgres://$PG_SUPERUSER:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres   (test superuser: $PG_SUPERUSER / $PG_PASSWORD)
redis       $redis    redis://127.0.0.1:$REDIS_PORT
kafka       $kafka    127.0.0.1:$KAFKA_PORT
state dir   $STATE_DIR
EOF
  [ "$pg" = up ] && [ "$redis" = up ] && [ "$kafka" = up ]
}

main() {
  local cmd="${1:-}"; shift || true
  local which=("$@"); [ ${#which[@]} -gt 0 ] || which=(pg redis kafka)
  case "$cmd" in
    start)
      for s in "${which[@]}"; do
        case "$s" in pg) start_pg ;; redis) start_redis ;; kafka) kafka start ;; *) die "unknown service $s" ;; esac
      done ;;
    stop)
      for s in "${which[@]}"; do
        case "$s" in pg) stop_pg ;; redis) stop_redis ;; kafka) kafka stop ;; *) die "unknown service $s" ;; esac
      done ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status [pg] [redis] [kafka]" >&2; exit 2 ;;
  esac
}

main "$@"
