#!/usr/bin/env bash
# Installs the project's pinned Node.js (the LTS in `.nvmrc`) into the project cache and prints its bin
# directory. The binary comes from the npm registry's `node-<os>-<arch>` package (the same one the `node`
# package installs), so it works where only the npm registry is reachable.
#
# TEST TOOLING: CI and our sandboxes use it (`.ci/run` puts it first on PATH). Users install Node 24 LTS the
# ordinary way (nvm, fnm, Homebrew, the installer from nodejs.org); see README "Quick start".
#
# Usage: scripts/node.sh            prints the bin directory (installs on first use; idempotent)
#        eval "$(scripts/node.sh --print-env)"   puts it first on PATH in the current shell
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
version=$(tr -d 'v \n' <"$here/../.nvmrc")
CACHE="${ORDERBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderbook-platform}"
log() { printf '[node] %s\n' "$*" >&2; }

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) log "unsupported OS $(uname -s)"; exit 1 ;; esac
case "$(uname -m)" in x86_64|amd64) arch=x64 ;; arm64|aarch64) arch=arm64 ;; *) log "unsupported CPU $(uname -m)"; exit 1 ;; esac
dir="$CACHE/node/$version-$os-$arch"

if [[ ! -x "$dir/bin/node" ]] || [[ "$("$dir/bin/node" --version)" != "v$version" ]]; then
  mkdir -p "$CACHE/node"
  exec 9>"$CACHE/node/.lock"
  flock 9
  if [[ ! -x "$dir/bin/node" ]]; then
    log "installing Node.js $version ($os-$arch) from the npm registry package node-$os-$arch@$version"
    tmp=$(mktemp -d "$CACHE/node/.tmp.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack --silent "node-$os-$arch@$version" >/dev/null)
    mkdir -p "$tmp/x" && tar -xzf "$tmp"/node-*.tgz -C "$tmp/x"
    [[ -x "$tmp/x/package/bin/node" ]] || { log "error: the package has no bin/node"; exit 1; }
    rm -rf "$dir" && mv "$tmp/x/package" "$dir"
    log "installed: $("$dir/bin/node" --version)"
  fi
fi

if [[ "${1:-}" == "--print-env" ]]; then
  echo "export PATH=\"$dir/bin:\$PATH\""
  # Native add-ons (node-gyp) compile against this Node's own headers, shipped in the package, instead of
  # downloading them from nodejs.org or using another Node's headers from a global npmrc.
  echo "export npm_config_nodedir=\"$dir\""
else
  echo "$dir/bin"
fi
