#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, combined broker+controller) for local runs and CI.
#
# Usage: scripts/kafka.sh start|stop|status|logs
#
# The broker comes from the Apache Kafka jars on Maven Central (there is no Docker here): Maven resolves
# org.apache.kafka:kafka_2.13 and its runtime dependencies once into
# ~/.cache/orderbook-platform/kafka/<version>/libs, and java runs kafka.Kafka from that class path.
# `start` is idempotent: a broker already listening on the port is reused, whoever started it.
#
# Environment (all optional):
#   KAFKA_VERSION        Apache Kafka version to resolve          (default 3.9.1)
#   KAFKA_PORT           client listener port on 127.0.0.1        (default 9092)
#   KAFKA_CONTROLLER_PORT KRaft controller port on 127.0.0.1      (default KAFKA_PORT + 1)
#   KAFKA_DATA_DIR       log/metadata directory                   (default ~/.cache/orderbook-platform/kafka/data)
#
# Each port has its own state (data, pid, config, log, lock): the default port 9092 uses kafka/data,
# kafka/run and kafka/.lock; another port P uses kafka/data-P, kafka/run-P and kafka/.lock-P, so two
# brokers on different ports never share or overwrite each other's files.
#   KAFKA_HEAP_OPTS      JVM heap options                         (default -Xms128m -Xmx512m)
#   KAFKA_START_TIMEOUT  seconds to wait for the broker to serve  (default 120)
#   ORDERBOOK_CACHE_DIR  cache root                               (default ~/.cache/orderbook-platform)
set -euo pipefail

readonly KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
readonly SCALA_VERSION="2.13"
readonly KAFKA_PORT="${KAFKA_PORT:-9092}"
readonly KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
readonly KAFKA_HOST="127.0.0.1"
readonly CACHE_ROOT="${ORDERBOOK_CACHE_DIR:-$HOME/.cache/orderbook-platform}"
readonly KAFKA_HOME="$CACHE_ROOT/kafka/$KAFKA_VERSION"
if [[ "$KAFKA_PORT" == 9092 ]]; then PORT_SUFFIX=""; else PORT_SUFFIX="-$KAFKA_PORT"; fi
readonly PORT_SUFFIX
readonly KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$CACHE_ROOT/kafka/data$PORT_SUFFIX}"
readonly KAFKA_RUN_DIR="$CACHE_ROOT/kafka/run$PORT_SUFFIX"
readonly PID_FILE="$KAFKA_RUN_DIR/kafka.pid"
readonly LOG_FILE="$KAFKA_RUN_DIR/kafka.out"
readonly LOCK_FILE="$CACHE_ROOT/kafka/.lock$PORT_SUFFIX"
readonly KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
readonly KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
# Pinned so a plugin release can never change what gets resolved.
readonly DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

log() { printf '[kafka.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port_open() {
  # A bare TCP connect: works against any broker on the port, including one this script did not start.
  (exec 3<>"/dev/tcp/$KAFKA_HOST/$1") 2>/dev/null
}

our_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

