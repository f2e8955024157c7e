#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for the team-state tests and for trying team state
# by hand.
#
#   scripts/postgres-fixture.sh start DIR   # prints and writes DIR/postgres.env
#   scripts/postgres-fixture.sh stop DIR
#
# A private cluster made with initdb in DIR/data and run with pg_ctl on a free port of 127.0.0.1
# (PG_PORT picks one), never the system's own PostgreSQL service. Password logins only
# (scram-sha-256) for the superuser "spotplay", whose password is random and written to
# DIR/postgres.env (0600; start prints it without the password) with the libpq variables a client needs:
# PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, and SPOTPLAY_TEST_PG_URL.
# PostgreSQL refuses to run as root: as root, the server runs as the "postgres" system user that
# Debian's package creates. If PostgreSQL is missing, Debian's postgresql package is installed
# with its service start blocked (policy-rc.d).
set -euo pipefail

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2

bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]] && echo "$d"
}

install_postgres() {
    bindir >/dev/null && return 0
    echo "postgres-fixture: PostgreSQL missing, installing Debian's postgresql" >&2
    local policy=/usr/sbin/policy-rc.d created_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"   # "do not start services": the fixture runs its own server
        chmod 755 "$policy"
        created_policy=1
    fi
    local rc=0
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql; } >&2 || rc=$?
    [[ $created_policy -eq 1 ]] && rm -f "$policy"
    [[ $rc -eq 0 ]] && bindir >/dev/null || { echo "postgres-fixture: could not install postgresql" >&2; exit 1; }
}

# Runs a PostgreSQL program as the server's user (argument arrays only, no shell text).
as_server() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

running() {
    [[ -f $dir/data/postmaster.pid ]] && as_server "$(bindir)/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

start() {
    install_postgres
    local bin
    bin=$(bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if running && [[ -f $dir/postgres.env ]]; then
        show
        return 0
    fi
    rm -rf "$dir/data" "$dir/socket"
    mkdir -p "$dir/data" "$dir/socket"
    chmod 700 "$dir/data"
    local password pwfile port
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    port=${PG_PORT:-$(free_port)}
    pwfile=$(mktemp)
    printf '%s\n' "$password" >"$pwfile"
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres "$dir/data" "$dir/socket" "$pwfile"
    fi
    as_server "$bin/initdb" -D "$dir/data" -U spotplay --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { rm -f "$pwfile"; echo "postgres-fixture: initdb failed; see $dir/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
    # Loopback only, its own socket folder, a port of its own.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
fsync = on
max_connections = 100
CONF
    if ! as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 start >"$dir/pg_ctl.log" 2>&1; then
        echo "postgres-fixture: the server did not start; see $dir/data/server.log" >&2
        cat "$dir/data/server.log" >&2 || true
        exit 1
    fi
    (umask 077
     {
        echo "PGHOST=127.0.0.1"
        echo "PGPORT=$port"
        echo "PGUSER=spotplay"
        echo "PGPASSWORD=$password"
        echo "PGDATABASE=postgres"
        echo "SPOTPLAY_TEST_PG_URL=postgresql://127.0.0.1:$port/postgres"
     } >"$dir/postgres.env")
    show
}

# What a client needs, less the password (it stays in the 0600 file).
show() {
    grep -v '^PGPASSWORD=' "$dir/postgres.env"
    echo "# PGPASSWORD: in $dir/postgres.env"
}

stop() {
    [[ -d $dir/data ]] || return 0
    local bin
    bin=$(bindir) || return 0
    if running; then
        as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
            || as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    rm -f "$dir/postgres.env"
}

case $cmd in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
