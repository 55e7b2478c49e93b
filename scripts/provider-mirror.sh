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
# The aws and google providers are built with only the service packages the synthesized stacks use
# (cdktf.out/stacks, or $ORDERBOOK_STACKS_DIR): the full aws provider registers ~265 of them and took 49 min
# and 9 GiB to compile cold on a 2-core machine, the google one 176 (11 min); ours need ~15 of each
# (scripts/lib/provider-trim.ts says how; the resource code is unchanged). The built set is kept in
# $CACHE/<name>-provider-<version>.services; a later run whose stacks need a package the build lacks
# rebuilds it with the union. ORDERBOOK_PROVIDER_BUILD=full (or no synthesized stacks) builds them whole.
#
set -euo pipefail

CACHE="${ORDERBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderbook-platform}"
MIRROR="$CACHE/terraform-mirror"
BIN="$CACHE/bin"
CLI_CONFIG="$CACHE/terraform.rc"
STATS="$CACHE/build-stats.tsv"

# The pins live in scripts/provider-pins.json (shared with scripts/validate.ts); read them with node.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PINS_FILE="$ROOT/scripts/provider-pins.json"
STACKS_DIR="${ORDERBOOK_STACKS_DIR:-$ROOT/cdktf.out/stacks}"
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

# module_dir MODULE@REV: downloads the module's source through the Go proxy; prints its directory.
module_dir() {
  local json dir
  json=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$1") || die "go mod download $1 failed"
  dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [[ -d "$dir" ]] || die "no source directory in the go mod download output for $1"
  printf '%s\n' "$dir"
}

# go_build NAME VERSION SOURCE_DIR OUT_FILE [STATS_LABEL]: builds the module in SOURCE_DIR in place. Building
# from the downloaded source (not `go install`) is what makes modules with `replace` lines in go.mod build.
go_build() {
  local name=$1 version=$2 dir=$3 out=$4 label=${5:-$1}
  local tmp start end rss gcflags=""
  # The aws and google providers only run validate and the moto proofs, whose time is the provider's
  # waiters. Not the kubernetes and helm providers: compiled so, they made every plan of prove's Kubernetes
  # layers about twice as slow.
  [[ "$name" == aws || "$name" == google ]] && gcflags=$QUICK_BUILD_GCFLAGS
  tmp="$out.tmp.$$"
  log "$name $version: building (this takes minutes; the aws provider needs GiBs of memory)"
  start=$(date +%s)
  (cd "$dir" && measured "$tmp.rss" go build -trimpath -gcflags="$gcflags" -ldflags "-s -w" -o "$tmp" .) || { rm -f "$tmp" "$tmp.rss"; die "$name: go build failed"; }
  end=$(date +%s)
  rss=$(( $(tail -n 1 "$tmp.rss") / 1024 ))
  rm -f "$tmp.rss"
  mv "$tmp" "$out"
  printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$label" "$version" "$((end - start))" "$rss" >>"$STATS"
  log "$name $version: built in $((end - start)) s, peak RSS ${rss} MiB"
}

# build_module NAME VERSION MODULE@REV OUT_FILE
build_module() {
  log "$1 $2: downloading source of $3"
  go_build "$1" "$2" "$(module_dir "$3")" "$4"
}

trim_tool() { "$ROOT/node_modules/.bin/tsx" "$ROOT/scripts/lib/provider-trim.ts" "$@"; }

# packages_needed NAME SOURCE_DIR: the service packages the synthesized stacks need, comma-separated, or
# "all" (ORDERBOOK_PROVIDER_BUILD=full, or no synthesized stacks to read).
packages_needed() {
  case "${ORDERBOOK_PROVIDER_BUILD:-}" in
    full) echo all; return ;;
    "") ;;
    *) die "ORDERBOOK_PROVIDER_BUILD must be \"full\" or unset, got \"$ORDERBOOK_PROVIDER_BUILD\"" ;;
  esac
  if ! compgen -G "$STACKS_DIR/*/cdk.tf.json" >/dev/null; then
    log "$1: no synthesized stacks in $STACKS_DIR; building every service package (run \`npm run synth\` first for a build of only the ones the stacks use)"
    echo all
    return
  fi
  trim_tool --provider "$1" --src "$2" --stacks "$STACKS_DIR" --list-only || die "$1: could not work out the service packages the stacks use"
}

# covers BUILT NEEDED: whether a build of the packages BUILT has every package in NEEDED.
covers() {
  [[ "$1" == all ]] && return 0
  [[ "$2" == all ]] && return 1
  local p
  for p in ${2//,/ }; do [[ ",$1," == *",$p,"* ]] || return 1; done
}

# build_trimmed NAME VERSION MODULE@REV OUT_FILE: the provider with the service packages the stacks need.
build_trimmed() {
  local name=$1 version=$2 ref=$3 out=$4 marker="$CACHE/$1-provider-$2.services" src needed built work kept count
  src=$(module_dir "$ref")
  needed=$(packages_needed "$name" "$src")
  built=""
  if [[ -x "$out" ]]; then
    built=$(cat "$marker" 2>/dev/null || echo all)
    if covers "$built" "$needed"; then
      log "$name $version: cached (service packages: $built)"
      return
    fi
    log "$name $version: the cached build lacks service packages the stacks use; rebuilding with both sets"
  fi
  if [[ "$needed" == all ]]; then
    go_build "$name" "$version" "$src" "$out" "$name (all service packages)"
    echo all >"$marker"
    return
  fi
  # A writable copy of the source made of hard links (the module cache is read-only; the trim tool unlinks
  # the files it rewrites, so the cache is never written through).
  # (Under the mirror lock: a copy left by an interrupted build is removed here.)
  work="$CACHE/build/$name-src.$$"
  rm -rf "$CACHE/build/$name-src."* && mkdir -p "$CACHE/build"
  cp -al "$src" "$work" 2>/dev/null || cp -R "$src" "$work"
  find "$work" -type d -exec chmod u+w {} +
  kept=$(trim_tool --provider "$name" --src "$work" --stacks "$STACKS_DIR" --also "$built") || { rm -rf "$work"; die "$name: trimming the provider source failed"; }
  count=$(tr ',' '\n' <<<"$kept" | grep -c .)
  log "$name $version: building with $count service packages: $kept"
  go_build "$name" "$version" "$work" "$out" "$name ($count service packages)"
  rm -rf "$work"
  echo "$kept" >"$marker"
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
  mkdir -p "$dir"
  if [[ "$name" == aws || "$name" == google ]]; then
    build_trimmed "$name" "$version" "$ref" "$out"
    continue
  fi
  if [[ -x "$out" ]]; then
    log "$name $version: cached"
    continue
  fi
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
  # -ef: a rebuilt binary (the aws provider with more service packages) replaces the cache's old link.
  if [[ ! "$src/terraform-provider-${name}_v$version" -ef "$dst/terraform-provider-${name}_v$version" ]]; then
    rm -rf "$dst" && mkdir -p "$(dirname "$dst")" && cp -al "$src" "$dst"
  fi
done
log "mirror ready: $MIRROR"
log "use it with: eval \"\$(scripts/provider-mirror.sh --print-env)\""
