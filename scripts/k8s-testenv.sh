#!/usr/bin/env bash
# A real Kubernetes control plane on loopback, for `npm run prove`: etcd, kube-apiserver,
# kube-controller-manager and kube-scheduler built from k8s.io/kubernetes, with kwok for fake nodes.
#
# TEST TOOLING only (no Docker here, so no kind/k3d). Nothing in the product uses it. No container ever runs:
# kwok marks scheduled pods Running and gives them loopback IPs, so admission (CRD schemas with CEL,
# Pod Security), scheduling by taints/labels and the controllers (namespace deletion, garbage collection,
# Deployments -> ReplicaSets -> Pods) are real, and the workloads are not.
#
# Usage: scripts/k8s-testenv.sh build|prefetch|start|stop|status|kubeconfig|env
#   prefetch    only downloads the sources and dependencies `build` needs (nothing once built).
#   build       builds the binaries once into $CACHE/k8s-testenv/<k8s version>/bin (machine-wide Go build
#               lock; build time and peak memory go to $CACHE/build-stats.tsv). Idempotent.
#   start       builds if needed, then starts everything (reuses a running control plane) and waits until
#               the API server is ready and every fake node is Ready; prints start-to-ready seconds.
#   stop        stops what `start` started and deletes the cluster's data (the next start is empty).
#   status      says what runs (exit 0 when the API server answers, 3 when not).
#   kubeconfig  prints the path of the admin kubeconfig (context "orderbook-testenv").
#   env         prints KEY=value lines for tools (KUBECONFIG, CONTEXT, SERVER, BIN, PKI, K8S_VERSION).
#
# Everything listens on 127.0.0.1 only. Service IPs are never dialled: the API server routes webhooks and
# aggregated APIs to endpoint (pod) IPs, which kwok hands out from a loopback range, so a webhook call fails
# fast instead of leaving the machine.
#
# Environment (optional): K8S_TESTENV_PORT (API server port, default 16443), ORDERBOOK_CACHE (cache root).
set -euo pipefail

# Pins. k8s.io/kubernetes's go.mod points its 31 staging modules at ./staging, which the module zip does
# not contain; the build swaps them for the published k8s.io/* modules of the same release.
readonly K8S_VERSION="v1.35.4"
readonly K8S_STAGING_VERSION="v0.35.4"
# The etcd release k8s.io/kubernetes v1.35.4 itself requires (its go.mod: go.etcd.io/etcd/server/v3).
readonly ETCD_VERSION="v3.6.5"

here="$(cd "$(dirname "$0")" && pwd)"
CACHE="${ORDERBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderbook-platform}"
readonly HOME_DIR="$CACHE/k8s-testenv/$K8S_VERSION"
readonly BIN="$HOME_DIR/bin"
readonly RUN="$CACHE/k8s-testenv/run"
readonly PKI="$RUN/pki"
readonly KUBECONFIG_FILE="$RUN/kubeconfig"
readonly STATS="$CACHE/build-stats.tsv"
readonly CONTEXT="orderbook-testenv"

readonly HOST="127.0.0.1"
readonly API_PORT="${K8S_TESTENV_PORT:-16443}"
readonly ETCD_CLIENT_PORT=$((API_PORT + 1))
readonly ETCD_PEER_PORT=$((API_PORT + 2))
readonly KCM_PORT=$((API_PORT + 3))
readonly SCHEDULER_PORT=$((API_PORT + 4))
readonly KWOK_PORT=$((API_PORT + 5))
# Pod IPs kwok hands out: loopback, so nothing addressed to a pod can leave the machine.
readonly POD_CIDR="127.64.0.0/16"
readonly SERVICE_CIDR="10.96.0.0/16"

# Fake nodes: "<name> <pool> <zone> [taint]". Pools as in environments/*.ts (a general pool, and an engine
# pool tainted so only the matching engine tolerates it), so scheduling by taints and labels is real. Three
# general nodes in three zones: prod charts spread 3 replicas with required anti-affinity (Loki in aws-prod).
readonly NODES=(
  "kwok-general-a general zone-a"
  "kwok-general-b general zone-b"
  "kwok-general-c general zone-c"
  "kwok-engine-a engine zone-a orderbook.dev/dedicated=engine:NoSchedule"
)

