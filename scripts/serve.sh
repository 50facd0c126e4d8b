#!/usr/bin/env bash
# Serves probatio on SQLite with a demo register: builds the release binary, fills
# data/probatio.db with PROBATIO_DEMO_PERSONS synthetic persons (default 2000) the first time,
# and serves on PROBATIO_BIND (default 127.0.0.1:8080). API docs: http://127.0.0.1:8080/api/docs
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p probatio
DB=${PROBATIO_DATABASE_URL:-sqlite://data/probatio.db}
if [ ! -f data/probatio.db ] && [[ "$DB" == sqlite://data/probatio.db ]]; then
  target/release/probatio demo --persons "${PROBATIO_DEMO_PERSONS:-2000}" --database-url "$DB"
fi
exec target/release/probatio serve --database-url "$DB" --bind "${PROBATIO_BIND:-127.0.0.1:8080}"
