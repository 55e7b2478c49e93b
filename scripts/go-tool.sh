#!/usr/bin/env bash
# Builds a pinned command-line tool from the Go module proxy into the project cache and prints its path.
#
# TEST TOOLING for machines that reach the Go module proxy but not the tools' release downloads. Users
# install these tools the ordinary way (package manager, release binaries); nothing in the product uses
# this script.
#
# Usage: scripts/go-tool.sh [--prefetch] NAME   (NAME is a key of scripts/go-tools.json: helm, actionlint, kwok, ...)
#   --prefetch only downloads the tool's source and dependencies (nothing when it is built already).
#   Idempotent: a binary already built at the pinned version is reused (keyed by version in its file
#   name). Every Go build of the project's tooling takes one machine-wide lock, so two heavy builds never
#   run side by side on a 2-core machine. Build time and peak memory go to $CACHE/build-stats.tsv.
set -euo pipefail

prefetch=""
if [[ "${1:-}" == "--prefetch" ]]; then prefetch=1; shift; fi
name=${1:?usage: scripts/go-tool.sh [--prefetch] NAME}
here="$(cd "$(dirname "$0")" && pwd)"
CACHE="${ORDERBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderbook-platform}"
BIN="$CACHE/bin"
STATS="$CACHE/build-stats.tsv"
# shellcheck source=lib/measure.sh
source "$here/lib/measure.sh"
log() { printf '[go-tool %s] %s\n' "$name" "$*" >&2; }
die() { log "error: $*"; exit 1; }

read -r module version pkg ldflags < <(node -e '
  const t = require(process.argv[1])[process.argv[2]];
  if (!t || typeof t !== "object") { console.error("unknown tool " + process.argv[2] + "; known: " + Object.keys(require(process.argv[1])).filter(k => k !== "//").join(", ")); process.exit(2); }
  console.log(t.module, t.version, t.pkg, (t.ldflags || "-s -w").replaceAll("{version}", t.version).replaceAll(" ", "\u001f"));
' "$here/go-tools.json" "$name") || exit 2
ldflags=${ldflags//$'\x1f'/ }
out="$BIN/$name-$version"

if [[ -x "$out" ]]; then echo "$out"; exit 0; fi
if [[ -n "$prefetch" ]]; then
  # shellcheck source=lib/go-prefetch.sh
  source "$here/lib/go-prefetch.sh"
  prefetch_module "$module@$version" && log "source and dependencies downloaded" || log "prefetch failed (the build will download)"
  exit 0
fi
command -v go >/dev/null || die "Go is required to build $name (https://go.dev/dl/)"
mkdir -p "$BIN"
exec 9>"$CACHE/.go-build.lock"
if ! flock -n 9; then log "waiting for another Go build to finish"; flock 9; fi
if [[ -x "$out" ]]; then echo "$out"; exit 0; fi
[[ -f "$STATS" ]] || printf 'when\tartifact\tversion\tseconds\tpeak_rss_mib\n' >"$STATS"

log "downloading $module@$version"
json=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "$module@$version") || die "go mod download $module@$version failed"
dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d "$dir" ]] || die "no source directory in go mod download output"
log "building $pkg (once; cached as $out)"
start=$(date +%s)
tmp="$out.tmp.$$"
(cd "$dir" && measured "$tmp.rss" go build -trimpath -ldflags "$ldflags" -o "$tmp" "$pkg") || { rm -f "$tmp" "$tmp.rss"; die "go build failed"; }
rss=$(( $(tail -n 1 "$tmp.rss") / 1024 ))
rm -f "$tmp.rss"
mv "$tmp" "$out"
printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "$version" "$(( $(date +%s) - start ))" "$rss" >>"$STATS"
log "built in $(( $(date +%s) - start )) s, peak RSS ${rss} MiB"
echo "$out"