resolve_jars() {
  if [[ -f "$KAFKA_HOME/libs/.complete" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found: Maven is needed once to fetch the Kafka jars from Maven Central"
  command -v java >/dev/null || die "java not found: Kafka $KAFKA_VERSION needs Java 11+"
  log "resolving org.apache.kafka:kafka_${SCALA_VERSION}:${KAFKA_VERSION} from Maven Central (once)"
  mkdir -p "$KAFKA_HOME"
  # The distribution tarball ships reload4j as the logging backend; the kafka_2.13 POM only brings slf4j-api.
  cat >"$KAFKA_HOME/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>orderbook-platform</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${KAFKA_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_${SCALA_VERSION}</artifactId>
      <version>${KAFKA_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
EOF
  rm -rf "$KAFKA_HOME/libs"
  if ! mvn -q -B -f "$KAFKA_HOME/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/libs" >"$KAFKA_HOME/mvn.log" 2>&1; then
    tail -n 30 "$KAFKA_HOME/mvn.log" >&2
    die "Maven could not resolve the Kafka jars (full log: $KAFKA_HOME/mvn.log)"
  fi
  touch "$KAFKA_HOME/libs/.complete"
}

write_config() {
  mkdir -p "$KAFKA_RUN_DIR" "$KAFKA_DATA_DIR"
  cat >"$KAFKA_RUN_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
# Loopback only: this broker is for local runs and CI, never for other machines.
listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT},CONTROLLER://${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${KAFKA_DATA_DIR}
auto.create.topics.enable=true
delete.topic.enable=true
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
# Tests create consumer groups all the time; waiting 3 s for more members only slows them down.
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.hours=24
log.segment.bytes=67108864
log.cleaner.dedupe.buffer.size=8388608
EOF
  cat >"$KAFKA_RUN_DIR/log4j.properties" <<EOF
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# The "Kafka Server started" line is how start() knows the broker serves requests.
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.Kafka\$=INFO
EOF
}

# Fills JAVA_CMD: an array, so the class path wildcard reaches java unexpanded.
build_java_cmd() {
  local heap
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  JAVA_CMD=(java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$KAFKA_RUN_DIR/log4j.properties" -cp "$KAFKA_HOME/libs/*")
}

run_java() {
  build_java_cmd
  "${JAVA_CMD[@]}" "$@"
}

format_storage() {
  if [[ -f "$KAFKA_DATA_DIR/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  cluster_id="$(run_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
  [[ -n "$cluster_id" ]] || die "kafka.tools.StorageTool could not generate a cluster id"
  log "formatting KRaft storage in $KAFKA_DATA_DIR (cluster $cluster_id)"
  run_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_RUN_DIR/server.properties" \
    >"$KAFKA_RUN_DIR/format.log" 2>&1 || { cat "$KAFKA_RUN_DIR/format.log" >&2; die "storage format failed"; }
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$LOG_FILE" >&2 || true
      die "broker process $pid exited during startup (log: $LOG_FILE)"
    fi
    if grep -q "Kafka Server started" "$LOG_FILE" 2>/dev/null && port_open "$KAFKA_PORT"; then
      return 0
    fi
    sleep 0.5
  done
  tail -n 40 "$LOG_FILE" >&2 || true
  die "broker did not start serving on $KAFKA_HOST:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s (log: $LOG_FILE)"
}

cmd_start() {
  mkdir -p "$CACHE_ROOT/kafka"
  # Several agents and CI jobs may call start at once: one of them starts, the others wait and reuse.
  exec 9>"$LOCK_FILE"
  flock -w "$((KAFKA_START_TIMEOUT + 600))" 9 || die "timed out waiting for another kafka.sh start"
  if port_open "$KAFKA_PORT"; then
    log "reusing the broker already listening on $KAFKA_HOST:$KAFKA_PORT"
    return 0
  fi
  if our_pid >/dev/null; then
    log "broker process $(our_pid) exists but does not listen yet; waiting"
    wait_ready "$(our_pid)"
    return 0
  fi
  resolve_jars
  write_config
  format_storage
  log "starting Kafka $KAFKA_VERSION on $KAFKA_HOST:$KAFKA_PORT (data: $KAFKA_DATA_DIR)"
  : >"$LOG_FILE"
  # setsid + nohup: the broker must outlive the shell (npm pretest, CI step) that started it.
  build_java_cmd
  setsid nohup "${JAVA_CMD[@]}" kafka.Kafka "$KAFKA_RUN_DIR/server.properties" >>"$LOG_FILE" 2>&1 </dev/null 9>&- &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  wait_ready "$pid"
  log "broker ready (pid $pid)"
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    if port_open "$KAFKA_PORT"; then
      log "a broker listens on $KAFKA_PORT but was not started by this script; leaving it alone"
    else
      log "not running"
    fi
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping broker (pid $pid)"
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker did not stop in 60s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

cmd_status() {
  if port_open "$KAFKA_PORT"; then
    local who="another process"
    our_pid >/dev/null && who="pid $(our_pid)"
    echo "running on $KAFKA_HOST:$KAFKA_PORT ($who)"
    return 0
  fi
  echo "not running"
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) tail -n "${2:-100}" "$LOG_FILE" ;;
  *)
    echo "usage: $0 start|stop|status|logs [lines]" >&2
    exit 2
    ;;
esac
