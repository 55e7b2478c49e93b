#!/usr/bin/env bash
# Builds our exchange-core driver (pom.xml + src/) into one jar, cached by the hash of its sources:
#   $CACHE/exchange-core-bench/<hash>/exchange-core-bench.jar
# Idempotent: a cached jar is reused. Prints the jar's path on stdout; progress goes to stderr.
# Maven's local repository is kept under the cache too ($CACHE/m2), so exchange-core 0.5.3 and its
# dependencies come from Maven Central once.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${ORDERBOOK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/orderbook-platform}"
die() { echo "exchange-core-bench: $*" >&2; exit 1; }

command -v mvn >/dev/null || die "mvn not found: Maven builds the exchange-core driver (apt-get install maven)"
command -v sha256sum >/dev/null || die "sha256sum not found"

hash="$(cd "$HERE" && find pom.xml src -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
out="$CACHE/exchange-core-bench/$hash"
jar="$out/exchange-core-bench.jar"
if [[ -f "$jar" ]]; then
  echo "$jar"
  exit 0
fi

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
if [[ -f "$jar" ]]; then echo "$jar"; exit 0; fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$HERE/pom.xml" "$HERE/src" "$work/"
echo "exchange-core-bench: building the driver with Maven (the first build also fetches exchange-core 0.5.3 and its dependencies) ..." >&2
start=$(date +%s)
# Peak memory via GNU time where it exists (0 elsewhere), recorded with the build time in build-stats.tsv.
measure=()
if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%M' true >/dev/null 2>&1; then measure=(/usr/bin/time -f '%M' -o "$out/.rss"); else echo 0 >"$out/.rss"; fi
if ! "${measure[@]}" mvn -B -q -Dmaven.repo.local="$CACHE/m2" -f "$work/pom.xml" package >"$out/mvn.log" 2>&1; then
  tail -n 30 "$out/mvn.log" >&2
  die "Maven build failed (full log: $out/mvn.log)"
fi
cp "$work/target/exchange-core-bench.jar" "$jar.tmp"
mv "$jar.tmp" "$jar"
stats="$CACHE/build-stats.tsv"
[[ -f "$stats" ]] || printf 'when\tartifact\tversion\tseconds\tpeak_rss_mib\n' >"$stats"
printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" exchange-core-bench "0.5.3-$hash" "$(( $(date +%s) - start ))" "$(( $(tail -n 1 "$out/.rss") / 1024 ))" >>"$stats"
echo "exchange-core-bench: built in $(( $(date +%s) - start )) s: $jar" >&2
echo "$jar"
