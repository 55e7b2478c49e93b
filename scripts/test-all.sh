#!/usr/bin/env bash
# `npm test`: every test of the project, in order of cost. Stops at the first failing step.
#   1. type check of the infra code   2. infra unit tests (Jest)   3. synth of every environment
#   4. terraform validate of every stack (builds the offline provider mirror on first run)
#   5. trivy scan of every stack (builds trivy on first run)   5b. actionlint on .github/workflows
#   5c. the app charts: helm lint, helm template, their contract and trivy's Kubernetes checks (builds helm
#       on first run)
#   6. every app workspace's own tests (they start the services they need)
#   7. `npm run prove`: every <env>-platform and <env>-apps stack applied to a real Kubernetes control plane on
#      loopback, both aws-*-infra to moto; empty re-plan, drift check, destroy; a server-side dry-run of every
#      chart (builds the control plane, kwok, etcd and the moto venv on first run)
#
# Two jobs run in the background at low CPU priority, because most of their time is spent waiting, not
# computing; their logs are printed when they are joined:
#   - from the start: scripts/go-prefetch.sh downloads the Go sources the builds of steps 4-7 need;
#   - from step 4 on: the aws-*-infra proofs on moto (`npm run prove:aws`; the provider's waiters sleep
#     through most of them), joined before step 7, whose table takes their rows. They start only after
#     validate: side by side with the Kubernetes layers of step 7, kwok's node heartbeats lapsed.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s  [%s UTC, %d s into npm test]\n' "$*" "$(date -u +%T)" "$SECONDS"; }

background_dir=$(mktemp -d "${TMPDIR:-/tmp}/orderbook-test-all.XXXXXX")
background_pids=()
# Each background job is its own process group (setsid), so a failing step stops it with all its children.
cleanup() {
  local pid
  for pid in "${background_pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
  rm -rf "$background_dir"
}
trap cleanup EXIT
in_background() { # in_background NAME COMMAND...: starts the job; its pid is in $last_pid
  setsid nice -n 10 "${@:2}" >"$background_dir/$1.log" 2>&1 </dev/null &
  last_pid=$!
  background_pids+=("$last_pid")
}
join() { # join NAME PID: waits for the job, prints its log; the job's exit status is returned
  local rc=0
  wait "$2" || rc=$?
  printf -- '--- %s (background job, exit %s):\n' "$1" "$rc"
  cat "$background_dir/$1.log"
  printf -- '--- end of %s\n' "$1"
  return "$rc"
}

in_background go-prefetch bash scripts/go-prefetch.sh
prefetch_pid=$last_pid

step "type check (tsc)"
npx tsc --noEmit -p tsconfig.json

step "infra unit tests (jest)"
npx jest --ci

step "synth every environment"
npm run --silent synth

step "terraform validate every stack"
npm run --silent validate

step "aws-*-infra on moto, in the background until step 7 (log: printed there)"
in_background prove-aws npx tsx scripts/lib/prove-aws.ts --concurrent --json "$background_dir/aws-infra.json"
aws_pid=$last_pid

step "security scan of every stack (trivy; fails on HIGH or CRITICAL)"
npm run --silent scan

step "GitHub workflows (actionlint)"
npm run --silent lint:workflows

step "app charts (helm lint, helm template, chart contract, trivy Kubernetes checks)"
npm run --silent lint:charts

if compgen -G "apps/*/package.json" >/dev/null; then
  step "app workspaces"
  npm test --workspaces --if-present
fi

step "prove: apply, empty re-plan, drift, destroy on a real API server and on moto (npm run prove)"
join go-prefetch "$prefetch_pid" || true # best effort: a build that found nothing prefetched downloaded itself
echo "waiting for the aws-*-infra proofs started after validate"
join prove-aws "$aws_pid" || true # a failed row fails the table below
npm run --silent prove -- --aws-infra-results "$background_dir/aws-infra.json"
