#!/usr/bin/env bash
# Prepares the API benchmarks on a demo register: a head-of-service API token for every
# service (requests then act as the head of the case's own service, so every answer is a real
# read, scoped and recorded in the access log), and the lists the wrk scripts pick from.
# Usage: bench/prepare.sh DATABASE_URL OUT_DIR   (sqlite://… or postgres://…)
set -euo pipefail
DB=$1
OUT=$2
BIN=${BIN:-target/release/probatio}
mkdir -p "$OUT"
query() {
  case "$DB" in
    sqlite://*) sqlite3 -separator ' ' "${DB#sqlite://}" "$1" ;;
    *) psql "$DB" -AtF ' ' -c "$1" ;;
  esac
}
: >"$OUT/tokens.txt"
for kato in $(query "SELECT kato FROM services ORDER BY id"); do
  secret=$("$BIN" token add --database-url "$DB" --name "bench $kato" --role head --service "$kato" \
    | sed -n 's/^secret.*: //p')
  echo "$kato $secret" >>"$OUT/tokens.txt"
done
query "SELECT c.id, s.kato FROM cases c JOIN services s ON s.id = c.service_id ORDER BY c.id" >"$OUT/cases.txt"
query "SELECT o.id, s.kato FROM officers o JOIN services s ON s.id = o.service_id ORDER BY o.id" >"$OUT/officers.txt"
wc -l "$OUT"/*.txt
