#!/usr/bin/env bash
# Installs Debian's chromium for the frontend's browser tests and Lighthouse, idempotently.
# Browsers' own downloads (Playwright's, Puppeteer's) are unreachable here, so the OS package is the one source.
# Prints the browser's path on stdout; everything else goes to stderr.
set -euo pipefail

CHROMIUM_BIN="${CHROME_PATH:-/usr/bin/chromium}"

if [[ -x "$CHROMIUM_BIN" ]]; then
  echo "$CHROMIUM_BIN"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: $CHROMIUM_BIN is missing and apt-get is not available; install Chromium and set CHROME_PATH" >&2
  exit 1
fi

SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi

echo "chromium.sh: installing Debian's chromium (apt-get)" >&2
# apt's own lock makes two concurrent runs wait for each other instead of corrupting state.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
  chromium fonts-dejavu-core >&2

if [[ ! -x "$CHROMIUM_BIN" ]]; then
  echo "chromium.sh: apt-get finished but $CHROMIUM_BIN is still missing" >&2
  exit 1
fi
echo "$CHROMIUM_BIN"
