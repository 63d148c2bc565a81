#!/usr/bin/env bash
# Throw-away PostgreSQL and MariaDB servers for Interleave's integration tests.
#
#   scripts/test-servers.sh start DIR   # DIR: an (empty) directory, e.g. from mktemp -d
#   scripts/test-servers.sh stop DIR    # stops both servers and removes DIR
#
# `start` creates fresh clusters under DIR, listening only on 127.0.0.1 on free
# ports (probing upwards from 55432 / 53306), creates the login `interleave`
# and the database `interleave` owned by / granted to it on each, waits until
# both accept TCP logins and writes DIR/env.sh:
#
#   INTERLEAVE_TEST_PG_URL=postgresql://interleave@127.0.0.1:PORT/interleave
#   INTERLEAVE_TEST_MYSQL_URL=mysql://interleave@127.0.0.1:PORT/interleave
#   PGPASSWORD=PASSWORD  MYSQL_PWD=PASSWORD
#
# The password is made up at each start: `pw-leak-check-` and 24 random hex
# digits. It is unlike anything else a run prints (the user and the database
# are both `interleave`, which reports rightly show), so a test can search
# every output for it: a password that reaches a report, a file or the window
# is found, not mistaken for the user's name.
#
# As root (the normal case, CI), the servers run as the system users `postgres`
# and `mysql` through runuser; as any other user they run as that user. The
# system's own clusters (/var/lib/postgresql, /var/lib/mysql, systemd units)
# are never touched: every file lives under DIR and the servers read no system
# configuration files.
#
# Environment overrides: PG_BINDIR (default: newest /usr/lib/postgresql/*/bin),
# INTERLEAVE_PG_PORT_BASE (55432), INTERLEAVE_MYSQL_PORT_BASE (53306),
# INTERLEAVE_SERVER_TIMEOUT (seconds to wait for each server, 60).
set -euo pipefail

readonly MARKER=.interleave-test-servers
readonly TIMEOUT=${INTERLEAVE_SERVER_TIMEOUT:-60}
readonly DB_USER=interleave DB_NAME=interleave
DB_PASS=pw-leak-check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
readonly DB_PASS

log() { echo "test-servers: $*" >&2; }
die() {
    log "error: $*"
    exit 1
}

usage() {
    echo "usage: $0 start DIR | stop DIR" >&2
    exit 2
}

now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- users ----
if [[ $(id -u) -eq 0 ]]; then
    PG_OS_USER=postgres
    MY_OS_USER=mysql
    command -v runuser >/dev/null || die "runuser not found (package util-linux)"
    getent passwd "$PG_OS_USER" >/dev/null || die "system user '$PG_OS_USER' missing (is the postgresql package installed? run scripts/install-deps.sh)"
    getent passwd "$MY_OS_USER" >/dev/null || die "system user '$MY_OS_USER' missing (is mariadb-server installed? run scripts/install-deps.sh)"
    AS_PG=(runuser -u "$PG_OS_USER" --)
    AS_MY=(runuser -u "$MY_OS_USER" --)
else
    PG_OS_USER=$(id -un)
    MY_OS_USER=$PG_OS_USER
    AS_PG=()
    AS_MY=()
fi

