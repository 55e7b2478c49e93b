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
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "type check (tsc)"
npx tsc --noEmit -p tsconfig.json

step "infra unit tests (jest)"
npx jest --ci

step "synth every environment"
npm run --silent synth

step "terraform validate every stack"
npm run --silent validate

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
npm run --silent prove
