# Sourced by scripts/test.sh: starts a throw-away PostgreSQL 15 cluster in a temp dir, as an
# unprivileged user (PostgreSQL refuses to run as root), exports PROBATIO_TEST_PG_URL, and
# stops and removes it when the calling shell exits.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
if [ ! -x "$PGBIN/initdb" ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15
fi
PG_TMP=$(mktemp -d /tmp/probatio-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
  id probatio_pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin probatio_pg
  chown probatio_pg "$PG_TMP"
  pg_as() { su probatio_pg -s /bin/sh -c "$*"; }
else
  pg_as() { sh -c "$*"; }
fi
PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
pg_as "$PGBIN/initdb -D $PG_TMP/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$PG_TMP/initdb.log" 2>&1 \
  || { cat "$PG_TMP/initdb.log" >&2; exit 1; }
pg_as "$PGBIN/pg_ctl -D $PG_TMP/data -l $PG_TMP/server.log -w -o \"-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c max_connections=300\" start" >/dev/null \
  || { cat "$PG_TMP/server.log" >&2; exit 1; }
pg_stop() {
  pg_as "$PGBIN/pg_ctl -D $PG_TMP/data -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
}
trap pg_stop EXIT
export PROBATIO_TEST_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
export PROBATIO_REQUIRE_PG=1
echo "PostgreSQL 15 test cluster on 127.0.0.1:$PG_PORT ($PG_TMP)"
