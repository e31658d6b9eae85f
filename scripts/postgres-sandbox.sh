#!/usr/bin/env bash
# A throwaway PostgreSQL server for Quarry's tests, from Debian's `postgresql` package.
#
#   scripts/postgres-sandbox.sh start   # starts it; prints its URL (and only that) on stdout
#   scripts/postgres-sandbox.sh env     # prints `export QUARRY_TEST_POSTGRES_URL=...` for eval
#   scripts/postgres-sandbox.sh stop    # stops it and deletes everything it made; safe when none runs
#   scripts/postgres-sandbox.sh pause   # stops the server (fast shutdown), keeping its data and port
#   scripts/postgres-sandbox.sh resume  # starts a paused server again, on the same port
#
# pause and resume let a test take the server away mid-session and bring it back (tests/reliability/
# tst_serverloss.cpp runs its own sandbox for that, with its own QUARRY_PG_STATE).
#
# The server listens only on 127.0.0.1, on the first free port from 55432 upward, with password
# (SCRAM) authentication for the `quarry` superuser and a random password. Its data directory,
# unix socket and log live in a fresh `mktemp -d` directory. initdb refuses to run as root, so as
# root the server runs as the unprivileged `postgres` system user; otherwise as the current user.
#
# State (directory, port, password, URL) is kept in $QUARRY_PG_STATE
# (default: ${TMPDIR:-/tmp}/quarry-postgres.state). Progress and errors go to stderr.
set -euo pipefail

state_file=${QUARRY_PG_STATE:-${TMPDIR:-/tmp}/quarry-postgres.state}
# QUARRY_PG_FIRST_PORT moves the range, so that a sandbox that pauses does not find its port taken
# by the next `start` (of the shared server, or another test's) when it resumes.
first_port=${QUARRY_PG_FIRST_PORT:-55432}
last_port=$((first_port + 99))

say() { echo "postgres-sandbox: $*" >&2; }
die() {
    say "error: $*"
    exit 1
}

usage() {
    echo "usage: $0 start|stop|env|pause|resume" >&2
    exit 2
}

# Highest installed server version's bin directory.
find_bindir() {
    local v best=""
    for v in $(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V); do
        if [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && [ -x "/usr/lib/postgresql/$v/bin/initdb" ]; then
            best=/usr/lib/postgresql/$v/bin
        fi
    done
    [ -n "$best" ] || die "no PostgreSQL server under /usr/lib/postgresql (install Debian's 'postgresql' package, e.g. with scripts/install-deps.sh)"
    echo "$best"
}

# Runs a command as the server's owner ($run_as: empty = the current user), from $dir so that a
# working directory the owner cannot read (e.g. /root) does not matter.
as_owner() {
    if [ -n "$run_as" ]; then
        (cd "$dir" && runuser -u "$run_as" -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

port_in_use() {
    (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Reads the state file into the variables dir, port, password, url, bindir, run_as.
# Returns 1 when there is no (usable) state file.
read_state() {
    dir="" port="" password="" url="" bindir="" run_as=""
    [ -s "$state_file" ] || return 1
    local key value
    while IFS='=' read -r key value; do
        case $key in
            dir) dir=$value ;;
            port) port=$value ;;
            password) password=$value ;;
            url) url=$value ;;
            bindir) bindir=$value ;;
            run_as) run_as=$value ;;
        esac
    done <"$state_file"
    [ -n "$dir" ] && [ -n "$url" ] && [ -n "$bindir" ]
}

write_state() {
    local tmp
    tmp=$(mktemp "$state_file.XXXXXX")
    chmod 600 "$tmp"
    printf '%s=%s\n' dir "$dir" port "$port" password "$password" url "$url" \
        bindir "$bindir" run_as "$run_as" >"$tmp"
    mv -f "$tmp" "$state_file"
}

