#!/bin/sh
# A throwaway PostgreSQL cluster for the tests (Debian's `postgresql` package).
#
#   scripts/postgres-test-cluster.sh start DIR   creates DIR, starts a cluster in it listening
#                                                only on 127.0.0.1 on a free port (trust auth on
#                                                loopback) and prints its URL, also kept in DIR/url
#   scripts/postgres-test-cluster.sh stop DIR    stops that cluster and removes DIR
#
# As root the cluster runs as the `postgres` OS user (PostgreSQL refuses to run as root).
# PG_BIN overrides the folder of initdb and pg_ctl (default: the newest /usr/lib/postgresql/*/bin).
# PG_FSYNC=on keeps fsync (the tests turn it off for speed; the benchmark keeps it).
set -eu

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command=$1
dir=$2

if [ -z "${PG_BIN:-}" ]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL server binaries not found (install the Debian package 'postgresql')" >&2
    exit 1
fi

# Runs a command as the cluster's owner.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "cd / && $*"
    else
        sh -c "$*"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "$command" in
start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || { echo "no 'postgres' OS user: install the 'postgresql' package" >&2; exit 1; }
        chown postgres: "$dir"
    fi
    as_owner "'$PG_BIN/initdb' --pgdata='$dir/data' --username=postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync" >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    tries=0
    while :; do
        port=$(free_port)
        if as_owner "'$PG_BIN/pg_ctl' --pgdata='$dir/data' --log='$dir/server.log' --wait --timeout=60 start \
            -o \"-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c fsync=${PG_FSYNC:-off} -c max_connections=200\"" \
            >"$dir/pg_ctl.log" 2>&1; then
            break
        fi
        tries=$((tries + 1))
        if [ $tries -ge 3 ]; then
            cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
            exit 1
        fi
    done
    url="postgres://postgres@127.0.0.1:$port/postgres"
    echo "$url" >"$dir/url"
    echo "$url"
    ;;
stop)
    [ -d "$dir" ] || exit 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "'$PG_BIN/pg_ctl' --pgdata='$dir/data' --mode=immediate --wait stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    usage
    ;;
esac
