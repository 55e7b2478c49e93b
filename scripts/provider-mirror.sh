#!/usr/bin/env bash
# Builds the Terraform providers listed in scripts/provider-pins.json from their Go modules into a
# filesystem mirror, and writes a Terraform CLI config that installs providers from it.
#
# This is TEST TOOLING for machines that cannot reach the Terraform registry (our CI and dev sandboxes).
# A user with internet never needs it: `terraform init` downloads the same pinned versions the ordinary way.
#
# Usage: scripts/provider-mirror.sh [--print-env | --prefetch]
#   Idempotent: a provider already in the mirror is reused. Build times and peak memory are appended to
#   $CACHE/build-stats.tsv. With --print-env, only prints `export TF_CLI_CONFIG_FILE=...` lines (for eval).
#   With --prefetch, only downloads the sources (and their dependencies) of the providers not built yet.
#
set -euo pipefail

CACHE="${ORDERBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderbook-platform}"
MIRROR="$CACHE/terraform-mirror"
BIN="$CACHE/bin"
CLI_CONFIG="$CACHE/terraform.rc"
STATS="$CACHE/build-stats.tsv"

# The pins live in scripts/provider-pins.json (shared with scripts/validate.ts); read them with node.
PINS_FILE="$(cd "$(dirname "$0")" && pwd)/provider-pins.json"
TERRAFORM_VERSION=$(node -p "require('$PINS_FILE').terraform")
mapfile -t PINS < <(node -e "
  const p = require('$PINS_FILE').providers;
  for (const [name, v] of Object.entries(p)) console.log(name, v.mirror, v.ref);
")

# shellcheck source=lib/measure.sh
source "$(dirname "$0")/lib/measure.sh"
log() { printf '[provider-mirror] %s\n' "$*" >&2; }
die() { printf '[provider-mirror] error: %s\n' "$*" >&2; exit 1; }

print_env() {
  echo "export TF_CLI_CONFIG_FILE=\"$CLI_CONFIG\""
  echo "export PATH=\"$BIN:\$PATH\""
}

if [[ "${1:-}" == "--print-env" ]]; then print_env; exit 0; fi
if [[ "${1:-}" == "--prefetch" ]]; then
  # shellcheck source=lib/go-prefetch.sh
  source "$(dirname "$0")/lib/go-prefetch.sh"
  platform="$(go env GOOS)_$(go env GOARCH)"
  for pin in "${PINS[@]}"; do
    read -r name version ref <<<"$pin"
    [[ -x "$MIRROR/registry.terraform.io/hashicorp/$name/$version/$platform/terraform-provider-${name}_v$version" ]] && continue
    prefetch_module "$ref" && log "$name $version: source and dependencies downloaded" || log "$name $version: prefetch failed (the build will download)"
  done
  exit 0
fi

command -v go >/dev/null || die "Go is required to build the providers (https://go.dev/dl/)."
platform="$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$MIRROR" "$BIN"
# One build at a time: a second run (another test job, CI) waits here and then finds the cache warm.
exec 9>"$CACHE/.mirror.lock"
if ! flock -n 9; then
  log "another run is building the mirror; waiting for it"
  flock 9
fi
[[ -f "$STATS" ]] || printf 'when\tartifact\tversion\tseconds\tpeak_rss_mib\n' >"$STATS"

# build_module NAME VERSION MODULE@REV OUT_FILE: downloads the module's source through the Go proxy and
# builds it in place. Building from the downloaded source (not `go install`) is what makes modules with
# `replace` lines in go.mod build at all.
build_module() {
  local name=$1 version=$2 ref=$3 out=$4
  local json dir tmp start end rss
  log "$name $version: downloading source of $ref"
  json=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$ref") || die "$name: go mod download $ref failed"
  dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -d "$dir" ]] || die "$name: no source directory in go mod download output"
  tmp="$out.tmp.$$"
  log "$name $version: building (this takes minutes; the aws provider needs several GiB of memory)"
  start=$(date +%s)
  (cd "$dir" && measured "$tmp.rss" go build -trimpath -ldflags "-s -w" -o "$tmp" .) || { rm -f "$tmp" "$tmp.rss"; die "$name: go build failed"; }
  end=$(date +%s)
  rss=$(( $(tail -n 1 "$tmp.rss") / 1024 ))
  rm -f "$tmp.rss"
  mv "$tmp" "$out"
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "$version" "$((end - start))" "$rss" >>"$STATS"
  log "$name $version: built in $((end - start)) s, peak RSS ${rss} MiB"
}

# Terraform itself: the one on PATH if it is the pinned version, else built from its module.
tf_on_path=""
if command -v terraform >/dev/null; then
  tf_on_path=$(terraform version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p' | head -n 1)
fi
if [[ "$tf_on_path" == "$TERRAFORM_VERSION" ]]; then
  ln -sf "$(command -v terraform)" "$BIN/terraform"
elif [[ ! -x "$BIN/terraform" ]] || ! "$BIN/terraform" version | grep -q "v$TERRAFORM_VERSION"; then
  rm -f "$BIN/terraform"
  build_module terraform "$TERRAFORM_VERSION" "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" "$BIN/terraform"
fi

for pin in "${PINS[@]}"; do
  read -r name version ref <<<"$pin"
  dir="$MIRROR/registry.terraform.io/hashicorp/$name/$version/$platform"
  out="$dir/terraform-provider-${name}_v$version"
  if [[ -x "$out" ]]; then
    log "$name $version: cached"
    continue
  fi
  mkdir -p "$dir"
  build_module "$name" "$version" "$ref" "$out"
done

# Providers come only from the mirror: a stack asking for anything else fails at init, loudly.
# The plugin cache is filled from the mirror here (hard links, once per version), and init may link from it
# without a lock file: validate and prove run several `terraform init`s at once, and Terraform's plugin cache
# is not safe for concurrent writers (with no lock file it reinstalls into the cache by default, and a
# neighbour's link can dangle: "could not read package directory ... .terraform/providers/...").
cat >"$CLI_CONFIG" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/hashicorp/*"]
  }
}
plugin_cache_dir = "$CACHE/plugin-cache"
plugin_cache_may_break_dependency_lock_file = true
EOF
mkdir -p "$CACHE/plugin-cache"
for pin in "${PINS[@]}"; do
  read -r name version _ <<<"$pin"
  src="$MIRROR/registry.terraform.io/hashicorp/$name/$version/$platform"
  dst="$CACHE/plugin-cache/registry.terraform.io/hashicorp/$name/$version/$platform"
  if [[ ! -x "$dst/terraform-provider-${name}_v$version" ]]; then
    rm -rf "$dst" && mkdir -p "$(dirname "$dst")" && cp -al "$src" "$dst"
  fi
done
log "mirror ready: $MIRROR"
log "use it with: eval \"\$(scripts/provider-mirror.sh --print-env)\""