server_running() {
    [ -d "$dir/data" ] && [ -x "$bindir/pg_ctl" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

cmd_stop() {
    if ! read_state; then
        rm -f "$state_file"
        say "no sandbox recorded in $state_file; nothing to stop"
        return 0
    fi
    if [ -d "$dir" ]; then
        if server_running; then
            say "stopping the server on 127.0.0.1:$port"
            if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2; then
                say "fast shutdown failed; trying immediate shutdown"
                as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 || true
            fi
        fi
        # Last resort: a postmaster that pg_ctl could not stop.
        if [ -f "$dir/data/postmaster.pid" ]; then
            local pid
            pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
            if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/data"; then
                say "killing postmaster $pid"
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
        rm -rf "$dir"
    fi
    rm -f "$state_file"
    say "stopped and removed"
}

cmd_env() {
    read_state || die "no sandbox recorded in $state_file (run: $0 start)"
    server_running || die "the sandbox recorded in $state_file is not running (run: $0 stop; $0 start)"
    printf 'export QUARRY_TEST_POSTGRES_URL=%q\n' "$url"
}

# EXIT trap while starting: stop a server that may already run, remove the directory.
abandon_start() {
    if [ -d "$dir/data" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

# Starts the server of $dir on $port and waits until it accepts connections.
start_server() {
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server-$port.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/sock -c fsync=off" start >/dev/null 2>"$dir/pg_ctl.err"
}

# Fast shutdown: open connections are closed (clients see the server go away), the data stays.
cmd_pause() {
    read_state || die "no sandbox recorded in $state_file (run: $0 start)"
    if ! server_running; then
        say "the server on 127.0.0.1:$port is not running; nothing to pause"
        return 0
    fi
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>"$dir/pg_ctl.err" || {
        cat "$dir/pg_ctl.err" >&2
        die "the server did not stop"
    }
    say "paused the server on 127.0.0.1:$port (resume with: $0 resume)"
}

# The same port and password as before, so the clients' URL works again.
cmd_resume() {
    read_state || die "no sandbox recorded in $state_file (run: $0 start)"
    if server_running; then
        say "the server on 127.0.0.1:$port is already running"
        return 0
    fi
    start_server || {
        cat "$dir/pg_ctl.err" "$dir/server-$port.log" >&2 2>/dev/null || true
        die "the server did not start again on 127.0.0.1:$port"
    }
    say "resumed the server on 127.0.0.1:$port"
}

cmd_start() {
    if read_state; then
        if [ -d "$dir" ] && server_running; then
            say "already running on 127.0.0.1:$port (state: $state_file)"
            echo "$url"
            return 0
        fi
        say "removing the stale sandbox recorded in $state_file"
        cmd_stop
    fi

    bindir=$(find_bindir)
    run_as=""
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' system user to run the server as (install Debian's 'postgresql' package)"
        command -v runuser >/dev/null || die "running as root, but runuser (util-linux) is missing"
        run_as=postgres
    fi

    local parent=${TMPDIR:-/tmp}
    dir=$(mktemp -d "$parent/quarry-postgres.XXXXXX")
    if [ -n "$run_as" ]; then
        chown "$run_as:" "$dir"
        if ! runuser -u "$run_as" -- test -w "$dir" 2>/dev/null; then
            # The postgres user cannot reach $TMPDIR (e.g. under /root): use /tmp instead.
            rmdir "$dir"
            dir=$(mktemp -d /tmp/quarry-postgres.XXXXXX)
            chown "$run_as:" "$dir"
        fi
    fi
    # From here on, a failure (or Ctrl-C) removes the half-made sandbox.
    trap abandon_start EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    [ ${#password} -eq 32 ] || die "could not generate a password"
    (umask 077 && printf '%s\n' "$password" >"$dir/pwfile")
    mkdir -m 700 "$dir/sock"
    if [ -n "$run_as" ]; then
        chown "$run_as:" "$dir/pwfile" "$dir/sock"
    fi

    say "initdb with $bindir/initdb${run_as:+ as user $run_as} in $dir"
    if ! as_owner "$bindir/initdb" -D "$dir/data" --username=quarry --pwfile="$dir/pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --no-locale --no-sync \
        >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed"
    fi
    rm -f "$dir/pwfile"

    # Pick a free port; if another process takes it before the server binds it, try the next.
    port=$first_port
    while :; do
        while [ "$port" -le "$last_port" ] && port_in_use "$port"; do
            port=$((port + 1))
        done
        [ "$port" -le "$last_port" ] || die "no free port in $first_port-$last_port on 127.0.0.1"
        say "starting the server on 127.0.0.1:$port"
        if start_server; then
            break
        fi
        if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$dir/server-$port.log" 2>/dev/null; then
            say "port $port was taken meanwhile; trying the next one"
            port=$((port + 1))
            continue
        fi
        cat "$dir/pg_ctl.err" "$dir/server-$port.log" >&2 2>/dev/null || true
        die "the server did not start"
    done

    url="postgresql://quarry:$password@127.0.0.1:$port/postgres"
    write_state
    trap - EXIT INT TERM
    say "running on 127.0.0.1:$port, data in $dir (state: $state_file; stop with: $0 stop)"
    echo "$url"
}

[ $# -eq 1 ] || usage
case $1 in
    start) cmd_start ;;
    stop) cmd_stop ;;
    env) cmd_env ;;
    pause) cmd_pause ;;
    resume) cmd_resume ;;
    *) usage ;;
esac
