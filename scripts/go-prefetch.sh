#!/usr/bin/env bash
# Downloads, without building, the Go sources and dependencies of every tool the tests build from the Go
# module proxy (the offline provider mirror, trivy, helm, actionlint, kwok, the test control plane, etcd),
# in the order the tests build them. Anything already built is skipped.
#
# TEST TOOLING. `scripts/test-all.sh` (npm test) starts it in the background at the beginning, at low CPU
# priority: on a cold machine each build otherwise spends about a minute waiting on downloads, which can
# instead overlap the type check, Jest and synth. Best effort: a failed prefetch only means the build
# downloads for itself, so this always exits 0. Safe beside a running build (the module cache locks).
#
# Usage: scripts/go-prefetch.sh
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command -v go >/dev/null || { echo "[go-prefetch] no Go on PATH; nothing to prefetch" >&2; exit 0; }
start=$(date +%s)
bash "$here/provider-mirror.sh" --prefetch
bash "$here/trivy.sh" --prefetch
for tool in actionlint helm kwok; do bash "$here/go-tool.sh" --prefetch "$tool" >/dev/null; done
bash "$here/k8s-testenv.sh" prefetch
echo "[go-prefetch] done in $(( $(date +%s) - start )) s" >&2
exit 0
