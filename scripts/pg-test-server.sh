#!/bin/sh
# Start or stop a throwaway PostgreSQL for the tests, on a free loopback port.
#   eval "$(scripts/pg-test-server.sh start)"   sets VEGA_TEST_PG_URL and VEGA_TEST_PG_DIR
#   scripts/pg-test-server.sh stop              stops the one in $VEGA_TEST_PG_DIR
#   scripts/pg-test-server.sh halt|resume|restart   stop it keeping its data and port, start
#                                               it again, or both (fault tests: a database
#                                               outage); VEGA_TEST_PG_DIR names it
# Runs the server as the 'postgres' system user when invoked as root (PostgreSQL refuses
# to run as root).
set -eu
PGBIN=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -n 1)/bin
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-}" in
start)
    dir=$(mktemp -d /tmp/vega-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$PGBIN/initdb" -D "$dir/data" -U vega --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    echo "$port" >"$dir/port"
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-k $dir -h 127.0.0.1 -p $port -c max_connections=200 -c fsync=off" start >/dev/null
    as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U vega vega_test
    echo "VEGA_TEST_PG_URL=postgresql://vega@127.0.0.1:$port/vega_test; VEGA_TEST_PG_DIR=$dir; export VEGA_TEST_PG_URL VEGA_TEST_PG_DIR"
    ;;
halt)
    dir=${VEGA_TEST_PG_DIR:?}
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
resume)
    dir=${VEGA_TEST_PG_DIR:?}
    port=$(cat "$dir/port")
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-k $dir -h 127.0.0.1 -p $port -c max_connections=200 -c fsync=off" start >/dev/null
    ;;
restart)
    dir=${VEGA_TEST_PG_DIR:?}
    "$0" halt
    "$0" resume
    ;;
stop)
    dir=${VEGA_TEST_PG_DIR:?}
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop|halt|resume|restart" >&2
    exit 2
    ;;
esac
