#!/usr/bin/env bash
# Runs every test of probatio on a fresh machine: formatting, lints, unit, integration and
# property tests, and the shared acceptance examples through the built binary.
# Installs what it needs (Rust components; python3 for the shared checker).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null 2>&1; then
  apt-get update && apt-get install -y python3
fi
# The documents' tests read the PDFs back with poppler's pdftotext and pdftoppm.
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  apt-get update && apt-get install -y poppler-utils
fi
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi
if [ ! -d ../shared/acceptance/agenda ]; then
  echo "scripts/test.sh: ../shared/acceptance/agenda is missing: the acceptance examples live beside the repository" >&2
  exit 1
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets -- -D warnings
echo "== PostgreSQL test cluster"
# shellcheck source=scripts/pg.sh
source scripts/pg.sh
echo "== tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
  cargo test --workspace --doc
else
  cargo test --workspace --no-fail-fast
fi
cargo build --release -p probatio
echo "== bench smoke run (figures: BENCHMARKS.md)"
target/release/probatio bench --cases 20000 >/dev/null
echo "== schemathesis against a live server"
./scripts/schemathesis.sh target/release/probatio
echo "== the officers' application in Debian's chromium (axe-core, screenshots)"
./scripts/browser.sh target/release/probatio
echo "== shared acceptance examples through the release binary"
python3 ../shared/acceptance/check-agenda.py target/release/probatio
