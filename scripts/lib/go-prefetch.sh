# shellcheck shell=bash
# prefetch_module MODULE@VERSION: downloads a Go module's source and every module its go.mod
# requires into the module cache, without building anything. The builds then only compile: on a cold
# machine each spends about a minute downloading, which scripts/go-prefetch.sh moves into the background
# while the CPU is busy with other tests. Safe beside a running build (the module cache locks its entries).
prefetch_module() {
  local json dir
  json=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$1") || return 1
  dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -f "$dir/go.mod" ]] || return 1
  (cd "$dir" && GOWORK=off GOFLAGS=-mod=mod go mod download)
}
