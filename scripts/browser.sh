#!/usr/bin/env bash
# The browser scenario of the officers' application (issue 5): Debian's chromium, driven by
# playwright-core from npm (no browser download), checks with axe-core from npm, over a server
# on a fresh SQLite register with demo data. Saves the screenshots under docs/screenshots/.
#   scripts/browser.sh [PROBATIO_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-target/release/probatio}
if [ ! -x /usr/bin/chromium ]; then
  apt-get update && apt-get install -y chromium fonts-dejavu-core
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update && apt-get install -y nodejs npm
fi
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
node tests/browser/scenario.mjs "$BIN"
