#!/usr/bin/env bash
# Installs the pinned trivy (the security scanner `npm run scan` uses) into the project cache, built from
# its Go module, and prints its path. Idempotent; a trivy on PATH at the pinned version is used as is.
# Test tooling: users may equally install trivy from their package manager.
set -euo pipefail

TRIVY_VERSION="0.74.0"
CACHE="${ORDERBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderbook-platform}"
BIN="$CACHE/bin"
STATS="$CACHE/build-stats.tsv"
# shellcheck source=lib/measure.sh
source "$(dirname "$0")/lib/measure.sh"
log() { printf '[trivy] %s\n' "$*" >&2; }

if [[ "${1:-}" == "--prefetch" ]]; then # only download the source and dependencies of a build to come
  [[ -x "$BIN/trivy" ]] && exit 0
  # shellcheck source=lib/go-prefetch.sh
  source "$(dirname "$0")/lib/go-prefetch.sh"
  prefetch_module "github.com/aquasecurity/trivy@v$TRIVY_VERSION" && log "source and dependencies downloaded" || log "prefetch failed (the build will download)"
  exit 0
fi
if command -v trivy >/dev/null && trivy --version 2>/dev/null | grep -q "Version: $TRIVY_VERSION"; then
  command -v trivy
  exit 0
fi
if [[ -x "$BIN/trivy" ]] && "$BIN/trivy" --version 2>/dev/null | grep -q "Version: $TRIVY_VERSION"; then
  echo "$BIN/trivy"
  exit 0
fi

command -v go >/dev/null || { log "error: Go is required to build trivy"; exit 1; }
mkdir -p "$BIN"
exec 9>"$CACHE/.trivy.lock"
flock 9
if [[ -x "$BIN/trivy" ]] && "$BIN/trivy" --version 2>/dev/null | grep -q "Version: $TRIVY_VERSION"; then
  echo "$BIN/trivy"
  exit 0
fi
log "building trivy $TRIVY_VERSION from its Go module (several minutes, once)"
json=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/aquasecurity/trivy@v$TRIVY_VERSION")
dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d "$dir" ]] || { log "error: could not download trivy's source"; exit 1; }
start=$(date +%s)
# trivy uses encoding/json/v2, still behind a Go experiment. Compiled without optimisation and inlining: a
# cold build took 707 s so (844 s optimised, the run before, at a higher load); its checks then run about
# twice as long (lint:charts' 3535 checks: 31 s instead of 15), which costs far less than it saves cold.
(cd "$dir" && GOEXPERIMENT=jsonv2 measured "$BIN/.trivy.rss" go build -trimpath -gcflags="$QUICK_BUILD_GCFLAGS" \
  -ldflags "-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY_VERSION" -o "$BIN/trivy.tmp" ./cmd/trivy)
mv "$BIN/trivy.tmp" "$BIN/trivy"
[[ -f "$STATS" ]] || printf 'when\tartifact\tversion\tseconds\tpeak_rss_mib\n' >"$STATS"
printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" trivy "$TRIVY_VERSION" "$(( $(date +%s) - start ))" "$(( $(tail -n 1 "$BIN/.trivy.rss") / 1024 ))" >>"$STATS"
rm -f "$BIN/.trivy.rss"
log "built in $(( $(date +%s) - start )) s"
echo "$BIN/trivy"
