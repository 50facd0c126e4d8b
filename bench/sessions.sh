#!/usr/bin/env bash
# Prepares the Today benchmark: an officer account for each of the first N officers of a demo
# register (each sees their own caseload, about 60 cases), signed in against a running server;
# their session cookies go to OUT_DIR/sessions.txt, one a line, for bench/today.lua.
# Usage: bench/sessions.sh DATABASE_URL OUT_DIR BASE_URL [N]   (after bench/prepare.sh)
set -euo pipefail
DB=$1
OUT=$2
BASE=$3
N=${4:-200}
BIN=${BIN:-target/release/probatio}
PASSWORD="bench password 2026"
: >"$OUT/sessions.txt"
head -n "$N" "$OUT/officers.txt" | while read -r id kato; do
  echo "$PASSWORD" | "$BIN" user add --database-url "$DB" --login "bench-officer-$id" --name "Bench $id" \
    --role officer --service "$kato" --officer "$id" --password-stdin >/dev/null 2>&1 || true
  curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
    -d "{\"login\":\"bench-officer-$id\",\"password\":\"$PASSWORD\"}" "$BASE/api/session" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(probatio_session=[^;]*\).*/\1/p' >>"$OUT/sessions.txt"
done
wc -l "$OUT/sessions.txt"