# ------------------------------------------------------------- helpers ----
find_pg_bindir() {
    if [[ -n ${PG_BINDIR:-} ]]; then
        echo "$PG_BINDIR"
        return
    fi
    local d best=""
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb ]] && best=$d # glob sorts ascending; 15 < 16 < ...
    done
    [[ -n $best ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql (run scripts/install-deps.sh)"
    echo "$best"
}

port_in_use() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# Prints the first port >= $1 nobody listens on.
free_port() {
    local port
    for ((port = $1; port < $1 + 500; port++)); do
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "no free TCP port in $1..$(($1 + 499))"
}

show_log() {
    local f
    for f in "$@"; do
        if [[ -s $f ]]; then
            log "---- last lines of $f ----"
            tail -n 25 "$f" >&2
        fi
    done
}

# True while process $1 exists and is not a zombie (an exited server whose
# parent has not reaped it yet still answers kill -0).
alive() {
    local stat
    kill -0 "$1" 2>/dev/null || return 1
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0 # no /proc: trust kill -0
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

# Runs a command in DIR (the server users cannot enter the caller's cwd).
in_dir() { (cd "$DIR" && "$@"); }

# ---------------------------------------------------------- PostgreSQL ----
pg_start() {
    local bindir pgdir=$DIR/pg data=$DIR/pg/data sock=$DIR/pg/sock logf=$DIR/pg/server.log
    bindir=$(find_pg_bindir)
    mkdir -p "$pgdir" "$sock"
    if [[ $(id -u) -eq 0 ]]; then chown -R "$PG_OS_USER:" "$pgdir"; fi
    in_dir "${AS_PG[@]}" test -w "$pgdir" ||
        die "user '$PG_OS_USER' cannot write $pgdir: make every parent of DIR traversable (chmod o+x)"

    if ! in_dir "${AS_PG[@]}" "$bindir/initdb" -D "$data" -U postgres \
        --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync --no-instructions \
        >"$pgdir/initdb.log" 2>&1; then
        show_log "$pgdir/initdb.log"
        die "PostgreSQL initdb failed"
    fi

    # Only a unix socket inside DIR (usable by the server user alone, trusted
    # for the postgres superuser) plus 127.0.0.1 with password auth.
    cat >>"$data/postgresql.conf" <<CONF

# ---- interleave test server ----
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
CONF

    local base=${INTERLEAVE_PG_PORT_BASE:-55432} port attempt
    for ((attempt = 1; attempt <= 10; attempt++)); do
        port=$(free_port "$base")
        echo "port = $port" >>"$data/postgresql.conf" # the last setting wins
        if [[ -f $logf ]]; then : >"$logf"; fi # only this attempt's messages count
        if in_dir "${AS_PG[@]}" "$bindir/pg_ctl" start -D "$data" -l "$logf" -w -t "$TIMEOUT" -s \
            >>"$pgdir/pg_ctl.log" 2>&1; then
            PG_PORT=$port
            break
        fi
        if grep -qiE 'could not bind|address already in use' "$logf" 2>/dev/null; then
            log "PostgreSQL: port $port taken meanwhile, trying the next one"
            base=$((port + 1))
            continue
        fi
        show_log "$pgdir/pg_ctl.log" "$logf"
        die "PostgreSQL did not start (see $logf)"
    done
    [[ -n ${PG_PORT:-} ]] || {
        show_log "$logf"
        die "PostgreSQL: could not find a port to bind"
    }

    if ! in_dir "${AS_PG[@]}" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$sock" -p "$PG_PORT" -U postgres -d postgres \
        -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASS'" \
        -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >"$pgdir/setup.log" 2>&1; then
        show_log "$pgdir/setup.log" "$logf"
        die "PostgreSQL: creating role/database '$DB_USER' failed"
    fi
}

pg_stop() {
    local data=$DIR/pg/data pid bindir
    [[ -f $data/postmaster.pid ]] || return 0
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    bindir=$(find_pg_bindir)
    if ! in_dir "${AS_PG[@]}" "$bindir/pg_ctl" stop -D "$data" -m fast -w -t "$TIMEOUT" -s >/dev/null 2>&1; then
        if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then
            log "PostgreSQL did not stop in time; killing postmaster $pid"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
}

# ------------------------------------------------------------- MariaDB ----
my_find_server() {
    local b
    for b in mariadbd mysqld; do
        if command -v "$b" >/dev/null 2>&1; then
            command -v "$b"
            return
        fi
        [[ -x /usr/sbin/$b ]] && {
            echo "/usr/sbin/$b"
            return
        }
    done
    die "mariadbd not found (run scripts/install-deps.sh)"
}

# Runs SQL from stdin over the private socket (unix_socket auth as the server's OS user).
my_admin_sql() {
    in_dir "${AS_MY[@]}" mariadb --no-defaults --socket="$DIR/mysql/mysqld.sock" -u"$MY_OS_USER"
}

my_start() {
    local mydir=$DIR/mysql data=$DIR/mysql/data sock=$DIR/mysql/mysqld.sock
    local pidf=$DIR/mysql/mariadbd.pid errlog=$DIR/mysql/error.log server
    server=$(my_find_server)
    command -v mariadb-install-db >/dev/null || die "mariadb-install-db not found (run scripts/install-deps.sh)"
    mkdir -p "$mydir"
    if [[ $(id -u) -eq 0 ]]; then chown -R "$MY_OS_USER:" "$mydir"; fi
    in_dir "${AS_MY[@]}" test -w "$mydir" ||
        die "user '$MY_OS_USER' cannot write $mydir: make every parent of DIR traversable (chmod o+x)"

    # root@localhost authenticates by unix socket as the OS user running the
    # server; nothing but that user can reach the socket in any case.
    if ! in_dir "${AS_MY[@]}" mariadb-install-db --no-defaults --datadir="$data" \
        --auth-root-authentication-method=socket --auth-root-socket-user="$MY_OS_USER" \
        --skip-test-db --skip-name-resolve >"$mydir/install-db.log" 2>&1; then
        show_log "$mydir/install-db.log"
        die "MariaDB mariadb-install-db failed"
    fi

    local base=${INTERLEAVE_MYSQL_PORT_BASE:-53306} port attempt launcher ready deadline
    for ((attempt = 1; attempt <= 10; attempt++)); do
        port=$(free_port "$base")
        rm -f "$pidf"
        if [[ -f $errlog ]]; then : >"$errlog"; fi # only this attempt's messages count
        # setsid: own session, so a Ctrl-C in the caller's terminal reaches
        # only the caller (whose trap then stops the servers cleanly).
        setsid "${AS_MY[@]}" "$server" --no-defaults \
            --datadir="$data" --socket="$sock" --pid-file="$pidf" --log-error="$errlog" \
            --bind-address=127.0.0.1 --port="$port" --skip-name-resolve \
            --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
            --max-connections=200 --innodb-buffer-pool-size=64M \
            --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 --innodb-use-native-aio=0 \
            --skip-log-bin \
            </dev/null >>"$mydir/stdout.log" 2>&1 &
        launcher=$!
        echo "$launcher" >"$mydir/launcher.pid"

        ready=0
        deadline=$(($(date +%s) + TIMEOUT))
        while (($(date +%s) < deadline)); do
            if ! alive "$launcher"; then
                break # server exited
            fi
            if [[ -S $sock ]] && in_dir "${AS_MY[@]}" mariadb-admin --no-defaults --socket="$sock" \
                -uroot --connect-timeout=2 ping >/dev/null 2>&1; then
                ready=1
                break
            fi
            sleep 0.2
        done
        if ((ready)); then
            MY_PORT=$port
            break
        fi
        if ! alive "$launcher" &&
            grep -qiE 'address already in use|bind on tcp/ip port' "$errlog" 2>/dev/null; then
            log "MariaDB: port $port taken meanwhile, trying the next one"
            base=$((port + 1))
            continue
        fi
        show_log "$mydir/stdout.log" "$errlog"
        if alive "$launcher"; then
            die "MariaDB did not accept connections within ${TIMEOUT}s (see $errlog)"
        fi
        die "MariaDB did not start (see $errlog)"
    done
    [[ -n ${MY_PORT:-} ]] || {
        show_log "$errlog"
        die "MariaDB: could not find a port to bind"
    }

    # A throw-away server: the test login gets every privilege (the tests read
    # information_schema lock tables, KILL QUERY their own connections, may
    # create interleave_* scratch databases and logins of their own, such as one
    # limited to two connections).
    if ! my_admin_sql >"$mydir/setup.log" 2>&1 <<SQL; then
CREATE USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
CREATE USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$DB_USER'@'localhost' WITH GRANT OPTION;
CREATE DATABASE \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
SQL
        show_log "$mydir/setup.log" "$errlog"
        die "MariaDB: creating user/database '$DB_USER' failed"
    fi
}

my_stop() {
    local mydir=$DIR/mysql pid="" launcher="" i
    [[ -d $mydir ]] || return 0
    [[ -f $mydir/mariadbd.pid ]] && pid=$(cat "$mydir/mariadbd.pid" 2>/dev/null || true)
    [[ -f $mydir/launcher.pid ]] && launcher=$(cat "$mydir/launcher.pid" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] || pid=""
    [[ $launcher =~ ^[0-9]+$ ]] || launcher=""
    if [[ -z $pid && -n $launcher ]]; then
        # no pid file yet: the server is the launcher's child (runuser) or the launcher itself
        pid=$(pgrep -P "$launcher" 2>/dev/null | head -n 1 || true)
        [[ -n $pid ]] || pid=$launcher
    fi
    [[ -n $pid ]] || return 0
    alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true # mariadbd shuts down cleanly on SIGTERM
    for ((i = 0; i < TIMEOUT * 20; i++)); do
        alive "$pid" || break
        sleep 0.05
    done
    if alive "$pid"; then
        log "MariaDB did not stop in time; killing $pid"
        kill -KILL "$pid" 2>/dev/null || true
    fi
}

# ----------------------------------------------------------- commands ----
cmd_start() {
    local t0 t1 t2
    t0=$(now_ms)
    mkdir -p "$DIR"
    [[ -z $(ls -A "$DIR") ]] || die "$DIR is not empty"
    : >"$DIR/$MARKER"
    chmod 0755 "$DIR"

    # On any failure below: stop whatever was started, keep DIR (logs) for the
    # caller, who still runs `stop DIR`.
    trap 'rc=$?; if ((rc != 0)); then log "stopping what was started"; my_stop; pg_stop; fi' EXIT

    pg_start
    t1=$(now_ms)
    log "PostgreSQL $(basename "$(dirname "$(find_pg_bindir)")") up on 127.0.0.1:$PG_PORT ($((t1 - t0)) ms)"
    my_start
    t2=$(now_ms)
    log "MariaDB up on 127.0.0.1:$MY_PORT ($((t2 - t1)) ms)"

    # Final check: log in over TCP exactly as the tests will.
    PGPASSWORD=$DB_PASS "$(find_pg_bindir)/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" \
        -tAc 'SELECT 1' >/dev/null 2>"$DIR/pg/check.log" || {
        show_log "$DIR/pg/check.log"
        die "PostgreSQL: TCP login as $DB_USER failed"
    }
    MYSQL_PWD=$DB_PASS mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -u "$DB_USER" "$DB_NAME" \
        -e 'SELECT 1' >/dev/null 2>"$DIR/mysql/check.log" || {
        show_log "$DIR/mysql/check.log"
        die "MariaDB: TCP login as $DB_USER failed"
    }

    cat >"$DIR/env.sh" <<ENV
# written by scripts/test-servers.sh start; remove with: scripts/test-servers.sh stop $DIR
export INTERLEAVE_TEST_PG_URL=postgresql://$DB_USER@127.0.0.1:$PG_PORT/$DB_NAME
export INTERLEAVE_TEST_MYSQL_URL=mysql://$DB_USER@127.0.0.1:$MY_PORT/$DB_NAME
export PGPASSWORD=$DB_PASS
export MYSQL_PWD=$DB_PASS
export INTERLEAVE_TEST_SERVERS_DIR=$DIR
ENV
    trap - EXIT
    log "ready in $(($(now_ms) - t0)) ms; source $DIR/env.sh"
}

cmd_stop() {
    [[ -d $DIR ]] || {
        log "$DIR does not exist; nothing to stop"
        return 0
    }
    [[ -e $DIR/$MARKER ]] || die "$DIR was not made by '$0 start'; refusing to touch it"
    local t0
    t0=$(now_ms)
    my_stop
    pg_stop
    rm -rf -- "$DIR"
    log "stopped and removed $DIR ($(($(now_ms) - t0)) ms)"
}

(($# == 2)) || usage
[[ -n $2 ]] || usage
DIR=$(realpath -m -- "$2")
[[ $DIR != / ]] || die "refusing to use / as DIR"
case $1 in
start) cmd_start ;;
stop) cmd_stop ;;
*) usage ;;
esac