# shellcheck source=lib/measure.sh
source "$here/lib/measure.sh"
log() { printf '[k8s-testenv] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

components=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

built() { [[ -x "$BIN/etcd" && -x "$BIN/kube-apiserver" && -x "$BIN/kube-controller-manager" && -x "$BIN/kube-scheduler" && -x "$BIN/kubectl" && -x "$BIN/kwok" ]]; }

go_dir() { # go_dir MODULE@VERSION: downloads a module through the proxy, prints its source directory
  local json
  json=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$1") || die "go mod download $1 failed"
  printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

record() { # record ARTIFACT VERSION START RSS_FILE
  local rss=$(($(tail -n 1 "$4") / 1024)) secs=$(($(date +%s) - $3))
  rm -f "$4"
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$1" "$2" "$secs" "$rss" >>"$STATS"
  log "$1 $2: built in $secs s, peak RSS $rss MiB"
}

kubernetes_modfile() { # kubernetes_modfile SRC WORK: WORK/go.mod is SRC's with staging swapped for the published modules
  local src=$1 work=$2
  [[ -f "$src/go.mod" ]] || die "no go.mod in $src"
  mkdir -p "$work"
  # -modfile lets the build use our rewritten go.mod against the read-only module cache copy of the source.
  sed -E "s#^([[:space:]]*)(k8s\.io/[a-z0-9-]+) => \./staging/src/k8s\.io/[a-z0-9-]+\$#\1\2 => \2 $K8S_STAGING_VERSION#" "$src/go.mod" >"$work/go.mod"
  if grep -q '\./staging' "$work/go.mod"; then die "go.mod still points at ./staging after the rewrite: $(grep './staging' "$work/go.mod" | head -n 3)"; fi
  log "kubernetes $K8S_VERSION: rewrote $(grep -c " => k8s.io/.* $K8S_STAGING_VERSION" "$work/go.mod") staging replace lines"
  cp "$src/go.sum" "$work/go.sum"
  chmod u+w "$work/go.sum"
}

build_kubernetes() {
  local src work start ldflags
  log "kubernetes $K8S_VERSION: downloading k8s.io/kubernetes and the published staging modules ($K8S_STAGING_VERSION)"
  src=$(go_dir "k8s.io/kubernetes@$K8S_VERSION")
  work="$HOME_DIR/src"
  kubernetes_modfile "$src" "$work"
  # What hack/lib/version.sh stamps, so `kubectl version` and discovery report the release.
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=35 -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  log "kubernetes $K8S_VERSION: building kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (cold: ~10 min, ~3 GiB)"
  start=$(date +%s)
  mkdir -p "$BIN.tmp"
  (cd "$src" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 measured "$work/rss" go build -modfile="$work/go.mod" -trimpath -ldflags "$ldflags" \
    -o "$BIN.tmp/" ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kube-scheduler ./cmd/kubectl) || die "go build of kubernetes $K8S_VERSION failed"
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do mv "$BIN.tmp/$b" "$BIN/$b"; done
  rmdir "$BIN.tmp"
  record k8s-control-plane "$K8S_VERSION" "$start" "$work/rss"
}

etcd_wrapper() { # etcd_wrapper WORK: the wrapper module around etcdmain, its dependencies downloaded
  local work=$1
  log "etcd $ETCD_VERSION: generating a wrapper module around go.etcd.io/etcd/server/v3/etcdmain"
  mkdir -p "$work"
  # Generated here at build time (not kept in the repo): the etcd binary is etcdmain.Main, nothing else.
  cat >"$work/go.mod" <<EOF
module orderbook.dev/testenv/etcd

go 1.24

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOF
  cat >"$work/main.go" <<'EOF'
// Command etcd is upstream etcd's server entry point, built as a dependency of this module.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  (cd "$work" && GOWORK=off GOFLAGS=-mod=mod go mod tidy) || die "go mod tidy of the etcd wrapper failed"
}

build_etcd() {
  local work="$HOME_DIR/etcd-wrapper" start
  etcd_wrapper "$work"
  start=$(date +%s)
  (cd "$work" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 measured "$work/rss" go build -trimpath -ldflags "-s -w" -o "$BIN/etcd.tmp" .) || die "go build of etcd failed"
  mv "$BIN/etcd.tmp" "$BIN/etcd"
  record etcd "$ETCD_VERSION" "$start" "$work/rss"
}

# kwok needs Stage objects to act on nodes and pods. Use upstream's own: kustomize/stage of the kwok module
# at the pinned version (node-initialize, lease heartbeat so the node lifecycle controller never marks the
# nodes NotReady, and the fast pod lifecycle: scheduled -> Running with an IP; deleted -> gone).
write_kwok_stages() {
  local version dir f
  version=$(node -p "require('$here/go-tools.json').kwok.version")
  dir=$(go_dir "sigs.k8s.io/kwok@$version")
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    [[ -f "$dir/kustomize/stage/$f" ]] || die "kwok $version has no kustomize/stage/$f"
    echo "---"
    cat "$dir/kustomize/stage/$f"
  done >"$HOME_DIR/kwok-stages.yaml.tmp"
  mv "$HOME_DIR/kwok-stages.yaml.tmp" "$HOME_DIR/kwok-stages.yaml"
}

build() {
  if built && [[ -f "$HOME_DIR/kwok-stages.yaml" ]]; then return 0; fi
  if built; then write_kwok_stages; return 0; fi
  command -v go >/dev/null || die "Go is required to build the test control plane (https://go.dev/dl/)"
  mkdir -p "$BIN"
  [[ -f "$STATS" ]] || printf 'when\tartifact\tversion\tseconds\tpeak_rss_mib\n' >"$STATS"
  # kwok first: scripts/go-tool.sh takes the machine-wide Go build lock itself.
  if [[ ! -x "$BIN/kwok" ]]; then
    local kwok
    kwok=$(bash "$here/go-tool.sh" kwok) || die "building kwok failed"
    ln -sf "$kwok" "$BIN/kwok"
  fi
  exec 9>"$CACHE/.go-build.lock"
  if ! flock -n 9; then log "waiting for another Go build to finish (machine-wide lock $CACHE/.go-build.lock)"; flock 9; fi
  [[ -x "$BIN/etcd" ]] || build_etcd
  [[ -x "$BIN/kube-apiserver" && -x "$BIN/kube-controller-manager" && -x "$BIN/kube-scheduler" && -x "$BIN/kubectl" ]] || build_kubernetes
  exec 9>&-
  write_kwok_stages
  log "binaries ready in $BIN"
}

pid_of() { # pid_of COMPONENT: prints the pid when that component of ours runs
  local f="$RUN/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid=$(cat "$f")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

api_ready() {
  [[ -f "$KUBECONFIG_FILE" ]] && "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" get --raw /readyz >/dev/null 2>&1
}

gen_pki() {
  [[ -f "$PKI/admin.crt" ]] && return 0
  command -v openssl >/dev/null || die "openssl is required to generate the control plane's certificates"
  mkdir -p "$PKI"
  log "generating a CA, serving and client certificates and service-account keys (openssl)"
  (
    cd "$PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=orderbook-testenv-ca" 2>/dev/null
    cat >apiserver.ext <<EOF
subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP:10.96.0.1
extendedKeyUsage = serverAuth
EOF
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 -extfile apiserver.ext 2>/dev/null
    echo "extendedKeyUsage = clientAuth" >client.ext
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=orderbook-testenv-admin" 2>/dev/null
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 3650 -extfile client.ext 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f ./*.csr
  )
}

write_kubeconfig() {
  cat >"$KUBECONFIG_FILE" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: $CONTEXT
    cluster:
      server: https://$HOST:$API_PORT
      certificate-authority: $PKI/ca.crt
users:
  - name: $CONTEXT-admin
    user:
      client-certificate: $PKI/admin.crt
      client-key: $PKI/admin.key
contexts:
  - name: $CONTEXT
    context: { cluster: $CONTEXT, user: $CONTEXT-admin }
current-context: $CONTEXT
EOF
}

launch() { # launch NAME CMD...: starts a component in the background, its output in $RUN/NAME.log
  local name=$1
  shift
  if pid_of "$name" >/dev/null; then return 0; fi
  setsid "$@" >"$RUN/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

wait_for() { # wait_for SECONDS WHAT CMD...: polls CMD until it succeeds
  local deadline=$(($(date +%s) + $1)) what=$2
  shift 2
  until "$@"; do
    if (($(date +%s) > deadline)); then
      log "timed out waiting for $what; last lines of the logs:"
      for c in "${components[@]}"; do [[ -f "$RUN/$c.log" ]] && { echo "--- $c" >&2; tail -n 5 "$RUN/$c.log" >&2; }; done
      return 1
    fi
    sleep 0.5
  done
}

etcd_ready() { curl -fsS "http://$HOST:$ETCD_CLIENT_PORT/health" 2>/dev/null | grep -q '"health":"true"'; }

create_nodes() {
  local spec name pool zone taint
  for spec in "${NODES[@]}"; do
    read -r name pool zone taint <<<"$spec"
    {
      cat <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    type: kwok
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node.kubernetes.io/instance-type: kwok
    topology.kubernetes.io/zone: $zone
    orderbook.dev/pool: $pool
spec:
EOF
      if [[ -n "$taint" ]]; then
        local key=${taint%%=*} rest=${taint#*=}
        printf '  taints:\n    - key: %s\n      value: %s\n      effect: %s\n' "$key" "${rest%%:*}" "${rest#*:}"
      fi
    } | "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" apply -f - >/dev/null
  done
}

nodes_ready() {
  local ready
  ready=$("$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" get nodes -l type=kwok \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null | grep -c True) || true
  [[ "$ready" == "${#NODES[@]}" ]]
}

default_sa_exists() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" -n default get serviceaccount default >/dev/null 2>&1; }

start() {
  build
  mkdir -p "$RUN"
  if api_ready && nodes_ready; then
    log "already running: https://$HOST:$API_PORT (kubeconfig $KUBECONFIG_FILE, context $CONTEXT)"
    return 0
  fi
  local started
  started=$(date +%s.%N)
  gen_pki
  write_kubeconfig
  launch etcd "$BIN/etcd" --name testenv --data-dir "$RUN/etcd" \
    --listen-client-urls "http://$HOST:$ETCD_CLIENT_PORT" --advertise-client-urls "http://$HOST:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://$HOST:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://$HOST:$ETCD_PEER_PORT" \
    --initial-cluster "testenv=http://$HOST:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn
  wait_for 30 etcd etcd_ready
  # --endpoint-reconciler-type=none: a loopback advertise address may not be published as the endpoint of
  # the kubernetes service. --enable-aggregator-routing: dial endpoint (pod) IPs, never service IPs.
  # Pod Security admission is on by default (PodSecurity is in the default admission plugins); keep it.
  launch kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers "http://$HOST:$ETCD_CLIENT_PORT" \
    --bind-address "$HOST" --advertise-address "$HOST" --secure-port "$API_PORT" \
    --endpoint-reconciler-type none --enable-aggregator-routing \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --client-ca-file "$PKI/ca.crt" --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --service-account-issuer "https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --authorization-mode Node,RBAC --allow-privileged \
    --profiling=false --v 1
  wait_for 90 "kube-apiserver /readyz" api_ready
  # A long node-monitor grace period: on a loaded 2-core machine kwok's lease heartbeat can lapse past the
  # default 50 s; the node lifecycle controller then marks every pod NotReady, kwok never sets them Ready
  # again, and helm's wait times out for a reason that has nothing to do with the stack. (The grace period
  # only delays that: the heartbeat itself is kwok's node lease, --node-lease-duration-seconds below.)
  launch kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG_FILE" --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address "$HOST" --secure-port "$KCM_PORT" --leader-elect=false \
    --service-account-private-key-file "$PKI/sa.key" --root-ca-file "$PKI/ca.crt" \
    --cluster-signing-cert-file "$PKI/ca.crt" --cluster-signing-key-file "$PKI/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --profiling=false --v 1 \
    --node-monitor-grace-period 10m
  launch kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig "$KUBECONFIG_FILE" --authentication-kubeconfig "$KUBECONFIG_FILE" --authorization-kubeconfig "$KUBECONFIG_FILE" \
    --bind-address "$HOST" --secure-port "$SCHEDULER_PORT" --leader-elect=false --profiling=false --v 1
  # --node-lease-duration-seconds: kwok keeps a Lease per node in kube-node-lease, renewed as a kubelet
  # renews its own, which is the heartbeat the node lifecycle controller reads. Without it (kwok's default is
  # 0: no leases; kwokctl sets 40) the heartbeat-with-lease stage refreshes the nodes' conditions only every
  # 10-20 minutes, so the nodes went NotReady 10 minutes (the grace period) after start, in the middle of
  # prove, and every pod with them.
  launch kwok "$BIN/kwok" --config "$HOME_DIR/kwok-stages.yaml" --kubeconfig "$KUBECONFIG_FILE" \
    --node-lease-duration-seconds 40 \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --node-ip "$HOST" --cidr "$POD_CIDR" --server-address "$HOST:$KWOK_PORT"
  create_nodes
  wait_for 60 "fake nodes Ready (kwok)" nodes_ready
  wait_for 60 "the default service account (controller-manager)" default_sa_exists
  log "ready in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s: https://$HOST:$API_PORT, ${#NODES[@]} fake nodes; kubeconfig $KUBECONFIG_FILE (context $CONTEXT)"
}

stop() {
  local c pid
  for ((i = ${#components[@]} - 1; i >= 0; i--)); do
    c=${components[i]}
    if pid=$(pid_of "$c"); then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      log "stopped $c (pid $pid)"
    fi
    rm -f "$RUN/$c.pid"
  done
  rm -rf "$RUN/etcd"
}

status() {
  local c pid rc=3
  for c in "${components[@]}"; do
    if pid=$(pid_of "$c"); then log "$c: running (pid $pid)"; else log "$c: not running"; fi
  done
  if api_ready; then
    log "kube-apiserver: ready at https://$HOST:$API_PORT ($("$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" get nodes --no-headers 2>/dev/null | wc -l) nodes)"
    rc=0
  fi
  return $rc
}

# Downloads what `build` would (sources and every dependency), builds nothing: on a cold machine
# scripts/go-prefetch.sh runs this in the background while other tests use the CPU.
prefetch() {
  built && return 0
  mkdir -p "$HOME_DIR"
  local work
  work=$(mktemp -d)
  kubernetes_modfile "$(go_dir "k8s.io/kubernetes@$K8S_VERSION")" "$work/kubernetes"
  (cd "$work/kubernetes" && GOWORK=off GOFLAGS=-mod=mod go mod download) || die "downloading kubernetes' dependencies failed"
  [[ -x "$BIN/etcd" ]] || etcd_wrapper "$work/etcd"
  rm -rf "$work"
  log "kubernetes $K8S_VERSION and etcd $ETCD_VERSION: sources and dependencies downloaded"
}

case "${1:-}" in
  build) build ;;
  prefetch) prefetch ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  kubeconfig) echo "$KUBECONFIG_FILE" ;;
  env) printf 'KUBECONFIG=%s\nCONTEXT=%s\nSERVER=%s\nBIN=%s\nPKI=%s\nK8S_VERSION=%s\n' "$KUBECONFIG_FILE" "$CONTEXT" "https://$HOST:$API_PORT" "$BIN" "$PKI" "$K8S_VERSION" ;;
  *) echo "usage: scripts/k8s-testenv.sh build|prefetch|start|stop|status|kubeconfig|env" >&2; exit 2 ;;
esac
