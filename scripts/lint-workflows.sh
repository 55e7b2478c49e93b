#!/usr/bin/env bash
# `npm run lint:workflows`: actionlint (built once from the Go module proxy, cached) on .github/workflows.
# Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
actionlint=$(bash scripts/go-tool.sh actionlint)
files=(.github/workflows/*.yml)
echo "lint:workflows: $("$actionlint" -version | head -n 1), ${#files[@]} workflow file(s)"
"$actionlint" -no-color "${files[@]}"
echo "lint:workflows: no findings"
